/**
 * Exact values of the acquisition functions and of the multi-objective helpers (issue 9's mutation testing):
 * the zero-variance and boundary cases of EI / log EI / PoF, log EI in each of its three branches against an
 * independent evaluation, the constrained score's sum of logs, the hypervolume of hand-drawn fronts in 1 to 4
 * objectives, and crowding distances worked out by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constrainedEi, logConstrainedEi } from '../../src/optimize/acquisition/constrained.js';
import { expectedImprovement, logExpectedImprovement, logH } from '../../src/optimize/acquisition/ei.js';
import { logProbabilityOfFeasibility, probabilityOfFeasibility } from '../../src/optimize/acquisition/feasibility.js';
import { hypervolume } from '../../src/optimize/multi/hypervolume.js';
import { crowdingDistance, dominates, nonDominatedSort, paretoFront } from '../../src/optimize/multi/pareto.js';

const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

describe('EI and log EI, exact cases', () => {
  it('zero or negative variance: EI = max(f* − μ, 0), log EI = log(f* − μ) or −∞ (also at μ = f*)', () => {
    expect(expectedImprovement(1, -4, 3)).toBe(2);
    expect(expectedImprovement(1, 0, 1)).toBe(0);
    expect(logExpectedImprovement(1, 0, 3)).toBe(Math.log(2));
    expect(logExpectedImprovement(1, -4, 3)).toBe(Math.log(2));
    expect(logExpectedImprovement(1, 0, 1)).toBe(-Infinity);
    expect(logExpectedImprovement(3, 0, 1)).toBe(-Infinity);
  });

  it('log EI = log σ + log h(z) in each branch of log h', () => {
    // z = 0.5 (direct), σ = 2
    expect(logExpectedImprovement(0, 4, 1)).toBeCloseTo(Math.log(2 * (phi(0.5) + 0.5 * 0.6914624612740131)), 13);
    // z = −1 exactly takes the erfcx branch; h(−1) = φ(1) − Φ(−1) = 0.0833154705876864
    expect(logH(-1)).toBeCloseTo(Math.log(0.0833154705876864), 10);
    // z = −3: h = φ(3) − 3·Φ(−3) = 0.004431848411938 − 3·0.0013498980316301 = 3.8225e-4
    expect(logH(-3)).toBeCloseTo(Math.log(0.004431848411938008 - 3 * 0.0013498980316300946), 9);
    expect(logExpectedImprovement(3, 1, 0)).toBeCloseTo(logH(-3), 15);
    // z = −40: h ≈ φ(z)/z² · (1 − 3/z² + 15/z⁴ − 105/z⁶) (Mills-ratio series; φ(−40) itself underflows)
    const z = -40;
    expect(logH(z)).toBeCloseTo(-0.5 * z * z - 0.9189385332046728 - 2 * Math.log(40) + Math.log(1 - 3 / (z * z) + 15 / z ** 4 - 105 / z ** 6), 9);
    // far tail (|z| ≥ 1/√ε ≈ 6.7e7): −z²/2 − ½log2π − 2log|z|
    const w = -1e8;
    expect(logH(w)).toBe(-0.5 * w * w - 0.9189385332046728 - 2 * Math.log(1e8));
    // just inside the erfcx branch the value matches the asymptote to ~1/z²
    const v = -6e7;
    expect(logH(v) / (-0.5 * v * v - 0.9189385332046728 - 2 * Math.log(6e7))).toBeCloseTo(1, 12);
  });

  it('EI scales with σ: EI(μ, σ², f*) at σ = 3 and z = 1 is 3·(φ(1) + Φ(1))', () => {
    expect(expectedImprovement(0, 9, 3)).toBeCloseTo(3 * (phi(1) + 0.8413447460685429), 13);
  });
});

describe('probability of feasibility, exact cases', () => {
  it('zero variance is the indicator [μ ≤ 0] (μ = 0 is feasible), negative variance counts as 0', () => {
    expect(probabilityOfFeasibility(0, 0)).toBe(1);
    expect(probabilityOfFeasibility(1e-300, 0)).toBe(0);
    expect(probabilityOfFeasibility(-1, -3)).toBe(1);
    expect(logProbabilityOfFeasibility(0, 0)).toBe(0);
    expect(logProbabilityOfFeasibility(-1, -3)).toBe(0);
    expect(logProbabilityOfFeasibility(1e-300, 0)).toBe(-Infinity);
  });

  it('Φ(−μ/σ) uses σ, not σ²', () => {
    expect(probabilityOfFeasibility(-2, 4)).toBeCloseTo(0.8413447460685429, 14);
    expect(logProbabilityOfFeasibility(-2, 4)).toBeCloseTo(Math.log(0.8413447460685429), 14);
    expect(logProbabilityOfFeasibility(20, 4)).toBeCloseTo(Math.log(7.619853024160527e-24), 8);
  });
});

describe('constrained EI, exact cases', () => {
  it('log score = log EI + Σ log PoF; without an incumbent Σ log PoF alone', () => {
    const obj = { mean: 0, variance: 1 };
    const cons = [{ mean: 0, variance: 1 }, { mean: -2, variance: 4 }];
    const logEi = Math.log(phi(0));
    expect(logConstrainedEi(obj, 0, cons, true)).toBeCloseTo(logEi + Math.log(0.5) + Math.log(0.8413447460685429), 13);
    expect(logConstrainedEi(obj, undefined, cons, true)).toBeCloseTo(Math.log(0.5) + Math.log(0.8413447460685429), 13);
    expect(logConstrainedEi(obj, undefined, [], true)).toBe(0);
    expect(constrainedEi(obj, 0, cons, true)).toBeCloseTo(phi(0) * 0.5 * 0.8413447460685429, 14);
    expect(constrainedEi(obj, undefined, [], true)).toBe(1);
    expect(constrainedEi(obj, undefined, cons, false)).toBe(0);
    expect(logConstrainedEi(obj, undefined, cons, false)).toBe(-Infinity);
  });
});

describe('hypervolume of hand-drawn fronts', () => {
  it('2-D: a staircase, with a dominated point, a duplicate and points on the reference boundary', () => {
    // (1,3), (2,2), (3,1) to (4,4): 3·1 + 2·1 + 1·1 + the overlap-free steps = 3 + 2 + 1 = 6
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe(6);
    expect(hypervolume([[3, 1], [2, 2], [1, 3], [2, 3], [2, 2]], [4, 4])).toBe(6);
    // a point on the boundary (y₁ = r₁ or y₂ = r₂) contributes nothing
    expect(hypervolume([[4, 0], [0, 4], [2, 2]], [4, 4])).toBe(4);
    // ties on the first objective: the lower second objective counts
    expect(hypervolume([[1, 3], [1, 2]], [4, 4])).toBe(6);
  });

  it('3-D: two overlapping boxes and a point on the boundary', () => {
    // r = (3, 3, 3): [0,3]×[0,3]×[1,3] (18) ∪ [1,3]×[1,3]×[0,3] (12), overlap [1,3]×[1,3]×[1,3] (8): 22
    expect(hypervolume([[0, 0, 1], [1, 1, 0]], [3, 3, 3])).toBe(22);
    expect(hypervolume([[0, 0, 1], [1, 1, 0], [0, 0, 3]], [3, 3, 3])).toBe(22);
    expect(hypervolume([[0, 0, 1], [1, 1, 0], [3, 0, 0], [0, 3, 0], [1, 1, 1]], [3, 3, 3])).toBe(22);
    // a third box [2,3]×[0,3]×[0,3] (9) meets the first in [2,3]×[0,3]×[1,3] (6), the second in [2,3]×[1,3]×[0,3] (6),
    // both in [2,3]×[1,3]×[1,3] (4): it adds 9 − 6 − 6 + 4 = 1
    expect(hypervolume([[0, 0, 1], [1, 1, 0], [2, 0, 0]], [3, 3, 3])).toBe(23);
  });

  it('1-D and 4-D (the slicing path)', () => {
    expect(hypervolume([[1], [3], [7]], [5])).toBe(4);
    expect(hypervolume([[5]], [5])).toBe(0);
    expect(hypervolume([], [5])).toBe(0);
    expect(hypervolume([[0, 0, 0, 0]], [1, 2, 3, 4])).toBe(24);
    // two boxes 8 + 2 overlapping in 1
    expect(hypervolume([[0, 0, 0, 1], [1, 1, 1, 0]], [2, 2, 2, 2])).toBe(9);
    expect(hypervolume([[0, 0, 0, 1], [1, 1, 1, 0], [2, 0, 0, 0], [1, 1, 1, 1]], [2, 2, 2, 2])).toBe(9);
    // three points sharing the last coordinate (zero-thickness slices between them): 3-D slice 3·2 − 3·1 + 1, depth 2
    expect(hypervolume([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 0]], [2, 2, 2, 2])).toBe(2 * (3 * 2 - 3 * 1 + 1));
    // 5-D: a single box
    expect(hypervolume([[0, 0, 0, 0, 0]], [1, 1, 1, 1, 2])).toBe(2);
  });
});

describe('Pareto helpers, exact cases', () => {
  it('dominance is strict: equal vectors do not dominate each other', () => {
    expect(dominates([1, 2], [1, 2])).toBe(false);
    expect(dominates([1, 2], [1, 3])).toBe(true);
    expect(dominates([1, 3], [1, 2])).toBe(false);
    expect(dominates([0, 3], [1, 2])).toBe(false);
    expect(nonDominatedSort([[1, 2], [1, 2], [2, 3]])).toEqual([[0, 1], [2]]);
    expect(paretoFront([[1, 2], [1, 2], [2, 3]])).toEqual([0, 1]);
    expect(nonDominatedSort([[3, 3], [2, 2], [1, 1]])).toEqual([[2], [1], [0]]);
    expect(nonDominatedSort([])).toEqual([]);
  });

  it('crowding distance: normalized neighbour gaps summed over objectives', () => {
    // objective 0: 0, 1, 3, 4 (range 4); objective 1: 4, 2, 1, 0 (range 4)
    const ys = [
      [0, 4],
      [1, 2],
      [3, 1],
      [4, 0],
    ];
    const cd = crowdingDistance(ys, [0, 1, 2, 3]);
    expect(cd).toEqual([Infinity, (3 - 0) / 4 + (4 - 1) / 4, (4 - 1) / 4 + (2 - 0) / 4, Infinity]);
    // front given out of order: distances follow the front's order
    expect(crowdingDistance(ys, [2, 0, 3, 1])).toEqual([5 / 4, Infinity, Infinity, 6 / 4]);
    // a constant objective adds nothing; the other still does
    const flat = [
      [1, 0],
      [1, 1],
      [1, 3],
    ];
    expect(crowdingDistance(flat, [0, 1, 2])).toEqual([Infinity, 3 / 3, Infinity]);
    expect(crowdingDistance(ys, [])).toEqual([]);
    expect(crowdingDistance(ys, [1])).toEqual([Infinity]);
    expect(crowdingDistance(ys, [1, 2])).toEqual([Infinity, Infinity]);
  });
});

describe('edge cases found by mutation testing', () => {
  it('points beyond the reference point in any objective count for nothing (2-D, 3-D, 4-D)', () => {
    expect(hypervolume([[0, 0], [5, -1]], [4, 4])).toBe(16);
    expect(hypervolume([[0, 0], [-1, 5]], [4, 4])).toBe(16);
    expect(hypervolume([[0, 0, 1], [0, 0, 5]], [3, 3, 3])).toBe(18);
    expect(hypervolume([[0, 0, 1], [0, 5, 0]], [3, 3, 3])).toBe(18);
    expect(hypervolume([[0, 0, 1], [5, 0, 0]], [3, 3, 3])).toBe(18);
    expect(hypervolume([[0, 0, 0, 0], [0, 0, 0, 5]], [1, 1, 1, 1])).toBe(1);
    expect(hypervolume([[0, 0, 0, 0.5], [-1, -1, 5, -1]], [1, 1, 1, 1])).toBe(0.5);
  });

  it('zero objectives: the empty product is 1 for a non-empty set, 0 for none', () => {
    expect(hypervolume([[]], [])).toBe(1);
    expect(hypervolume([], [])).toBe(0);
  });

  it('fronts list their indices in increasing order (fast-check)', () => {
    const pts = fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 2 }), { minLength: 0, maxLength: 16 });
    fc.assert(
      fc.property(pts, (ys) => {
        for (const f of nonDominatedSort(ys)) for (let i = 1; i < f.length; i++) expect(f[i]!).toBeGreaterThan(f[i - 1]!);
      }),
      { numRuns: 200 },
    );
    // a second front discovered out of order: 3 (dominated by 0) before 2 (dominated by 1)
    expect(nonDominatedSort([[0, 5], [5, 0], [6, 1], [1, 6]])).toEqual([[0, 1], [2, 3]]);
  });

  it('crowding distance: ties keep the front\'s order (the first tied point is the extreme), gaps are divided by hi − lo', () => {
    // objective 0: 0, 0, 1 → order 0, 1, 2: ends 0 and 2; objective 1: 2, 1, 0 → 1 gets (2 − 0)/2
    expect(crowdingDistance([[0, 2], [0, 1], [1, 0]], [0, 1, 2])).toEqual([Infinity, 2, Infinity]);
    // lo = 1: objective 0 spans 1…5 (gap of the middle: (5 − 1)/4), objective 1 spans 2…10 ((10 − 2)/8)
    expect(crowdingDistance([[1, 10], [3, 6], [5, 2]], [0, 1, 2])).toEqual([Infinity, 2, Infinity]);
    // four points: objective 0 gaps (4 − 1)/4, (5 − 2)/4; objective 1 (sorted 2, 4, 9, 10) gaps (10 − 4)/8, (9 − 2)/8
    expect(crowdingDistance([[1, 10], [2, 9], [4, 4], [5, 2]], [0, 1, 2, 3])).toEqual([Infinity, 0.75 + 0.75, 0.75 + 0.875, Infinity]);
  });
});
