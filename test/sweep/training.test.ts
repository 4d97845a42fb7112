/**
 * Training-backed points (the error objective): a point's network (hidden units applied) is trained on a tiny
 * MNIST subset — deterministic for its seed; a point that violates a hardware constraint is not trained
 * (HyperPower: hardware budgets never cost a training run).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluatePoint, inProcessBackend, newWarmState, runSweep, type PointTask } from '../../src/sweep/index.js';
import { spec, synthetic } from '../helpers/sweep.js';
import { pointPipeline, REAL_TRAINER, trainAndCompress, trainAndTest } from '../../src/sweep/training.js';
import type { Trainer } from '../../src/compress/index.js';
import { decodeArch } from '../../src/config/index.js';
import { ANY_DATAFLOW } from '../../src/mapping/index.js';
import { applyToNetwork } from '../../src/sweep/index.js';
import { ZOO } from '../../src/workload/index.js';

const now = (): number => performance.now();

const archDoc = parse(readFileSync(resolve(__dirname, '../../configs/eyeriss.yaml'), 'utf8'));
const task = (h1: number, hwLimits: PointTask['hwLimits'] = []): PointTask => ({
  id: 'x',
  index: 0,
  params: { h1, lr: 0.003 },
  archDoc,
  network: { zoo: 'mnist-mlp' },
  batch: 1,
  dataflow: null,
  mapper: { strategy: 'heuristic', objective: 'energy', seed: 1, warmStart: false, samples: 30, climbs: 2 },
  targets: [
    { name: 'h1', path: 'net.layers.fc1.outFeatures', scale: 1 },
    { name: 'lr', path: 'train.learningRate', scale: 1 },
  ],
  training: { epochs: 1, trainLimit: 400, testLimit: 200, seed: 3, optimizer: 'adam', pruneSteps: 1, retrainEpochs: 1 },
  hwLimits,
});

describe('training-backed points', () => {
  it('trains the point network: an error in (0, 0.9), the same for the same seed; hardware metrics too', () => {
    const a = evaluatePoint(task(32), newWarmState(), now, trainAndTest);
    const b = evaluatePoint(task(32), newWarmState(), now, trainAndTest);
    expect(a.status).toBe('ok');
    if (a.status !== 'ok' || b.status !== 'ok') return;
    expect(a.metrics.error).toBeGreaterThan(0);
    expect(a.metrics.error).toBeLessThan(0.9);
    expect(a.metrics.accuracy).toBeCloseTo(1 - a.metrics.error!, 12);
    expect(b.metrics.error).toBe(a.metrics.error);
    expect(a.metrics.energy).toBeGreaterThan(0);
    // fc1 is 784 → 32 (16-bit weights) instead of 784 → 256.
    expect(a.metrics.weightMemoryBits).toBe((784 * 32 + 32 * 256 + 256 * 256 + 256 * 10) * 16);
  });
  it('a point over a hardware budget is not trained', () => {
    const r = evaluatePoint(task(32, [{ metric: 'weightMemoryBits', max: 1000 }]), newWarmState(), now, trainAndTest);
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.metrics.error).toBeUndefined();
    expect(r.metrics.trainingSkipped).toMatch(/^weightMemoryBits > 1000: not trained/);
  });
  const training = { epochs: 1, trainLimit: 120, testLimit: 60, seed: 2, optimizer: 'adam' as const, pruneSteps: 2, retrainEpochs: 1, equalizeEpochs: true };
  const retrain = { epochs: 1, optimizer: 'adam' as const, learningRate: 0.001, batchSize: 32 };
  const withDesign = (zoo: string, values: Record<string, number>) => {
    const r = applyToNetwork(ZOO[zoo]!({ batch: 1 }), Object.keys(values).map((k) => ({ name: k, path: k === 'd' ? 'net.density.weights' : 'net.bits.weights', scale: 1 })), values);
    if (!r.ok) throw new Error(r.error);
    return r.net;
  };
  it("a point's weight density and bits become the compression pipeline's magnitude-prune and quantize stages", () => {
    expect(pointPipeline(withDesign('lenet5', { d: 0.3, b: 6 }), training, retrain)).toEqual({
      ok: true,
      pipeline: {
        name: 'lenet5-point',
        source: 'sweep point (density, bits)',
        seed: 2,
        stages: [
          { stage: 'magnitude-prune', targetSparsity: 0.7, steps: 2, accuracyDrop: 100, retrain },
          { stage: 'quantize', weights: true, activations: false, minBits: 6, maxBits: 6, accuracyDrop: 100, retrain },
        ],
      },
    });
    expect(pointPipeline(withDesign('lenet5', { d: 1, b: 16 }), training, retrain)).toEqual({ ok: true, pipeline: null });
    // Per-layer values cannot go through the pipeline (it treats all MAC layers together).
    const r = applyToNetwork(ZOO['lenet5']!({ batch: 1 }), [{ name: 'b', path: 'net.layers.f6.bits.weights', scale: 1 }], { b: 6 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(pointPipeline(r.net, training, retrain)).toEqual({ ok: false, error: 'the compression pipeline quantizes all MAC layers together: per-layer weight bits (16, 6) cannot be trained' });
    // LeNet-5's own C3 connection table (density 0.625): its overall density is below 1, but a trained model
    // already has exactly that many weights, so nothing is pruned.
    const lenet = ZOO['lenet5']!({ batch: 1 });
    const n = [150, 2400, 48000, 10080, 840];
    const d = (150 + 0.625 * 2400 + 48000 + 10080 + 840) / n.reduce((a, b) => a + b, 0);
    expect(pointPipeline(lenet, training, retrain, d)).toEqual({ ok: true, pipeline: null });
    expect(pointPipeline(lenet, training, retrain)).toMatchObject({ ok: true, pipeline: { stages: [{ stage: 'magnitude-prune', targetSparsity: 1 - d }] } });
  });
  it('pruned and dense points train the same number of epochs; the pipeline reaches the density and the bits', () => {
    const archDocNoDf = { ...archDoc, dataflows: undefined };
    delete (archDocNoDf as Record<string, unknown>)['dataflows'];
    const arch = decodeArch(archDocNoDf);
    expect(arch._tag).toBe('Right');
    if (arch._tag !== 'Right') return;
    const target = { arch: arch.right, dataflow: ANY_DATAFLOW };
    const counting = (): { trainer: Trainer; epochs: () => number } => {
      let n = 0;
      return { trainer: { ...REAL_TRAINER, train: (net, m, d, o) => ((n += o.epochs ?? 0), REAL_TRAINER.train(net, m, d, o)) }, epochs: () => n };
    };
    const dense = counting();
    const a = trainAndCompress(withDesign('mnist-mlp', { d: 1, b: 16 }), training, {}, target, dense.trainer);
    const pruned = counting();
    const b = trainAndCompress(withDesign('mnist-mlp', { d: 0.25, b: 6 }), training, {}, target, pruned.trainer);
    // 1 epoch of training + pruneSteps (2) × retrainEpochs (1) for both.
    expect(dense.epochs()).toBe(3);
    expect(pruned.epochs()).toBe(3);
    // A sweep that does not vary the density (equalizeEpochs off) trains its dense points `epochs` only.
    const plain = counting();
    trainAndCompress(withDesign('mnist-mlp', { d: 1, b: 16 }), { ...training, equalizeEpochs: false }, {}, target, plain.trainer);
    expect(plain.epochs()).toBe(1);
    expect(a.stages).toEqual([]);
    expect(b.stages).toEqual(['magnitude-prune', 'quantize']);
    const n = b.model.layers.reduce((s, l) => s + l.mask.length, 0);
    const kept = b.model.layers.reduce((s, l) => s + l.mask.reduce((x: number, m: number) => x + m, 0), 0);
    expect(kept).toBe(n - Math.ceil(0.75 * n - 1e-9));
    expect(b.quantize).toBe(true);
    for (const l of b.model.layers) {
      const f = b.model.quant?.[l.name]?.weights;
      expect(f && 1 + f.intBits + f.fracBits).toBe(6);
    }
    expect(a.accuracy).toBeGreaterThan(0.2);
    expect(b.accuracy).toBeGreaterThan(0.1);
  });
  it('the runner asks for equal epochs exactly when the sweep varies the weight density', async () => {
    const seen = async (path: string): Promise<ReadonlyArray<boolean | undefined>> => {
      const tasks: PointTask[] = [];
      const s = spec({
        name: 'eq',
        base: { arch: 'x.yaml', network: 'mnist-mlp' },
        parameters: [{ name: 'x', path, values: path === 'net.density.weights' ? [0.5, 1] : [0.001, 0.002] }],
        objectives: ['error'],
        training: { epochs: 1, trainLimit: 10, testLimit: 10 },
        method: 'grid',
        budget: 2,
      });
      const backend = inProcessBackend((t) => (tasks.push(t), synthetic(t)));
      await runSweep(s, { archDoc, network: { zoo: 'mnist-mlp' } }, { outDir: mkdtempSync(join(tmpdir(), 'codesim-eq-')), resume: false, pointTimeoutS: null, backend });
      return tasks.map((t) => t.training?.equalizeEpochs);
    };
    expect(await seen('net.density.weights')).toEqual([true, true]);
    expect(await seen('train.learningRate')).toEqual([false, false]);
  });
});
