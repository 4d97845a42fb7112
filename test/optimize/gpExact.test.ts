/**
 * Exact, hand-derived values of the Gaussian-process pieces (issue 9's mutation testing: each assertion pins a
 * formula the interpolation / finite-difference tests in gp.test.ts would let drift): the Matérn-5/2 correlation
 * and its derivative, an ARD distance, the Gram matrix, the output standardization, a two-point posterior computed
 * with the closed-form 2×2 inverse, the variance floor, the one- and two-point log marginal likelihood and its
 * gradient, the Cholesky jitter escalation and `extend`'s Schur-complement floor, and the hyper-parameter helpers.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/rng.js';
import { cholesky, extend, inverse, logDet, solve, solveLower, solveUpper } from '../../src/optimize/gp/cholesky.js';
import { fitGp } from '../../src/optimize/gp/fit.js';
import { addObservation, conditionGp, posterior, standardization } from '../../src/optimize/gp/gp.js';
import { bounds, clip, defaultHyper, logPrior, pack, PRIOR, sampleHyper, unpack, type GpHyper } from '../../src/optimize/gp/hyper.js';
import { crossCov, gram, matern52, matern52Deriv, scaledDist2 } from '../../src/optimize/gp/kernel.js';
import { logMarginalLikelihood } from '../../src/optimize/gp/likelihood.js';
import { lbfgs } from '../../src/optimize/numeric/lbfgs.js';

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};
const S5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

describe('Matérn-5/2 kernel, exact values', () => {
  it('k(r) = (1 + √5r + 5r²/3)e^{−√5r} and −(1/r)k\'(r) = (5/3)(1 + √5r)e^{−√5r}', () => {
    expect(matern52(0)).toBe(1);
    expect(matern52(1)).toBeCloseTo((8 / 3 + S5) * Math.exp(-S5), 15);
    expect(matern52(2)).toBeCloseTo((1 + 2 * S5 + 20 / 3) * Math.exp(-2 * S5), 15);
    expect(matern52Deriv(0)).toBeCloseTo(5 / 3, 15);
    expect(matern52Deriv(2)).toBeCloseTo((5 / 3) * (1 + 2 * S5) * Math.exp(-2 * S5), 15);
    // the derivative really is −(1/r)·dk/dr: central difference at r = 0.7
    const h = 1e-6;
    expect(-(matern52(0.7 + h) - matern52(0.7 - h)) / (2 * h) / 0.7).toBeCloseTo(matern52Deriv(0.7), 8);
  });

  it('ARD distance: r² = Σ (aⱼ − bⱼ)²/ℓⱼ² between the named rows', () => {
    // rows: a₀ = (9, 9), a₁ = (0, 0); b₀ = (7, 7), b₁ = (0.3, 0.4); ℓ = (0.3, 0.2) → r² = 1 + 4
    const a = Float64Array.of(9, 9, 0, 0);
    const b = Float64Array.of(7, 7, 0.3, 0.4);
    const inv = Float64Array.of(1 / 0.09, 1 / 0.04);
    expect(scaledDist2(a, 1, b, 1, 2, inv)).toBeCloseTo(5, 12);
    expect(scaledDist2(a, 0, b, 0, 2, inv)).toBeCloseTo(4 / 0.09 + 4 / 0.04, 10);
    expect(scaledDist2(a, 1, b, 0, 2, inv)).toBeCloseTo(49 / 0.09 + 49 / 0.04, 8);
  });

  it('Gram matrix and cross-covariances: σ²·k(r) off the diagonal, σ² + σₙ² on it', () => {
    // x = 0, 0.5, 1.5 with ℓ = 0.5: r = 1, 3, 2
    const x = Float64Array.of(0, 0.5, 1.5);
    const inv = Float64Array.of(4);
    const k = gram(x, 3, 1, inv, 2, 0.1);
    const expected = [
      [2.1, 2 * matern52(1), 2 * matern52(3)],
      [2 * matern52(1), 2.1, 2 * matern52(2)],
      [2 * matern52(3), 2 * matern52(2), 2.1],
    ];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(k[i * 3 + j]).toBeCloseTo(expected[i]![j]!, 14);
    const c = crossCov(x, 3, Float64Array.of(9, 0.25), 1, 1, inv, 2);
    expect(c[0]).toBeCloseTo(2 * matern52(0.5), 14);
    expect(c[1]).toBeCloseTo(2 * matern52(0.5), 14);
    expect(c[2]).toBeCloseTo(2 * matern52(2.5), 14);
  });
});

describe('output standardization', () => {
  it('sample mean and (n − 1) standard deviation, scale 1 when degenerate', () => {
    expect(standardization([1, 3])).toEqual({ offset: 2, scale: Math.SQRT2 });
    expect(standardization([1, 2, 6])).toEqual({ offset: 3, scale: Math.sqrt(7) });
    expect(standardization([5])).toEqual({ offset: 5, scale: 1 });
    expect(standardization([])).toEqual({ offset: 0, scale: 1 });
    expect(standardization([-4, -4, -4])).toEqual({ offset: -4, scale: 1 });
    // the threshold is relative to max(1, |mean|): 7e-12 counts around 0, 7e-8 does not around 1e6
    expect(standardization([0, 1e-11]).scale).toBeCloseTo(1e-11 / Math.SQRT2, 20);
    expect(standardization([1e6, 1e6 + 1e-4]).scale).toBeCloseTo(1e-4 / Math.SQRT2, 8);
    expect(standardization([1e6, 1e6 + 1e-7]).scale).toBe(1);
    expect(standardization([-1e6, -1e6 + 1e-7]).scale).toBe(1);
  });
});

describe('two-point posterior by the closed-form 2×2 inverse', () => {
  // x = (0, 0.5), ℓ = 0.5 (r = 1 between them), σ² = 2, σₙ² = 0.1, c = 0.1; y = (1, 3) → ȳ = 2, s_y = √2.
  const hyper: GpHyper = { logLengthscales: [Math.log(0.5)], logSignalVar: Math.log(2), logNoiseVar: Math.log(0.1), mean: 0.1 };
  const x = Float64Array.of(0, 0.5);
  const y = [1, 3];
  const a = 2.1;
  const b = 2 * matern52(1);
  const det = a * a - b * b;
  const kinv = [a / det, -b / det, -b / det, a / det];
  const r = [-1 / Math.SQRT2 - 0.1, 1 / Math.SQRT2 - 0.1];
  const alpha = [kinv[0]! * r[0]! + kinv[1]! * r[1]!, kinv[2]! * r[0]! + kinv[3]! * r[1]!];

  it('μ(z) = ȳ + s_y(c + k*ᵀα) and σ²(z) = s_y²(σ² − k*ᵀK⁻¹k*) at z = 0.1 and 2', () => {
    const gp = right(conditionGp(x, y, 1, hyper));
    expect(gp.offset).toBe(2);
    expect(gp.scale).toBe(Math.SQRT2);
    expect(gp.alpha[0]).toBeCloseTo(alpha[0]!, 12);
    expect(gp.alpha[1]).toBeCloseTo(alpha[1]!, 12);
    const post = posterior(gp, Float64Array.of(0.1, 2), 2);
    for (const [j, z] of [[0, 0.1], [1, 2]] as const) {
      const ks = [2 * matern52(z / 0.5), 2 * matern52(Math.abs(z - 0.5) / 0.5)];
      const mu = 2 + Math.SQRT2 * (0.1 + ks[0]! * alpha[0]! + ks[1]! * alpha[1]!);
      const q = ks[0]! * (kinv[0]! * ks[0]! + kinv[1]! * ks[1]!) + ks[1]! * (kinv[2]! * ks[0]! + kinv[3]! * ks[1]!);
      expect(post.mean[j]).toBeCloseTo(mu, 12);
      expect(post.variance[j]).toBeCloseTo(2 * (2 - q), 12);
    }
  });

  it('a fixed standardization is used as given', () => {
    const gp = right(conditionGp(x, y, 1, hyper, { offset: 1, scale: 4 }));
    expect(Array.from(gp.yStd)).toEqual([0, 0.5]);
    const post = posterior(gp, Float64Array.of(0.1), 1);
    const ks = [2 * matern52(0.2), 2 * matern52(0.8)];
    const rr = [-0.1, 0.4];
    const al = [kinv[0]! * rr[0]! + kinv[1]! * rr[1]!, kinv[2]! * rr[0]! + kinv[3]! * rr[1]!];
    expect(post.mean[0]).toBeCloseTo(1 + 4 * (0.1 + ks[0]! * al[0]! + ks[1]! * al[1]!), 12);
  });

  it('the latent variance is floored at 1e-12·σ²·s_y² (a noise-free training point)', () => {
    // n = 1: s_y = 1; σ² − σ⁴/(σ² + 1e-20) rounds to 0
    const h: GpHyper = { logLengthscales: [0], logSignalVar: Math.log(2), logNoiseVar: Math.log(1e-20), mean: 0 };
    const gp = right(conditionGp(Float64Array.of(0.3), [7], 1, h));
    expect(posterior(gp, Float64Array.of(0.3), 1).variance[0]).toBeCloseTo(2e-12, 24);
    // with a fixed scale 3 the floor is 1e-12·σ²·9
    const gp3 = right(conditionGp(Float64Array.of(0.3), [7], 1, h, { offset: 0, scale: 3 }));
    expect(posterior(gp3, Float64Array.of(0.3), 1).variance[0]).toBeCloseTo(18e-12, 24);
  });

  it('addObservation appends the point, standardized with the GP\'s own offset and scale', () => {
    const gp1 = right(conditionGp(Float64Array.of(0), [1], 1, hyper, { offset: 2, scale: Math.SQRT2 }));
    const gp2 = right(addObservation(gp1, [0.5], 3));
    expect(gp2.n).toBe(2);
    expect(Array.from(gp2.x)).toEqual([0, 0.5]);
    expect(gp2.yStd[1]).toBeCloseTo(1 / Math.SQRT2, 15);
    expect(gp2.alpha[0]).toBeCloseTo(alpha[0]!, 12);
    expect(gp2.alpha[1]).toBeCloseTo(alpha[1]!, 12);
  });
});

describe('log marginal likelihood, exact values', () => {
  it('one point: −½r²/(σ² + σₙ²) − ½log(σ² + σₙ²) − ½log2π, and its gradient', () => {
    // θ = [log ℓ, log σ², log σₙ², c] = [0, log 2, log 0.5, 0.25]; y = 1.25 → r = 1, K = 2.5, α = 0.4
    const v = right(logMarginalLikelihood(Float64Array.of(0.3), [1.25], 1, 1, [0, Math.log(2), Math.log(0.5), 0.25]));
    expect(v.value).toBeCloseTo(-0.5 / 2.5 - 0.5 * Math.log(2.5) - 0.5 * LOG_2PI, 13);
    // ∂/∂θ = ½(α² − K⁻¹)·∂K/∂θ: ∂K/∂log σ² = 2, ∂K/∂log σₙ² = 0.5; ∂/∂c = α; no length-scale term
    expect(Array.from(v.gradient).map((g) => +g.toFixed(13))).toEqual([0, +(0.5 * (0.16 - 0.4) * 2).toFixed(13), +(0.5 * (0.16 - 0.4) * 0.5).toFixed(13), 0.4]);
  });

  it('two points: the 2×2 closed form, and the length-scale gradient ½(α₁α₂ − K⁻¹₁₂)·2·σ²·k\'', () => {
    // x = 0, 0.5; ℓ = 0.5 (r = 1); σ² = 2; σₙ² = 0.1; c = 0.1; y = (−0.5, 0.7)
    const theta = [Math.log(0.5), Math.log(2), Math.log(0.1), 0.1];
    const v = right(logMarginalLikelihood(Float64Array.of(0, 0.5), [-0.5, 0.7], 2, 1, theta));
    const a = 2.1;
    const b = 2 * matern52(1);
    const det = a * a - b * b;
    const r = [-0.6, 0.6];
    const quad = (a * (r[0]! ** 2 + r[1]! ** 2) - 2 * b * r[0]! * r[1]!) / det;
    expect(v.value).toBeCloseTo(-0.5 * quad - 0.5 * Math.log(det) - LOG_2PI, 13);
    const al = [(a * r[0]! - b * r[1]!) / det, (a * r[1]! - b * r[0]!) / det];
    const k12 = -b / det;
    const kii = a / det;
    // ∂K₁₂/∂log ℓ = σ²·(5/3)(1 + √5r)e^{−√5r}·r² with r = 1; the pair appears twice in the trace
    const dK12 = 2 * matern52Deriv(1);
    expect(v.gradient[0]).toBeCloseTo((al[0]! * al[1]! - k12) * dK12, 12);
    expect(v.gradient[1]).toBeCloseTo(0.5 * (al[0]! ** 2 + al[1]! ** 2 - 2 * kii) * 2 + (al[0]! * al[1]! - k12) * b, 12);
    expect(v.gradient[2]).toBeCloseTo(0.5 * 0.1 * (al[0]! ** 2 + al[1]! ** 2 - 2 * kii), 12);
    expect(v.gradient[3]).toBeCloseTo(al[0]! + al[1]!, 13);
  });

  it('ARD gradient: each length-scale gets its own dimension\'s share', () => {
    // x = (0, 0), (0.3, 0.4); ℓ = (0.3, 0.2): r² = 1 + 4
    const theta = [Math.log(0.3), Math.log(0.2), 0, Math.log(0.01), 0];
    const v = right(logMarginalLikelihood(Float64Array.of(0, 0, 0.3, 0.4), [1, -1], 2, 2, theta));
    const a = 1.01;
    const b = matern52(S5);
    const det = a * a - b * b;
    const al = [(a + b) / det, -(a + b) / det];
    const w = al[0]! * al[1]! + b / det;
    expect(v.gradient[0]).toBeCloseTo(w * matern52Deriv(S5) * 1, 12);
    expect(v.gradient[1]).toBeCloseTo(w * matern52Deriv(S5) * 4, 12);
  });

  it('a matrix that cannot be factorized is a Left, not a number', () => {
    const bad = logMarginalLikelihood(Float64Array.of(0.5, 0.5), [0, 1], 2, 1, [0, 0, NaN, 0]);
    expect(E.isLeft(bad)).toBe(true);
  });
});

describe('Cholesky, exact values', () => {
  it('factors [[4, 2], [2, 3]] as [[2, 0], [1, √2]] with no jitter; solves, inverts, log-det', () => {
    const c = right(cholesky(Float64Array.of(4, 2, 2, 3), 2));
    expect(Array.from(c.l)).toEqual([2, 0, 1, Math.SQRT2]);
    expect(c.jitter).toBe(0);
    expect(Array.from(solveLower(c, [2, 3]))).toEqual([1, 2 / Math.SQRT2]);
    const x = solveUpper(c, [1, 1]);
    expect(x[1]).toBeCloseTo(1 / Math.SQRT2, 15);
    expect(x[0]).toBeCloseTo((1 - 1 / Math.SQRT2) / 2, 15);
    const s = solve(c, [8, 7]);
    expect(s[0]).toBeCloseTo(1.25, 14);
    expect(s[1]).toBeCloseTo(1.5, 14);
    expect(logDet(c)).toBeCloseTo(Math.log(8), 14);
    const inv = inverse(c);
    expect(Array.from(inv).map((v) => +v.toFixed(14))).toEqual([3 / 8, -2 / 8, -2 / 8, 4 / 8].map((v) => +v.toFixed(14)));
  });

  it('a 5×5 lower-triangular solve and inverse exercise the unrolled loops', () => {
    // A = L Lᵀ with L = [[1],[1,1],[1,1,1],…] (all ones below the diagonal): L⁻¹ has 1 on the diagonal, −1 below it
    const n = 5;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = Math.min(i, j) + 1;
    const c = right(cholesky(a, n));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(c.l[i * n + j]).toBe(j <= i ? 1 : 0);
    expect(Array.from(solveLower(c, [1, 2, 3, 4, 5]))).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(solveUpper(c, [1, 1, 1, 1, 1]))).toEqual([0, 0, 0, 0, 1]);
    const inv = inverse(c);
    // (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹: tridiagonal, 2 on the diagonal but 1 at the end, −1 beside it
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) expect(inv[i * n + j]).toBe(i === j ? (i === n - 1 ? 1 : 2) : Math.abs(i - j) === 1 ? -1 : 0);
  });

  it('jitter escalates by 10× from τ₀·mean|diag|, and the failure names the last row and jitter', () => {
    // Schur complement −1e-9: 1e-10 fails, 1e-9 works (τ needs > 5e-10)
    const a = Float64Array.of(3, 3, 3, 3 - 3e-9);
    const c = right(cholesky(a, 2));
    expect(c.jitter).toBeCloseTo(1e-10 * ((6 - 3e-9) / 2) * 10, 24);
    expect(right(cholesky(a, 2, { initialJitter: 1e-9 })).jitter).toBeCloseTo(1e-9 * ((6 - 3e-9) / 2), 24);
    expect(E.isLeft(cholesky(a, 2, { maxTries: 1 }))).toBe(true);
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2)).toEqual(E.left({ _tag: 'NotPositiveDefinite', n: 2, row: 1, jitter: 1e-10 * 1e7 }));
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2, { maxTries: 2 })).toEqual(E.left({ _tag: 'NotPositiveDefinite', n: 2, row: 1, jitter: 1e-10 * 10 }));
    // a negative diagonal: mean |diag| is 1, the first pivot fails at every jitter
    expect(cholesky(Float64Array.of(-1, 0, 0, -1), 2, { maxTries: 1 })).toEqual(E.left({ _tag: 'NotPositiveDefinite', n: 2, row: 0, jitter: 1e-10 }));
    // an all-zero matrix: mean diag 0 counts as 1
    expect(right(cholesky(Float64Array.of(0), 1)).jitter).toBe(1e-10);
  });

  it('extend floors a vanishing Schur complement at 1e-10·|d| and fails when d is 0', () => {
    const c = right(cholesky(Float64Array.of(1), 1));
    const e = right(extend(c, [1], 1));
    expect(Array.from(e.l)).toEqual([1, 0, 1, Math.sqrt(1e-10)]);
    const e2 = right(extend(c, [0.5], 2));
    expect(Array.from(e2.l)).toEqual([1, 0, 0.5, Math.sqrt(1.75)]);
    expect(extend(c, [1], 0)).toEqual(E.left({ _tag: 'NotPositiveDefinite', n: 2, row: 1, jitter: 0 }));
    // the factor's jitter is added to the new diagonal too
    const cj = right(cholesky(Float64Array.of(0), 1));
    const ej = right(extend(cj, [0], 1));
    expect(ej.jitter).toBe(1e-10);
    expect(ej.l[3]).toBe(Math.sqrt(1 + 1e-10));
  });
});

describe('hyper-parameters', () => {
  it('pack / unpack / bounds / clip', () => {
    const h: GpHyper = { logLengthscales: [0.1, 0.2], logSignalVar: 0.3, logNoiseVar: -4, mean: 0.5 };
    expect(Array.from(pack(h))).toEqual([0.1, 0.2, 0.3, -4, 0.5]);
    expect(unpack(pack(h), 2)).toEqual(h);
    const { lower, upper } = bounds(2);
    expect(Array.from(lower)).toEqual([Math.log(0.01), Math.log(0.01), Math.log(0.01), Math.log(1e-8), -5]);
    expect(Array.from(upper)).toEqual([Math.log(2), Math.log(2), Math.log(100), 0, 5]);
    expect(Array.from(clip(Float64Array.of(-100, 100, 0, 3, -9)))).toEqual([Math.log(0.01), Math.log(2), 0, 0, -5]);
    expect(defaultHyper(2)).toEqual({ logLengthscales: [Math.log(0.5), Math.log(0.5)], logSignalVar: 0, logNoiseVar: Math.log(1e-4), mean: 0 });
  });

  it('log prior: −½Σ((θᵢ − μᵢ)/sᵢ)² with gradient −(θᵢ − μᵢ)/sᵢ²', () => {
    const mu = [PRIOR.logLengthscale.mu, PRIOR.logSignalVar.mu, PRIOR.logNoiseVar.mu, PRIOR.mean.mu];
    const sd = [PRIOR.logLengthscale.sd, PRIOR.logSignalVar.sd, PRIOR.logNoiseVar.sd, PRIOR.mean.sd];
    const theta = mu.map((m, i) => m + (i + 1) * sd[i]!);
    const p = logPrior(theta);
    expect(p.value).toBeCloseTo(-0.5 * (1 + 4 + 9 + 16), 12);
    p.gradient.forEach((g, i) => expect(g).toBeCloseTo(-(i + 1) / sd[i]!, 12));
  });

  it('prior draws lie inside the bounds and depend on the seed', () => {
    const { lower, upper } = bounds(3);
    const draws = Array.from({ length: 50 }, (_, s) => pack(sampleHyper(3, makeRng(s))));
    for (const t of draws) t.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(lower[i]!);
      expect(v).toBeLessThanOrEqual(upper[i]!);
    });
    // every component actually varies (each is a draw, not a constant)
    for (let i = 0; i < 6; i++) expect(new Set(draws.map((t) => t[i])).size).toBeGreaterThan(10);
    // centred where the prior says: mean log ℓ near log 0.25, mean c near 0
    const avg = (i: number) => draws.reduce((s, t) => s + t[i]!, 0) / draws.length;
    expect(Math.abs(avg(0) - Math.log(0.25))).toBeLessThan(0.35);
    expect(Math.abs(avg(3) - 0)).toBeLessThan(0.4);
    expect(Math.abs(avg(4) - Math.log(1e-4))).toBeLessThan(1.2);
    expect(Math.abs(avg(5))).toBeLessThan(0.25);
  });
});

describe('fitGp options', () => {
  const data = (n: number) => {
    const r = makeRng(3);
    const x = Float64Array.from({ length: n }, () => r.next());
    return { x, y: Float64Array.from(x, (v) => Math.sin(6 * v)) };
  };

  it('a warm start of the wrong dimension is ignored; the default start alone reaches the same fit as a matching one', () => {
    const { x, y } = data(8);
    const base = right(fitGp(x, y, 1, makeRng(1), { restarts: 0 }));
    const wrong = right(fitGp(x, y, 1, makeRng(1), { restarts: 0, warmStart: defaultHyper(2), defaultStart: false }));
    expect(wrong.hyper).toEqual(base.hyper);
  });

  it('the fit maximises likelihood + prior: its θ scores at least as well as every start, and the prior can be left out', () => {
    const { x, y } = data(10);
    const gp = right(fitGp(x, y, 1, makeRng(2), { restarts: 2 }));
    const ys = Float64Array.from(y, (v) => (v - gp.offset) / gp.scale);
    const obj = (t: ArrayLike<number>) => right(logMarginalLikelihood(x, ys, 10, 1, t)).value + logPrior(t).value;
    expect(obj(pack(gp.hyper))).toBeGreaterThan(obj(pack(defaultHyper(1))));
    const noPrior = right(fitGp(x, y, 1, makeRng(2), { restarts: 2, prior: false }));
    const lml = (t: ArrayLike<number>) => right(logMarginalLikelihood(x, ys, 10, 1, t)).value;
    expect(lml(pack(noPrior.hyper))).toBeGreaterThan(lml(pack(gp.hyper)));
    expect(obj(pack(gp.hyper))).toBeGreaterThan(obj(pack(noPrior.hyper)));
  });

  it('a warm start at the optimum, with no other start, stays there', () => {
    const { x, y } = data(10);
    const gp = right(fitGp(x, y, 1, makeRng(2), { restarts: 3 }));
    const again = right(fitGp(x, y, 1, makeRng(9), { restarts: 0, warmStart: gp.hyper, defaultStart: false }));
    pack(again.hyper).forEach((v, i) => expect(v).toBeCloseTo(pack(gp.hyper)[i]!, 4));
  });

  it('maxFitPoints fits θ on a subset but conditions on every point', () => {
    const { x, y } = data(12);
    const gp = right(fitGp(x, y, 1, makeRng(4), { maxFitPoints: 5, restarts: 0 }));
    expect(gp.n).toBe(12);
    const full = right(fitGp(x, y, 1, makeRng(4), { restarts: 0 }));
    expect(pack(gp.hyper)).not.toEqual(pack(full.hyper));
    // with maxFitPoints ≥ n nothing changes
    const all = right(fitGp(x, y, 1, makeRng(4), { maxFitPoints: 12, restarts: 0 }));
    expect(all.hyper).toEqual(full.hyper);
  });
});

describe('edge cases found by mutation testing', () => {
  it('a jitter retry after a failure at the last row recomputes every entry (no stale values from the failed attempt)', () => {
    // diag(1, 1, 1, 1, 0): the first attempt writes rows 0–3 and fails at row 4; the retry gives diag(√(1 + τ), …, √τ)
    const n = 5;
    const a = new Float64Array(n * n);
    for (let i = 0; i < 4; i++) a[i * n + i] = 1;
    const c = right(cholesky(a, n));
    const tau = c.jitter;
    expect(tau).toBe(1e-10 * 0.8);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(c.l[i * n + j]).toBe(i !== j ? 0 : Math.sqrt((i < 4 ? 1 : 0) + tau));
  });

  it('a jitter retry on a 5×5 matrix starts from a clean factor (L Lᵀ = A + jitter·I)', () => {
    // rank-1 matrix of ones: the first attempt fails at row 1 after writing row 0; the retry must not read it
    const n = 5;
    const a = new Float64Array(n * n).fill(1);
    const c = right(cholesky(a, n));
    expect(c.jitter).toBeGreaterThan(0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += c.l[i * n + k]! * c.l[j * n + k]!;
        expect(s).toBeCloseTo(1 + (i === j ? c.jitter : 0), 12);
      }
  });

  it('extend keeps a small positive Schur complement as it is (the floor applies only at ≤ 0)', () => {
    const c = right(cholesky(Float64Array.of(1), 1));
    const d = 1 + 1e-12;
    const e = right(extend(c, [1], d));
    expect(e.l[3]).toBe(Math.sqrt(d - 1));
  });

  it('a non-finite input is a Left from conditionGp and addObservation, not an exception', () => {
    const h = defaultHyper(1);
    expect(E.isLeft(conditionGp(Float64Array.of(NaN, 0.5), [1, 2], 1, h))).toBe(true);
    const gp = right(conditionGp(Float64Array.of(0.5), [1], 1, h));
    expect(E.isLeft(addObservation(gp, [NaN], 2))).toBe(true);
    const bad = fitGp(Float64Array.of(0.2, NaN, 0.7), [1, 2, 3], 1, makeRng(1), { restarts: 1 });
    expect(E.isLeft(bad)).toBe(true);
  });

  it('a prior draw is μ + s·N(0,1) per component, from the given generator, clipped', () => {
    const r = makeRng(5);
    const expected = clip(Float64Array.from([
      PRIOR.logLengthscale.mu + 0.7 * r.normal(),
      PRIOR.logLengthscale.mu + 0.7 * r.normal(),
      PRIOR.logSignalVar.mu + 0.5 * r.normal(),
      Math.log(1e-4) + 2 * r.normal(),
      0.5 * r.normal(),
    ]));
    expect(Array.from(pack(sampleHyper(2, makeRng(5))))).toEqual(Array.from(expected));
  });
});

describe('fitGp: multi-start and subset, against single-start fits', () => {
  const r = makeRng(11);
  const n = 14;
  const d = 2;
  const x = Float64Array.from({ length: n * d }, () => r.next());
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(5 * x[i * d]!) + 0.5 * Math.cos(7 * x[i * d + 1]!));
  const stdz = standardization(y);
  const ys = Float64Array.from(y, (v) => (v - stdz.offset) / stdz.scale);
  const negObjective = (t: ArrayLike<number>) => -(right(logMarginalLikelihood(x, ys, n, d, t)).value + logPrior(t).value);

  it('the fit is the best of its starts: the default and two prior draws (in generator order)', () => {
    // 3 evaluations per start, so that every start ends somewhere else (fully run, they converge to one optimum here)
    const e = 3;
    const full = right(fitGp(x, y, d, makeRng(3), { maxEvalsPerStart: e }));
    const g = makeRng(3);
    const draw1 = sampleHyper(d, g);
    const draw2 = sampleHyper(d, g);
    const single = [
      right(fitGp(x, y, d, makeRng(99), { restarts: 0, maxEvalsPerStart: e })),
      right(fitGp(x, y, d, makeRng(99), { restarts: 0, warmStart: draw1, defaultStart: false, maxEvalsPerStart: e })),
      right(fitGp(x, y, d, makeRng(99), { restarts: 0, warmStart: draw2, defaultStart: false, maxEvalsPerStart: e })),
    ].map((gp) => ({ theta: pack(gp.hyper), value: negObjective(pack(gp.hyper)) }));
    // the starts end at different values, so the choice matters
    expect(new Set(single.map((s) => s.value)).size).toBe(3);
    const best = single.reduce((a, b) => (b.value < a.value ? b : a));
    expect(Array.from(pack(full.hyper))).toEqual(Array.from(best.theta));
    // a warm start plus the default start: the better of the two
    const both = right(fitGp(x, y, d, makeRng(99), { restarts: 0, warmStart: draw1, maxEvalsPerStart: e }));
    const better2 = single[1]!.value < single[0]!.value ? single[1]! : single[0]!;
    expect(Array.from(pack(both.hyper))).toEqual(Array.from(better2.theta));
  });

  it('two prior draws by default beat a poor warm start; with n ≤ maxFitPoints no subset is drawn (the generator feeds the draws)', () => {
    const poor: GpHyper = { logLengthscales: [Math.log(0.01), Math.log(2)], logSignalVar: Math.log(100), logNoiseVar: Math.log(0.5), mean: 4 };
    const o = { maxEvalsPerStart: 3, warmStart: poor, defaultStart: false };
    const full = right(fitGp(x, y, d, makeRng(2), o));
    const warmOnly = right(fitGp(x, y, d, makeRng(2), { ...o, restarts: 0 }));
    expect(negObjective(pack(full.hyper))).toBeLessThan(negObjective(pack(warmOnly.hyper)));
    const g = makeRng(2);
    const draws = [sampleHyper(d, g), sampleHyper(d, g)].map((w) => right(fitGp(x, y, d, makeRng(99), { ...o, warmStart: w, restarts: 0 })));
    const best = [warmOnly, ...draws].reduce((a, b) => (negObjective(pack(b.hyper)) < negObjective(pack(a.hyper)) ? b : a));
    expect(full.hyper).toEqual(best.hyper);
    expect(right(fitGp(x, y, d, makeRng(2), { ...o, maxFitPoints: n })).hyper).toEqual(full.hyper);
  });

  it('a converged fit is a stationary point of log likelihood + log prior on the standardized data', () => {
    const gp = right(fitGp(x, y, d, makeRng(3), { maxEvalsPerStart: 200 }));
    const t = pack(gp.hyper);
    const g = right(logMarginalLikelihood(x, ys, n, d, t)).gradient;
    const pg = logPrior(t).gradient;
    const { lower, upper } = bounds(d);
    for (let i = 0; i < t.length; i++) {
      if (t[i]! <= lower[i]! + 1e-9 || t[i]! >= upper[i]! - 1e-9) continue; // at a bound the gradient need not vanish
      expect(Math.abs(g[i]! + pg[i]!)).toBeLessThan(1e-3);
    }
  });

  it('the evaluation budget reaches L-BFGS: 1 evaluation leaves θ at its (clipped) start', () => {
    expect(right(fitGp(x, y, d, makeRng(3), { restarts: 0, maxEvalsPerStart: 1 })).hyper).toEqual(unpack(clip(pack(defaultHyper(d))), d));
    const wide: GpHyper = { logLengthscales: [5, -9], logSignalVar: 0, logNoiseVar: -4, mean: 9 };
    expect(right(fitGp(x, y, d, makeRng(3), { restarts: 0, maxEvalsPerStart: 1, warmStart: wide, defaultStart: false })).hyper).toEqual(
      unpack(clip(pack(wide)), d),
    );
  });

  it('maxFitPoints fits θ on the subset a partial Fisher–Yates draws (the objective uses the full data\'s standardization)', () => {
    const k = 6;
    const g = makeRng(8);
    const idx = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + g.int(n - i);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    const sub = idx.slice(0, k).sort((a, b) => a - b);
    const xs = Float64Array.from(sub.flatMap((i) => [x[i * d]!, x[i * d + 1]!]));
    const yss = Float64Array.from(sub, (i) => ys[i]!);
    const subObjective = (t: ArrayLike<number>) => -(right(logMarginalLikelihood(xs, yss, k, d, t)).value + logPrior(t).value);
    const gp = right(fitGp(x, y, d, makeRng(8), { maxFitPoints: k, restarts: 0, maxEvalsPerStart: 60 }));
    // the subset's own optimum is better for the subset objective than the full-data fit, and vice versa
    const full = right(fitGp(x, y, d, makeRng(8), { restarts: 0 }));
    expect(subObjective(pack(gp.hyper))).toBeLessThan(subObjective(pack(full.hyper)));
    expect(negObjective(pack(full.hyper))).toBeLessThan(negObjective(pack(gp.hyper)));
    // and the GP is conditioned on every point, with the full data's standardization
    expect(gp.n).toBe(n);
    expect(gp.offset).toBe(stdz.offset);
    expect(gp.scale).toBe(stdz.scale);
    // exactly: L-BFGS (60 evaluations, in the box) on −(log likelihood + log prior) of the sorted subset, from the
    // (poor) warm start and from the prior draw that follows the k Fisher–Yates steps; the draw wins
    const { lower, upper } = bounds(d);
    const f = (t: Float64Array) => {
      const v = right(logMarginalLikelihood(xs, yss, k, d, t));
      const pr = logPrior(t);
      return { value: -(v.value + pr.value), gradient: v.gradient.map((gi, i) => -(gi + pr.gradient[i]!)) };
    };
    const poor: GpHyper = { logLengthscales: [Math.log(0.01), Math.log(2)], logSignalVar: Math.log(100), logNoiseVar: Math.log(0.5), mean: 4 };
    const runs = [poor, sampleHyper(d, g)].map((h) => lbfgs(f, clip(pack(h)), { lower, upper, maxEvals: 3 }));
    expect(runs[1]!.value).toBeLessThan(runs[0]!.value);
    const gp1 = right(fitGp(x, y, d, makeRng(8), { maxFitPoints: k, restarts: 1, maxEvalsPerStart: 3, warmStart: poor, defaultStart: false }));
    expect(Array.from(pack(gp1.hyper))).toEqual(Array.from(runs[1]!.x));
    // the same subset drawn again gives the same θ; another seed draws another subset
    expect(right(fitGp(x, y, d, makeRng(8), { maxFitPoints: k, restarts: 0 })).hyper).toEqual(gp.hyper);
    expect(right(fitGp(x, y, d, makeRng(1), { maxFitPoints: k, restarts: 0 })).hyper).not.toEqual(gp.hyper);
  });
});
