/**
 * The WebAssembly SIMD kernels (asm/trainKernels.ts) against the Float64 reference: every kernel against a
 * naive or Float64 loop with an explicit f32 tolerance (each product sum within 2⁻²⁰ of Σ|terms|: f32 has a
 * 2⁻²⁴ unit roundoff, the sums here have ≤ 40 terms); the claims that make training bit-reproducible
 * (a GEMM result does not depend on where it falls in the register blocking; the sparse kernel equals the dense
 * one exactly); and the Float32 engine's forward pass and gradients against the Float64 engine (whose
 * gradients test/train/gradcheck.test.ts checks against finite differences) on every layer kind; and the
 * Float64 WebAssembly evaluation engine's activations bit for bit against the Float64 JavaScript engine's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backward, forward, loadBatch, makeEngine, softmaxXent } from '../../src/train/engine.js';
import { initModel } from '../../src/train/index.js';
import { avgPool, avgPoolBack, col2imAdd, im2col } from '../../src/train/kernels.js';
import { planOf } from '../../src/train/plan.js';
import type { Plan } from '../../src/train/plan.js';
import type { Network } from '../../src/workload/index.js';
import { fastBackward, fastForward, fastGradients, makeFastEngine } from '../../src/train/wasmEngine.js';
import { evalForward, makeEvalEngine } from '../../src/train/wasmEval.js';
import { arena } from '../../src/train/wasmKernels.js';
import type { Arena, Slot } from '../../src/train/wasmKernels.js';
import { lenet5, mnistMlp } from '../../src/workload/zoo/index.js';
import { randomData, tinyConvNet } from './tiny.js';

/** Relative tolerance of one f32 sum against its Float64 value, per unit of Σ|terms|. */
const F32_TOL = 2 ** -20;

