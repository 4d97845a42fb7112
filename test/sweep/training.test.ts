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
import { trainAndTest } from '../../src/sweep/training.js';

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
});
