import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypervolume } from '../../src/optimize/multi/hypervolume.js';
import { crowdingDistance, dominates, nonDominatedSort, paretoFront } from '../../src/optimize/multi/pareto.js';

const pointSet = (m: number) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 12 }).map((v) => v / 2), { minLength: m, maxLength: m }), { minLength: 0, maxLength: 14 });

/** Brute-force ranks: rank(i) = 1 + max rank of any point dominating i (fixed-point iteration). */
const bruteRanks = (ys: number[][]): number[] => {
  const r = ys.map(() => 0);
  for (let it = 0; it < ys.length + 1; it++)
    ys.forEach((y, i) => {
      r[i] = Math.max(0, ...ys.map((z, j) => (dominates(z, y) ? r[j]! + 1 : 0)));
    });
  return r;
};

/** Brute-force hypervolume on the grid induced by all coordinates. */
const bruteHv = (ys: number[][], ref: number[]): number => {
  const m = ref.length;
  const axes = Array.from({ length: m }, (_, k) => [...new Set([...ys.map((y) => y[k]!), ref[k]!])].filter((v) => v <= ref[k]!).sort((a, b) => a - b));
  let hv = 0;
  const rec = (k: number, lo: number[], vol: number): void => {
    if (k === m) {
      if (ys.some((y) => y.every((v, i) => v <= lo[i]!))) hv += vol;
      return;
    }
    const ax = axes[k]!;
    for (let i = 0; i + 1 < ax.length; i++) rec(k + 1, [...lo, ax[i]!], vol * (ax[i + 1]! - ax[i]!));
  };
  rec(0, [], 1);
  return hv;
};

describe('non-dominated sorting', () => {
  it('assigns every point to the front given by brute-force ranks (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }).chain(pointSet), (ys) => {
        const fronts = nonDominatedSort(ys);
        const ranks = bruteRanks(ys);
        expect(fronts.flat().sort((a, b) => a - b)).toEqual(ys.map((_, i) => i));
        fronts.forEach((f, k) => f.forEach((i) => expect(ranks[i]).toBe(k)));
        expect(fronts[0] ?? []).toEqual(paretoFront(ys));
      }),
    );
  });

  it('crowding distance is infinite at the extremes', () => {
    const ys = [
      [0, 3],
      [1, 2],
      [2, 1],
      [3, 0],
    ];
    const cd = crowdingDistance(ys, [0, 1, 2, 3]);
    expect(cd[0]).toBe(Infinity);
    expect(cd[3]).toBe(Infinity);
    expect(cd[1]).toBeCloseTo(4 / 3, 12);
  });
});

describe('hypervolume', () => {
  it('matches closed-form values', () => {
    expect(hypervolume([[1, 2], [2, 1]], [3, 3])).toBe(3);
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBe(6);
    expect(hypervolume([], [1, 1])).toBe(0);
    expect(hypervolume([[2, 0]], [1, 1])).toBe(0);
  });

  it('equals brute force in 2-D and 3-D on random sets (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }).chain(pointSet), (ys) => {
        const ref = ys[0] === undefined ? [5, 5] : ys[0].map(() => 5);
        expect(hypervolume(ys, ref)).toBeCloseTo(bruteHv(ys, ref), 9);
      }),
      { numRuns: 200 },
    );
  });
});