const values = (n: number, seed: number, density = 1): Float64Array => {
  let s = seed >>> 0 || 1;
  const next = (): number => ((s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
  return Float64Array.from({ length: n }, () => (next() < density ? Math.fround(next() - 0.5) : 0));
};

/** An arena with one f32 buffer per size, filled from `init` where given. */
const buffers = (sizes: ReadonlyArray<number>, init: ReadonlyArray<Float64Array | undefined> = []): { a: Arena; s: ReadonlyArray<Slot>; v: Float32Array[] } => {
  const { slots, arena: a } = arena(sizes);
  const v = slots.map((sl, i) => {
    const f = a.f32(sl);
    const x = init[i];
    if (x !== undefined) f.set(x);
    return f;
  });
  return { a, s: slots, v };
};

describe('WebAssembly SIMD kernels', () => {
  it('gemm = Σ_p A(i,p)·B(p,j) within f32 tolerance, for any shape (every 4×8 / 4 / 1 edge), A read plain or transposed, set or accumulate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 21 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.boolean(), fc.integer(),
        (M, N, Kd, aT, accumulate, seed) => {
          const A = values(M * Kd, seed);
          const B = values(Kd * N, seed + 1);
          const C0 = values(M * N, seed + 2);
          const { a, s, v } = buffers([M * Kd, Kd * N, M * N], [A, B, C0]);
          // aT: A is stored Kd × M (read through strides ais = 1, aps = M)
          const At = aT ? Float64Array.from({ length: M * Kd }, (_, t) => A[(t % M) * Kd + Math.floor(t / M)]!) : A;
          v[0]!.set(At);
          a.k.gemm(M, N, Kd, s[0]!.ptr, aT ? 1 : Kd, aT ? M : 1, s[1]!.ptr, N, s[2]!.ptr, N, accumulate ? 1 : 0);
          for (let i = 0; i < M; i++) {
            for (let j = 0; j < N; j++) {
              let want = accumulate ? C0[i * N + j]! : 0;
              let mag = Math.abs(want);
              for (let p = 0; p < Kd; p++) {
                want += A[i * Kd + p]! * B[p * N + j]!;
                mag += Math.abs(A[i * Kd + p]! * B[p * N + j]!);
              }
              expect(Math.abs(v[2]![i * N + j]! - want)).toBeLessThanOrEqual(F32_TOL * mag + 1e-30);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gemm is blocking-independent: each column computed alone (scalar edge) equals it inside a 4×8 SIMD block, bit for bit', () => {
    const M = 9, N = 19, Kd = 37;
    const { a, s, v } = buffers([M * Kd, Kd * N, M * N, M], [values(M * Kd, 3), values(Kd * N, 4)]);
    a.k.gemm(M, N, Kd, s[0]!.ptr, Kd, 1, s[1]!.ptr, N, s[2]!.ptr, N, 0);
    for (let j = 0; j < N; j++) {
      a.k.gemm(M, 1, Kd, s[0]!.ptr, Kd, 1, s[1]!.ptr + 4 * j, N, s[3]!.ptr, 1, 0);
      for (let i = 0; i < M; i++) expect(Object.is(v[3]![i], v[2]![i * N + j])).toBe(true);
    }
  });

  it('spmm over csr (rows of X) and csc (columns of X) equals the dense gemm exactly, at any density', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (M, C, K, d, seed) => {
        const X = values(M * C, seed, d);
        const W = values(C * K, seed + 1);
        const G = values(M * K, seed + 2);
        const n = Math.max(M, C) + 1;
        const { a, s, v } = buffers([M * C, C * K, M * K, M * K, M * K, C * K, C * K, n, M * C, M * C], [X, W, G]);
        const [x, w, g, y1, y2, d1, d2, ptr, idx, val] = s as [Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot];
        // Y = X · W over the rows of X
        a.k.gemm(M, K, C, x.ptr, C, 1, w.ptr, K, y1.ptr, K, 0);
        const nnz = a.k.csr(M, C, x.ptr, C, ptr.ptr, idx.ptr, val.ptr);
        expect(nnz).toBe(X.filter((t) => t !== 0).length);
        a.k.spmm(M, ptr.ptr, idx.ptr, val.ptr, w.ptr, K, K, y2.ptr, K, 0);
        v[3]!.forEach((t, i) => expect(v[4]![i] === t).toBe(true));
        // ∂W = Xᵀ · G over the columns of X
        a.k.gemm(C, K, M, x.ptr, 1, C, g.ptr, K, d1.ptr, K, 0);
        expect(a.k.csc(M, C, x.ptr, C, ptr.ptr, idx.ptr, val.ptr)).toBe(nnz);
        a.i32(idx).subarray(0, nnz).forEach((m) => expect(m).toBeLessThan(M));
        a.k.spmm(C, ptr.ptr, idx.ptr, val.ptr, g.ptr, K, K, d2.ptr, K, 0);
        v[5]!.forEach((t, i) => expect(v[6]![i] === t).toBe(true));
      }),
      { numRuns: 80 },
    );
  });

  it('adam and sgd: the Float64 formulas within f32 tolerance; pruned weights stay exactly 0', () => {
    const n = 11;
    const P = values(n, 1), G = values(n, 2), M0 = values(n, 3).map(Math.abs), V0 = values(n, 4).map((t) => t * t);
    const mask = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
    P.forEach((_, i) => { if (mask[i] === 0) { P[i] = 0; M0[i] = 0; V0[i] = 0; } });
    const { a, s, v } = buffers([n, n, n, n, n], [P, G, M0, V0, mask]);
    const [decay, lr, ib2] = [Math.fround(1e-3), Math.fround(0.01), Math.fround(1.5)];
    a.k.adam(s[0]!.ptr, s[1]!.ptr, s[2]!.ptr, s[3]!.ptr, s[4]!.ptr, n, decay, lr, ib2);
    for (let i = 0; i < n; i++) {
      const g = (G[i]! + decay * P[i]!) * mask[i]!;
      const m = 0.9 * M0[i]! + 0.1 * g;
      const vv = 0.999 * V0[i]! + 0.001 * g * g;
      const p = P[i]! - (lr * m) / (Math.sqrt(vv * ib2) + 1e-8);
      expect(Math.abs(v[0]![i]! - p)).toBeLessThanOrEqual(1e-6 * (Math.abs(P[i]!) + 0.01));
      if (mask[i] === 0) expect(Object.is(v[0]![i], 0)).toBe(true);
    }
    const q = buffers([n, n, n, n], [P, G, M0, mask]);
    q.a.k.sgd(q.s[0]!.ptr, q.s[1]!.ptr, q.s[2]!.ptr, q.s[3]!.ptr, n, decay, lr, 0.9);
    for (let i = 0; i < n; i++) {
      const u = 0.9 * M0[i]! + (G[i]! + decay * P[i]!) * mask[i]!;
      expect(Math.abs(q.v[0]![i]! - (P[i]! - lr * u))).toBeLessThanOrEqual(1e-7);
      if (mask[i] === 0) expect(Object.is(q.v[0]![i], 0)).toBe(true);
    }
  });

  it('im2col (plain and transposed), col2imAdd, avgPool, avgPoolBack match the Float64 kernels (stride, padding)', () => {
    for (const [nb, H, W, C, R, S, st, pad] of [[2, 7, 7, 3, 3, 3, 2, 1], [1, 32, 32, 1, 5, 5, 1, 0], [2, 5, 6, 2, 3, 2, 2, 2], [1, 4, 4, 1, 3, 3, 3, 1]] as const) {
      const P = Math.floor((H + 2 * pad - R) / st) + 1;
      const Q = Math.floor((W + 2 * pad - S) / st) + 1;
      const n = nb * H * W * C, rows = nb * P * Q, crs = C * R * S;
      const X = values(n, H + C);
      const D = values(rows * crs, R + S);
      const { a, s, v } = buffers([n, rows * crs, rows * crs, n, rows * crs], [X, undefined, undefined, undefined, D]);
      const ref = new Float64Array(rows * crs);
      im2col(X, 0, nb, H, W, C, R, S, st, pad, P, Q, ref);
      a.k.im2col(s[0]!.ptr, nb, H, W, C, R, S, st, pad, P, Q, s[1]!.ptr, 0);
      a.k.im2col(s[0]!.ptr, nb, H, W, C, R, S, st, pad, P, Q, s[2]!.ptr, 1);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < crs; c++) {
          expect(v[1]![r * crs + c]).toBe(ref[r * crs + c]);
          expect(v[2]![c * rows + r]).toBe(ref[r * crs + c]);
        }
      }
      const back = new Float64Array(n);
      col2imAdd(D, nb, H, W, C, R, S, st, pad, P, Q, back, 0);
      a.k.col2imAdd(s[4]!.ptr, nb, H, W, C, R, S, st, pad, P, Q, s[3]!.ptr);
      back.forEach((t, i) => expect(Math.abs(v[3]![i]! - t)).toBeLessThanOrEqual(F32_TOL * R * S * 0.5));
      // pooling: window k = R, same stride and padding
      const pq = nb * P * Q * C;
      const py = new Float64Array(pq);
      avgPool(X, nb, H, W, C, R, st, pad, P, Q, py);
      const pb = buffers([n, pq, n], [X, py]);
      pb.a.k.avgPool(pb.s[0]!.ptr, nb, H, W, C, R, st, pad, P, Q, pb.s[1]!.ptr);
      py.forEach((t, i) => expect(Math.abs(pb.v[1]![i]! - t)).toBeLessThanOrEqual(F32_TOL));
      const dx = new Float64Array(n);
      avgPoolBack(py, nb, H, W, C, R, st, pad, P, Q, dx);
      pb.v[1]!.set(py);
      pb.a.k.avgPoolBack(pb.s[1]!.ptr, nb, H, W, C, R, st, pad, P, Q, pb.s[2]!.ptr);
      dx.forEach((t, i) => expect(Math.abs(pb.v[2]![i]! - t)).toBeLessThanOrEqual(F32_TOL));
    }
  });

  it('transpose: any shape (4 × 4 SIMD blocks and scalar edges), strided source and destination', () => {
    for (const [M, N] of [[1, 1], [4, 4], [5, 9], [8, 3], [13, 17]] as const) {
      const S = values(M * (N + 2), M * 31 + N);
      const { a, s, v } = buffers([M * (N + 2), N * (M + 1)], [S]);
      a.k.transpose(M, N, s[0]!.ptr, N + 2, s[1]!.ptr, M + 1);
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) expect(v[1]![j * (M + 1) + i]).toBe(S[i * (N + 2) + j]);
    }
  });

  it('relu / reluBack (NaN and −0 → +0), fillRows, colSumsAdd, untransposeBias', () => {
    const y = Float64Array.from([1, -1, 0, -0, NaN, 2, -3, 0.5, 4]);
    const { a, s, v } = buffers([9, 9, 9, 3, 3], [y, Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), undefined, Float64Array.from([0.5, -1, 2])]);
    a.k.reluBack(s[1]!.ptr, s[0]!.ptr, 9);
    expect([...v[1]!]).toEqual([1, 0, 0, 0, 0, 6, 0, 8, 9]);
    a.k.relu(s[0]!.ptr, 9);
    expect([...v[0]!].map((t) => (Object.is(t, -0) ? 'neg0' : t))).toEqual([1, 0, 0, 0, 0, 2, 0, 0.5, 4]);
    a.k.fillRows(s[2]!.ptr, 3, s[3]!.ptr, 3);
    expect([...v[2]!]).toEqual([0.5, -1, 2, 0.5, -1, 2, 0.5, -1, 2]);
    a.k.colSumsAdd(s[1]!.ptr, 3, 3, s[4]!.ptr);
    expect([...v[4]!]).toEqual([1 + 0 + 0, 0 + 0 + 8, 0 + 6 + 9]);
    // Yᵀ (3 × 3) → Y + b
    a.k.untransposeBias(s[2]!.ptr, 3, 3, s[3]!.ptr, s[1]!.ptr);
    expect([...v[1]!]).toEqual([1, -0.5, 2.5, -0.5, -2, 1, 2.5, 1, 4]);
  });
});

