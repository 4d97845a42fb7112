/**
 * The kernels against naive loops: gemmNT (set and add), the sparse gather kernel (every density), transpose,
 * im2col / col2imAdd adjointness (⟨im2col x, c⟩ = ⟨x, col2im c⟩), avgPool / avgPoolBack adjointness.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avgPool, avgPoolBack, col2imAdd, gemmNT, gemmSparseX, im2col, transpose } from '../../src/train/kernels.js';

const arr = (n: number, seed: number, density = 1): Float64Array => {
  let s = seed >>> 0 || 1;
  const next = (): number => ((s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
  return Float64Array.from({ length: n }, () => (next() < density ? next() - 0.5 : 0));
};
const naive = (x: Float64Array, M: number, C: number, w: Float64Array, K: number, b: Float64Array): Float64Array => {
  const y = new Float64Array(M * K);
  for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) {
    let a = 0;
    for (let c = 0; c < C; c++) a += x[m * C + c]! * w[k * C + c]!;
    y[m * K + k] = a + b[k]!;
  }
  return y;
};
const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('kernels', () => {
  it('gemmNT and gemmSparseX match the naive product (any shape, any density)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 11 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (M, C, K, d, seed) => {
        const x = arr(M * C, seed, d);
        const w = arr(K * C, seed + 1);
        const b = arr(K, seed + 2);
        const want = naive(x, M, C, w, K, b);
        const y = new Float64Array(M * K);
        gemmNT(x, 0, M, C, w, 0, K, b, y, 0, false);
        want.forEach((v, i) => expect(y[i]).toBeCloseTo(v, 12));
        const z = new Float64Array(M * K);
        gemmSparseX(x, 0, M, C, w, 0, K, b, z, 0, new Int32Array(C), new Float64Array(C));
        want.forEach((v, i) => expect(z[i]).toBeCloseTo(v, 12));
        gemmNT(x, 0, M, C, w, 0, K, b, y, 0, true);
        want.forEach((v, i) => expect(y[i]).toBeCloseTo(2 * v - b[i % K]!, 12));
        const t = new Float64Array(M * C);
        transpose(x, 0, M, C, t);
        expect(t[(C - 1) * M + (M - 1)]).toBe(x[(M - 1) * C + C - 1]);
      }),
      { numRuns: 200 },
    );
  });
  it('col2imAdd is the adjoint of im2col; avgPoolBack of avgPool (stride, padding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 3, max: 7 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 1 }), fc.integer(), (nb, H, C, R, stride, pad, seed) => {
        const W = H + 1;
        const P = Math.floor((H + 2 * pad - R) / stride) + 1;
        const Q = Math.floor((W + 2 * pad - R) / stride) + 1;
        const x = arr(nb * H * W * C, seed);
        const c = arr(nb * P * Q * C * R * R, seed + 1);
        const col = new Float64Array(c.length);
        im2col(x, 0, nb, H, W, C, R, R, stride, pad, P, Q, col);
        const back = new Float64Array(x.length);
        col2imAdd(c, nb, H, W, C, R, R, stride, pad, P, Q, back, 0);
        expect(dot(col, c)).toBeCloseTo(dot(x, back), 10);
        const y = new Float64Array(nb * P * Q * C);
        avgPool(x, nb, H, W, C, R, stride, pad, P, Q, y);
        const g = arr(y.length, seed + 2);
        const dx = new Float64Array(x.length);
        avgPoolBack(g, nb, H, W, C, R, stride, pad, P, Q, dx);
        expect(dot(y, g)).toBeCloseTo(dot(x, dx), 10);
      }),
      { numRuns: 200 },
    );
  });
});
