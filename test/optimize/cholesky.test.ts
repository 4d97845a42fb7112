import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/rng.js';
import { cholesky, extend, inverse, logDet, solve } from '../../src/optimize/gp/cholesky.js';

/** Random SPD matrix A = B Bᵀ + εI (row-major). */
const spd = (n: number, seed: number, eps = 1e-3): Float64Array => {
  const r = makeRng(seed);
  const b = Array.from({ length: n * n }, () => r.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? eps : 0;
      for (let k = 0; k < n; k++) s += b[i * n + k]! * b[j * n + k]!;
      a[i * n + j] = s;
    }
  return a;
};

const toMatrix = (a: Float64Array, n: number): Matrix => new Matrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n))));

describe('cholesky', () => {
  it('matches ml-matrix CholeskyDecomposition on random SPD matrices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (n, seed) => {
        const a = spd(n, seed);
        const ours = cholesky(a, n);
        expect(E.isRight(ours)).toBe(true);
        if (E.isLeft(ours)) return;
        const ref = new CholeskyDecomposition(toMatrix(a, n)).lowerTriangularMatrix;
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) expect(ours.right.l[i * n + j]).toBeCloseTo(ref.get(i, j), 8);
        expect(ours.right.jitter).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('solves, inverts and computes log-determinants consistently with ml-matrix', () => {
    const n = 7;
    const a = spd(n, 11);
    const c = E.getOrElseW(() => undefined)(cholesky(a, n))!;
    const b = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const x = solve(c, b);
    const ref = new CholeskyDecomposition(toMatrix(a, n)).solve(Matrix.columnVector(b));
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(ref.get(i, 0), 8);
    const inv = inverse(c);
    const prod = toMatrix(a, n).mmul(toMatrix(inv, n));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(prod.get(i, j)).toBeCloseTo(i === j ? 1 : 0, 8);
    const L = new CholeskyDecomposition(toMatrix(a, n)).lowerTriangularMatrix;
    let ld = 0;
    for (let i = 0; i < n; i++) ld += 2 * Math.log(L.get(i, i));
    expect(logDet(c)).toBeCloseTo(ld, 10);
  });

  it('escalates jitter on a singular PSD matrix and reports NotPositiveDefinite as a value', () => {
    // Rank-1 PSD matrix: needs jitter.
    const a = Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1);
    const c = cholesky(a, 3);
    expect(E.isRight(c)).toBe(true);
    if (E.isRight(c)) expect(c.right.jitter).toBeGreaterThan(0);
    // Indefinite: no jitter up to the cap helps.
    const bad = cholesky(Float64Array.of(1, 2, 2, 1), 2);
    expect(E.isLeft(bad)).toBe(true);
    if (E.isLeft(bad)) expect(bad.left._tag).toBe('NotPositiveDefinite');
  });

  it('extend() equals refactorizing the bordered matrix', () => {
    const n = 6;
    const a = spd(n + 1, 5);
    const sub = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sub[i * n + j] = a[i * (n + 1) + j]!;
    const c0 = E.getOrElseW(() => undefined)(cholesky(sub, n))!;
    const b = Array.from({ length: n }, (_, i) => a[i * (n + 1) + n]!);
    const ext = E.getOrElseW(() => undefined)(extend(c0, b, a[n * (n + 1) + n]!))!;
    const full = E.getOrElseW(() => undefined)(cholesky(a, n + 1))!;
    for (let k = 0; k < (n + 1) * (n + 1); k++) expect(ext.l[k]).toBeCloseTo(full.l[k]!, 9);
  });
});