/** Forward logits and every gradient of the Float32 engine against the Float64 engine on one batch. */
const compareEngines = (net: Network, seed: number, data: ReturnType<typeof randomData>, place: { top: number; left: number }): void => {
  const plan = planOf(net) as Plan;
  const model = initModel(net, seed);
  const B = data.n;
  const e64 = makeEngine(plan, model.layers, B, place);
  loadBatch(e64, data, null, 0, B);
  forward(e64, B);
  softmaxXent(e64, B, data.labels, null, 0);
  e64.gw.forEach((g) => g.fill(0));
  e64.gb.forEach((g) => g.fill(0));
  backward(e64, B);
  const e32 = makeFastEngine(plan, model.layers, B, place);
  loadBatch(e32, data, null, 0, B);
  fastForward(e32, B);
  softmaxXent(e32, B, data.labels, null, 0);
  fastBackward(e32, B);
  const z64 = e64.acts[e64.acts.length - 1]!;
  const z32 = e32.acts[e32.acts.length - 1]!;
  const maxAbs = (xs: ArrayLike<number>): number => {
    let m = 0;
    for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]!));
    return m;
  };
  const zErr = Array.from(z64, (t, i) => Math.abs(z32[i]! - t));
  expect(maxAbs(zErr)).toBeLessThanOrEqual(1e-5 * maxAbs(z64));
  const g32 = fastGradients(e32);
  plan.macs.forEach((op, i) => {
    const gw = e64.gw[i]!;
    const gb = e64.gb[i]!;
    const scale = Math.max(maxAbs(gw), maxAbs(gb));
    expect(scale, `${op.name} has a gradient`).toBeGreaterThan(0);
    const mask = model.layers[i]!.mask;
    let worst = 0;
    gw.forEach((t, j) => { if (mask[j] !== 0) worst = Math.max(worst, Math.abs(g32[i]!.weights[j]! - t)); });
    gb.forEach((t, j) => { worst = Math.max(worst, Math.abs(g32[i]!.bias[j]! - t)); });
    expect(worst, `${op.name}: worst gradient error / largest gradient`).toBeLessThanOrEqual(1e-4 * scale);
  });
};

