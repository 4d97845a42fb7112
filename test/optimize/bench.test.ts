import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { evalsToTarget, quantile, runBench } from '../../src/optimize/bench.js';
import { branin, braninValue } from '../../src/optimize/testFunctions/branin.js';
import { gramacy } from '../../src/optimize/testFunctions/gramacy.js';
import { hartmann6, hartmann6Value } from '../../src/optimize/testFunctions/hartmann6.js';
import { zdt1, zdt1Value } from '../../src/optimize/testFunctions/zdt1.js';
import { hypervolume } from '../../src/optimize/multi/hypervolume.js';

/** A fake clock advancing 1 ms per reading. */
const fakeClock = () => {
  let t = 0;
  return () => (t += 1);
};

describe('test problems', () => {
  it('have their documented optima', () => {
    expect(braninValue(Math.PI, 2.275)).toBeCloseTo(0.397887, 6);
    expect(braninValue(-Math.PI, 12.275)).toBeCloseTo(0.397887, 6);
    expect(hartmann6Value([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573])).toBeCloseTo(-3.32237, 5);
    const [x1, x2] = [0.195123, 0.404665052];
    expect(gramacy.evaluate({ x1, x2 }).constraints!.every((c) => c <= 1e-8)).toBe(true);
    expect(x1 + x2).toBeCloseTo(gramacy.optimum!, 5);
    expect(zdt1Value([0.25, 0, 0, 0, 0, 0])).toEqual([0.25, 0.5]);
    expect(hartmann6.space.dims).toBe(6);
  });
  it('ZDT1: the stated maximum hypervolume is that of a dense sampling of the true front f₂ = 1 − √f₁', () => {
    // n + 1 front points dominate a staircase under the front; it misses at most Σ Δf₁ · Δf₂ ≤ (1/n) · 1 of the
    // area, so HV(sample) ≤ HV(front) ≤ HV(sample) + 1/n.
    const n = 20_000;
    const front = Array.from({ length: n + 1 }, (_, i) => [i / n, 1 - Math.sqrt(i / n)]);
    const sampled = hypervolume(front, zdt1.referencePoint!);
    expect(zdt1.maxHypervolume!).toBeGreaterThanOrEqual(sampled);
    expect(zdt1.maxHypervolume! - sampled).toBeLessThanOrEqual(1 / n);
    // and no point of the problem does better: the front is x₂…x₆ = 0
    expect(hypervolume([...front, zdt1Value([0.3, 0.1, 0, 0, 0, 0])], zdt1.referencePoint!)).toBe(sampled);
  });
});

describe('bench runner', () => {
  it('computes per-seed regret traces, quartiles and time per suggestion with an injected clock', () => {
    const r = runBench({ problem: branin, method: 'random', evals: 30, seeds: 5, now: fakeClock() });
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.runs.length).toBe(5);
    for (const run of r.right.runs) {
      expect(run.trace.length).toBe(30);
      for (let i = 1; i < 30; i++) expect(run.trace[i]!).toBeLessThanOrEqual(run.trace[i - 1]!);
    }
    expect(r.right.msPerSuggestion).toBe(1);
    expect(r.right.final.q25).toBeLessThanOrEqual(r.right.final.median);
    expect(r.right.final.median).toBeLessThanOrEqual(r.right.final.q75);
  });

  it('counts a-priori violations: plain EI may violate, HW-IECI never does', () => {
    const hw = runBench({ problem: gramacy, method: 'bo', evals: 14, seeds: 1, now: fakeClock(), bo: { candidates: { rawSamples: 200 } } });
    expect(E.isRight(hw) && hw.right.aPrioriViolations).toBe(0);
    const rnd = runBench({ problem: gramacy, method: 'bo-plain', evals: 10, seeds: 1, now: fakeClock() });
    expect(E.isRight(rnd) && rnd.right.aPrioriViolations).toBeGreaterThan(0);
  });

  it('reports hypervolume for multi-objective problems', () => {
    const r = runBench({ problem: zdt1, method: 'ga', evals: 40, seeds: 2, now: fakeClock() });
    expect(E.isRight(r) && r.right.metric).toBe('hypervolume');
    if (E.isRight(r)) expect(r.right.final.median).toBeGreaterThan(0);
  });

  it('quantile interpolates linearly; evalsToTarget finds the first hit', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantile([1, Infinity], 0.5)).toBe(Infinity);
    expect(evalsToTarget([5, 3, 0.5, 0.1], 1)).toBe(3);
    expect(evalsToTarget([5, 3], 1)).toBe(Infinity);
    expect(evalsToTarget([1, 2, 3], 2, true)).toBe(2);
  });
});
