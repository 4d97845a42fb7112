/**
 * Training-backed points (the error objective): a point's network (hidden units applied) is trained on a tiny
 * MNIST subset — deterministic for its seed; a point that violates a hardware constraint is not trained
 * (HyperPower: hardware budgets never cost a training run).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluatePoint, newWarmState, type PointTask } from '../../src/sweep/index.js';
import { pruneToDensity, trainAndTest, weightFormats } from '../../src/sweep/training.js';
import { initModel } from '../../src/train/index.js';
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
  training: { epochs: 1, trainLimit: 400, testLimit: 200, seed: 3, optimizer: 'adam' },
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
  it('pruning keeps exactly the ⌈n·density⌉ largest-magnitude weights of each layer; quantization formats cover the largest weight', () => {
    const base = ZOO['lenet5']!({ batch: 1 });
    const r = applyToNetwork(base, [{ name: 'd', path: 'net.density.weights', scale: 1 }, { name: 'b', path: 'net.layers.f6.bits.weights', scale: 1 }], { d: 0.3, b: 6 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const model = initModel(r.net, 5);
    const p = pruneToDensity(r.net, model);
    for (const [k, l] of p.layers.entries()) {
      const n = l.weights.length;
      const kept = l.mask.reduce((a, m) => a + m, 0);
      expect(kept).toBe(Math.ceil(n * 0.3));
      const keptMin = Math.min(...Array.from(l.weights).filter((_, i) => l.mask[i] === 1).map(Math.abs));
      const droppedMax = Math.max(0, ...Array.from(model.layers[k]!.weights).filter((_, i) => l.mask[i] === 0 && model.layers[k]!.mask[i] === 1).map(Math.abs));
      expect(keptMin).toBeGreaterThanOrEqual(droppedMax);
      for (let i = 0; i < n; i++) if (l.mask[i] === 0) expect(l.weights[i]).toBe(0);
    }
    expect(pruneToDensity(base, model)).toBe(model);
    const q = weightFormats(r.net, model);
    expect(Object.keys(q ?? {})).toEqual(['f6']);
    const f = q!['f6']!.weights;
    expect(1 + f.intBits + f.fracBits).toBe(6);
    const max = Math.max(...Array.from(model.layers.find((l) => l.name === 'f6')!.weights).map(Math.abs));
    expect(2 ** f.intBits).toBeGreaterThanOrEqual(max);
  });
});