describe('Float32 engine against the Float64 reference engine', () => {
  it('tiny net: conv stride 2 pad 1 (narrow K: transposed path) → avg pool → conv → fc → fc', () => {
    compareEngines(tinyConvNet(), 7, randomData(3, 5, 7, 7, 3), { top: 0, left: 0 });
  });
  it('LeNet-5: C1 (K = 6, transposed), C3 with its connection mask, C5, F6, output; im2col in chunks', () => {
    compareEngines(lenet5({ batch: 1 }), 1, randomData(5, 9, 28, 28, 10), { top: 2, left: 2 });
  });
  it('MLP: sparse inputs (the spmm path for the forward pass and ∂W) and dense hidden layers', () => {
    const data = randomData(6, 8, 28, 28, 10);
    // 80% zero pixels (MNIST: ≈ 81%), below the engine's sparse threshold
    data.images.forEach((_, i) => { if (i % 5 !== 0) data.images[i] = 0; });
    compareEngines(mnistMlp({ batch: 1 }), 2, data, { top: 0, left: 0 });
  });
});

describe('the Float64 WebAssembly evaluation engine is bit-identical to the Float64 JavaScript engine', () => {
  const same = (net: Network, seed: number, data: ReturnType<typeof randomData>, place: { top: number; left: number }): void => {
    const plan = planOf(net) as Plan;
    const model = initModel(net, seed);
    // biases away from 0 (non-trivial sums)
    const layers = model.layers.map((l, i) => ({ ...l, bias: l.bias.map((_, k) => 0.03 * (((k + i) % 5) - 2)) }));
    const js = makeEngine(plan, layers, data.n, place);
    const wasm = makeEvalEngine(plan, layers, data.n, place);
    loadBatch(js, data, null, 0, data.n);
    loadBatch(wasm, data, null, 0, data.n);
    forward(js, data.n);
    evalForward(wasm, data.n);
    js.acts.forEach((a, i) => {
      let differing = 0;
      for (let j = 0; j < data.n * plan.sizes[i]!; j++) if (!Object.is(a[j], wasm.acts[i]![j])) differing++;
      expect(differing, `activations after op ${i - 1}`).toBe(0);
    });
    expect(js.acts[js.acts.length - 1]!.some((v) => v !== 0)).toBe(true);
  };
  it('tiny net (conv stride 2 pad 1, avg pool, conv, fc, fc), LeNet-5 (im2col in chunks), MLP (sparse and dense fc inputs)', () => {
    same(tinyConvNet(), 7, randomData(3, 5, 7, 7, 3), { top: 0, left: 0 });
    same(lenet5({ batch: 1 }), 1, randomData(5, 9, 28, 28, 10), { top: 2, left: 2 });
    const sparse = randomData(6, 8, 28, 28, 10);
    sparse.images.forEach((_, i) => { if (i % 5 !== 0) sparse.images[i] = 0; });
    same(mnistMlp({ batch: 1 }), 2, sparse, { top: 0, left: 0 });
    same(mnistMlp({ batch: 1 }), 3, randomData(7, 4, 28, 28, 10), { top: 0, left: 0 });
  });
});
