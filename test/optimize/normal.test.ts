import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, erfcx, logNormCdf, normCdf } from '../../src/optimize/numeric/normal.js';

describe('normal distribution helpers', () => {
  it('erfcx matches reference values (Abramowitz & Stegun / mpmath)', () => {
    expect(erfcx(0)).toBe(1);
    expect(erfcx(1)).toBeCloseTo(0.42758357615580705, 14);
    expect(erfcx(2)).toBeCloseTo(0.25539567631050574, 14);
    // erfc(5) = 1.5374597944280349e-12 (A&S table 7.1) ⇒ erfcx(5) = erfc(5)·e²⁵
    expect(erfcx(5)).toBeCloseTo(1.5374597944280349e-12 * Math.exp(25), 14);
    expect(erfcx(30) * 30 * Math.sqrt(Math.PI)).toBeCloseTo(1 - 1 / (2 * 900) + 3 / (4 * 900 * 900), 8);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 14);
  });

  it('the two erfcx branches agree at the switch point x = 2', () => {
    expect(erfcx(2 - 1e-12)).toBeCloseTo(erfcx(2), 11);
  });

  it('normCdf is monotone and Φ(z) + Φ(−z) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (z) => {
        expect(normCdf(z) + normCdf(-z)).toBeCloseTo(1, 12);
        expect(normCdf(z + 0.01)).toBeGreaterThanOrEqual(normCdf(z));
      }),
    );
  });

  it('logNormCdf equals log Φ where Φ is representable and stays finite far in the tail', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 10, noNaN: true }), (z) => {
        expect(logNormCdf(z)).toBeCloseTo(Math.log(normCdf(z)), 8);
      }),
    );
    // log Φ(−40) = −804.6084420137538 (mpmath)
    expect(logNormCdf(-40)).toBeCloseTo(-804.6084420137538, 8);
    expect(Number.isFinite(logNormCdf(-1e5))).toBe(true);
  });
});
