/**
 * The pruning methods on a tiny network with a fake trainer (see helpers.ts): every method never raises any
 * layer's density and meets its target when the budget allows; Han's threshold = quality × std; the
 * energy-aware method takes layers in the model's energy order; the least-squares refit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialState, estimateState } from '../../src/compress/context.js';
import { energyOrder } from '../../src/compress/energy.js';
import { keptStd, pruneBelow, pruneByQuality, totalWeights, weightDensity, weightsKept } from '../../src/compress/model.js';
import { prune as pruneE, PRUNE_METHODS, type PruneRun, type PruneSettings } from '../../src/compress/prune.js';
import { refitLayer } from '../../src/compress/refit.js';
import type { LayerParams } from '../../src/train/index.js';
import { randomModel, right, tinyContext } from './helpers.js';

/** The pruning run (these contexts always map: a Left fails the test). */
const prune = (...a: Parameters<typeof pruneE>): PruneRun => right(pruneE(...a));

const settings = (targetSparsity: number, accuracyDrop = 100): PruneSettings => ({
  targetSparsity, accuracyDrop, retrain: { epochs: 1, optimizer: 'adam', learningRate: 0.001, batchSize: 8 }, steps: 3, step: 0.4, maxRounds: 200, refitSamples: 32,
});

describe('pruning primitives', () => {
  it('pruneBelow removes exactly the kept weights under the threshold and keeps masks and zeros consistent', () => {
    const l: LayerParams = { name: 'x', kind: 'fc', weightShape: [1, 5], weights: Float32Array.from([0.1, -0.5, 0.2, 0, 0.9]), bias: new Float32Array(1), mask: Uint8Array.from([1, 1, 1, 0, 1]) };
    const p = pruneBelow(l, 0.25);
    expect([...p.mask]).toEqual([0, 1, 0, 0, 1]);
    expect([...p.weights]).toEqual([0, -0.5, 0, 0, Math.fround(0.9)]);
    expect(weightDensity(p)).toBe(0.4);
    expect(l.mask[0]).toBe(1); // input untouched
  });
  it("Han's quality parameter: q = the largest |w| / std pruned; the layer threshold is q · std", () => {
    const l: LayerParams = { name: 'x', kind: 'fc', weightShape: [1, 4], weights: Float32Array.from([1, -1, 3, -3]), bias: new Float32Array(1), mask: new Uint8Array(4).fill(1) };
    const m = { ...randomModel(1), layers: [l] };
    expect(keptStd(l)).toBeCloseTo(Math.sqrt(5), 6); // mean 0, E[w²] = 5
    const r = pruneByQuality(m, 2);
    expect(r.quality).toBeCloseTo(1 / Math.sqrt(5), 6);
    expect([...r.model.layers[0]!.mask]).toEqual([0, 0, 1, 1]);
  });
  it('a layer never loses its last weight', () => {
    const m = randomModel(3);
    const r = pruneByQuality(m, totalWeights(m));
    for (const l of r.model.layers) expect(weightDensity(l)).toBeGreaterThan(0);
  });
});

describe('pruning methods (fast-check)', () => {
  it.each(PRUNE_METHODS)('%s never raises a layer density and meets its target', (method) => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 0.85, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }), (seed, target, pre) => {
      const m = randomModel(seed, pre);
      const ctx = tinyContext(m);
      const r = prune(ctx, initialState(m), method, settings(target));
      r.model.layers.forEach((l, i) => {
        expect(weightDensity(l)).toBeLessThanOrEqual(weightDensity(m.layers[i]!));
        for (let j = 0; j < l.mask.length; j++) if (m.layers[i]!.mask[j] === 0) expect(l.mask[j]).toBe(0);
      });
      const floorTarget = Math.max(target, 1 - weightsKept(m));
      expect(1 - weightsKept(r.model)).toBeGreaterThanOrEqual(floorTarget - 1e-9);
      expect(r.stoppedBy).toBe('target');
    }), { numRuns: 12 });
  });
  it.each(PRUNE_METHODS)('%s stops where the budget would break and never returns a model below the floor', (method) => {
    const m = randomModel(7);
    const ctx = tinyContext(m);
    const r = prune(ctx, initialState(m), method, settings(0.9, 10));
    expect(r.stoppedBy).not.toBe('target');
    expect(ctx.trainer.evaluate(ctx.net, r.model, ctx.data.validation).accuracy).toBeGreaterThanOrEqual(r.floor);
    for (const p of r.points) expect(p.validationAccuracy).toBeGreaterThanOrEqual(r.floor);
  });
  it("energy-aware takes layers in the model's energy order, re-estimated every round", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
      const m = randomModel(seed);
      const ctx = tinyContext(m);
      const state = initialState(m);
      const r = prune(ctx, state, 'energy-aware', { ...settings(0.8, 12), maxRounds: 12 });
      let model = m;
      r.rounds.forEach((round, i) => {
        expect(round.order).toEqual(energyOrder(right(estimateState(ctx, { ...state, model }))));
        // the layers tried are the round's order without the layers already found done
        const triedNames = round.tried.map((t) => t.layer);
        expect(triedNames).toEqual(round.order.filter((n) => triedNames.includes(n)));
        if (i < r.points.length) model = r.points[i]!.model;
      });
    }), { numRuns: 8 });
  });
  it('flops takes the layer with the most remaining MACs first', () => {
    const m = randomModel(5);
    const r = prune(tinyContext(m), initialState(m), 'flops', { ...settings(0.3), maxRounds: 1 });
    expect(r.rounds[0]!.order).toEqual(['a', 'b', 'c']); // 192, 96, 32 MACs
    expect(r.points[0]!.layer).toBe('a');
  });
});

describe('least-squares refit', () => {
  it('recovers the exact weights of a linear layer from its outputs when nothing is pruned', () => {
    const m = randomModel(11);
    const ctx = tinyContext(m);
    const act = ctx.trainer.activations(ctx.net, m, ctx.data.train, 'b', 64);
    const l = m.layers[1]!;
    const start = { ...l, weights: new Float32Array(l.weights.length).fill(0.01), bias: new Float32Array(l.bias.length).fill(0.5) };
    const r = refitLayer(start, act);
    for (let i = 0; i < l.weights.length; i++) expect(r.weights[i]).toBeCloseTo(l.weights[i]!, 2);
    for (let i = 0; i < l.bias.length; i++) expect(r.bias[i]).toBeCloseTo(0, 2);
  });
  it('after pruning, the refit never moves outputs farther from the unpruned ones and keeps pruned weights at 0', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), (seed) => {
      const m = randomModel(seed);
      const ctx = tinyContext(m);
      const act = ctx.trainer.activations(ctx.net, m, ctx.data.train, 'a', 48);
      const pruned = pruneBelow(m.layers[0]!, 0.3);
      const refit = refitLayer(pruned, act);
      const err = (l: LayerParams): number => {
        let e = 0;
        for (let r = 0; r < act.rows; r++) for (let k = 0; k < 12; k++) {
          let s = l.bias[k]!;
          for (let c = 0; c < 16; c++) s += act.inputs[r * 16 + c]! * l.weights[k * 16 + c]!;
          e += (s - act.outputs[r * 12 + k]!) ** 2;
        }
        return e;
      };
      expect(err(refit)).toBeLessThanOrEqual(err(pruned) * (1 + 1e-6) + 1e-9);
      for (let i = 0; i < pruned.mask.length; i++) if (pruned.mask[i] === 0) expect(refit.weights[i]).toBe(0);
    }), { numRuns: 20 });
  });
});
