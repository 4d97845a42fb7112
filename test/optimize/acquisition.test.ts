import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constrainedEi, logConstrainedEi } from '../../src/optimize/acquisition/constrained.js';
import { expectedImprovement, logExpectedImprovement } from '../../src/optimize/acquisition/ei.js';
import { logProbabilityOfFeasibility, probabilityOfFeasibility } from '../../src/optimize/acquisition/feasibility.js';

const mean = fc.double({ min: -50, max: 50, noNaN: true });
const variance = fc.double({ min: 0, max: 100, noNaN: true });

describe('expected improvement (mock posterior)', () => {
  it('matches closed-form values', () => {
    // μ = f*, σ = 1: EI = φ(0)
    expect(expectedImprovement(0, 1, 0)).toBeCloseTo(0.3989422804014327, 14);
    // μ = 0, σ = 2, f* = 1: z = 0.5, EI = 2·(φ(0.5) + 0.5·Φ(0.5)) = 1.1978680...
    expect(expectedImprovement(0, 4, 1)).toBeCloseTo(2 * (0.3520653267642995 + 0.5 * 0.6914624612740131), 12);
    // zero variance: EI = max(f* − μ, 0)
    expect(expectedImprovement(1, 0, 3)).toBe(2);
    expect(expectedImprovement(3, 0, 1)).toBe(0);
  });

  it('EI ≥ 0 everywhere and log EI = log(EI) where EI is representable', () => {
    fc.assert(
      fc.property(mean, variance, mean, (m, v, best) => {
        const ei = expectedImprovement(m, v, best);
        expect(ei).toBeGreaterThanOrEqual(0);
        if (ei > 1e-250) expect(logExpectedImprovement(m, v, best)).toBeCloseTo(Math.log(ei), 6);
      }),
    );
  });

  it('log EI stays finite and monotone where EI underflows', () => {
    const a = logExpectedImprovement(100, 1, 0);
    const b = logExpectedImprovement(101, 1, 0);
    expect(expectedImprovement(100, 1, 0)).toBe(0);
    expect(Number.isFinite(a)).toBe(true);
    expect(b).toBeLessThan(a);
    // Asymptote: log EI ≈ −z²/2 − ½log2π − 2log|z| for z = −100.
    expect(a).toBeCloseTo(-5000 - 0.9189385332046728 - 2 * Math.log(100), 3);
    expect(Number.isFinite(logExpectedImprovement(1e9, 1, 0))).toBe(true);
  });
});

describe('feasibility and HW-IECI', () => {
  it('PoF is Φ(−μ/σ) and log PoF is its logarithm', () => {
    expect(probabilityOfFeasibility(0, 1)).toBe(0.5);
    expect(probabilityOfFeasibility(-1, 0)).toBe(1);
    expect(logProbabilityOfFeasibility(1, 0)).toBe(-Infinity);
    expect(logProbabilityOfFeasibility(2, 1)).toBeCloseTo(Math.log(probabilityOfFeasibility(2, 1)), 12);
  });

  it('is EI × Π PoF when the a-priori predicates hold, and 0 (−∞ in log space) when one fails', () => {
    fc.assert(
      fc.property(mean, variance, mean, fc.array(fc.tuple(mean, variance), { maxLength: 3 }), fc.boolean(), (m, v, best, cs, ok) => {
        const cons = cs.map(([cm, cv]) => ({ mean: cm, variance: cv }));
        const cei = constrainedEi({ mean: m, variance: v }, best, cons, ok);
        const ei = expectedImprovement(m, v, best);
        expect(cei).toBeGreaterThanOrEqual(0);
        expect(cei).toBeLessThanOrEqual(ei);
        if (!ok) {
          expect(cei).toBe(0);
          expect(logConstrainedEi({ mean: m, variance: v }, best, cons, ok)).toBe(-Infinity);
        } else if (cei > 1e-250) {
          expect(logConstrainedEi({ mean: m, variance: v }, best, cons, ok)).toBeCloseTo(Math.log(cei), 6);
        }
      }),
    );
  });

  it('without an incumbent the score is the probability of feasibility alone', () => {
    expect(constrainedEi({ mean: 0, variance: 1 }, undefined, [{ mean: 0, variance: 1 }], true)).toBe(0.5);
  });
});
