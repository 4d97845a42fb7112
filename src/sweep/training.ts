/**
 * The training-backed part of a point's evaluation (the `error` objective, `accuracy` / `error` constraints):
 * train the point's network (hidden units, width, … already applied) from a seeded initialization on the first
 * `trainLimit` digits of the deterministic MNIST train split, and measure the error on the first `testLimit`
 * held-out digits. Uses the `train` module (MNIST loaded once per worker thread and cached there).
 */
import { evaluateModel, initModel, loadMnist, subset, trainModel } from '../train/index.js';
import type { Network } from '../workload/index.js';

export interface TrainingTask {
  readonly epochs: number;
  readonly trainLimit: number;
  readonly testLimit: number;
  readonly seed: number;
  readonly optimizer: 'adam' | 'sgd';
  readonly learningRate?: number;
  readonly batchSize?: number;
  readonly weightDecay?: number;
}

export interface TrainingResult {
  readonly accuracy: number;
  readonly error: number;
  readonly trainSeconds: number;
}

/** Train and test `net`; `overrides` are the point's `train.*` values (by name). `now` times the training. */
export const trainAndTest = (net: Network, t: TrainingTask, overrides: Readonly<Record<string, number | string>>, now: () => number): TrainingResult => {
  const num = (k: string): number | undefined => (typeof overrides[k] === 'number' ? (overrides[k] as number) : undefined);
  const opt = overrides['optimizer'];
  const epochs = Math.max(1, Math.round(num('epochs') ?? t.epochs));
  const learningRate = num('learningRate') ?? t.learningRate;
  const batchSize = num('batchSize') !== undefined ? Math.max(1, Math.round(num('batchSize')!)) : t.batchSize;
  const weightDecay = num('weightDecay') ?? t.weightDecay;
  const t0 = now();
  const split = loadMnist();
  const train = subset(split.train, t.trainLimit);
  const test = subset(split.test, t.testLimit);
  const model = trainModel(net, initModel(net, t.seed), train, {
    epochs,
    seed: t.seed,
    optimizer: opt === 'sgd' || opt === 'adam' ? opt : t.optimizer,
    ...(learningRate !== undefined ? { learningRate } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(weightDecay !== undefined ? { weightDecay } : {}),
  });
  const r = evaluateModel(net, model, test);
  return { accuracy: r.accuracy, error: 1 - r.accuracy, trainSeconds: (now() - t0) / 1000 };
};
