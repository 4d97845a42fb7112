/**
 * The trainer: learning on real digits (a tiny subset), seed determinism (same seed → identical bytes),
 * masks (fast-check: pruned weights stay exactly 0 after any number of steps, with either optimizer), and
 * LeNet-5's fixed C3 connection table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/index.js';
import { encodeModel, evaluateModel, initModel, LENET5_C3_TABLE, loadMnist, subset, trainModel } from '../../src/train/index.js';
import type { TrainedModel } from '../../src/train/index.js';
import { LENET5_C3_CONNECTED, lenet5, mnistMlp } from '../../src/workload/zoo/index.js';
import { randomData, tinyConvNet } from './tiny.js';

describe('trainModel', () => {
  const split = loadMnist();
  it('learns: the MLP on 1,000 real digits, 3 epochs, beats 80% on 500 held-out digits', () => {
    const net = mnistMlp({ batch: 1 });
    const losses: number[] = [];
    const m = trainModel(net, initModel(net, 1), subset(split.train, 1000), { epochs: 3, seed: 1 }, (_, l) => losses.push(l));
    expect(losses).toHaveLength(3);
    expect(losses[2]!).toBeLessThan(losses[0]!);
    expect(evaluateModel(net, m, subset(split.test, 500)).accuracy).toBeGreaterThan(0.8);
    expect(m.meta).toEqual({ seed: 1, epochs: 3 });
  });
  it('same seed → bit-identical weights (model file bytes); another seed → different', () => {
    const net = lenet5({ batch: 1 });
    const data = subset(split.train, 48);
    const run = (seed: number, optimizer: 'sgd' | 'adam'): string =>
      encodeModel(trainModel(net, initModel(net, seed), data, { epochs: 1, seed, batchSize: 16, optimizer }));
    expect(run(5, 'adam')).toBe(run(5, 'adam'));
    expect(run(5, 'sgd')).toBe(run(5, 'sgd'));
    expect(run(6, 'adam')).not.toBe(run(5, 'adam'));
  });
  it("LeNet-5's C3 follows LeCun 1998 Table I: weight density exactly 60/96 after training", () => {
    const net = lenet5({ batch: 1 });
    expect(LENET5_C3_TABLE.flat()).toHaveLength(60);
    const m = trainModel(net, initModel(net, 2), subset(split.train, 64), { epochs: 1, seed: 2 });
    const c3 = m.layers.find((l) => l.name === 'c3')!;
    const kept = c3.mask.reduce((a, v) => a + v, 0);
    expect(kept / c3.mask.length).toBe(LENET5_C3_CONNECTED);
    const nonZero = c3.weights.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
    expect(nonZero).toBe(kept);
    // map pair (input 3, output 0) is not connected; (0, 0) is
    expect(c3.mask[(0 * 6 + 3) * 25]).toBe(0);
    expect(c3.mask[(0 * 6 + 0) * 25]).toBe(1);
  });
  it('property: masked weights stay exactly 0 after any number of steps (SGD, Adam, weight decay)', () => {
    const net = tinyConvNet();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<'sgd' | 'adam'>('sgd', 'adam'), fc.constantFrom(0, 1e-3), fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        (seed, epochs, batchSize, optimizer, weightDecay, keep) => {
          const base = initModel(net, seed);
          const rng = makeRng(seed + 1);
          // random masks; masked weights deliberately NOT zeroed: the trainer must zero them
          const pruned: TrainedModel = { ...base, layers: base.layers.map((l) => ({ ...l, mask: l.mask.map(() => (rng.next() < keep ? 1 : 0)) })) };
          const m = trainModel(net, pruned, randomData(seed, 7, 7, 7, 3), { epochs, seed, batchSize, optimizer, weightDecay, learningRate: 0.05 });
          m.layers.forEach((l, i) => {
            expect(l.mask).toEqual(pruned.layers[i]!.mask);
            l.weights.forEach((w, j) => {
              if (l.mask[j] === 0) expect(Object.is(w, 0), `${l.name}[${j}] = ${w}`).toBe(true);
            });
          });
          // training did happen (the classifier's biases always receive a gradient)
          expect(m.layers.some((l, i) => l.bias.some((b, j) => b !== pruned.layers[i]!.bias[j])), 'parameters move').toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
