/** Fixed-point rounding and saturation: exact cases, and properties (error ≤ half an LSB, idempotence). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromWord, intBitsFor, lsb, quantizeArray, quantizeValue, range, toWord, totalBits } from '../../src/compress/fixedPoint.js';

const fmtArb = fc.record({ intBits: fc.integer({ min: 0, max: 8 }), fracBits: fc.integer({ min: 0, max: 14 }) });

describe('fixed point: exact values', () => {
  it('Q0.2: step 0.25, range [-1, 0.75]', () => {
    const f = { intBits: 0, fracBits: 2 };
    expect(totalBits(f)).toBe(3);
    expect(lsb(f)).toBe(0.25);
    expect(range(f)).toEqual({ min: -1, max: 0.75 });
    expect(quantizeValue(0.3, f)).toBe(0.25);
    expect(quantizeValue(0.375, f)).toBe(0.5); // tie: away from zero
    expect(quantizeValue(-0.375, f)).toBe(-0.5);
    expect(quantizeValue(0.9, f)).toBe(0.75); // saturates at the top
    expect(quantizeValue(-5, f)).toBe(-1); // and at the bottom
    expect(Object.is(quantizeValue(-0.1, f), 0)).toBe(true); // no negative zero
  });
  it('words are two\'s complement integers of 1 + int + frac bits', () => {
    const f = { intBits: 1, fracBits: 3 }; // 5 bits: [-16, 15] → [-2, 1.875]
    expect(toWord(1.875, f)).toBe(15);
    expect(toWord(100, f)).toBe(15);
    expect(toWord(-2, f)).toBe(-16);
    expect(toWord(-0.6, f)).toBe(-5);
    expect(fromWord(-5, f)).toBe(-0.625);
  });
  it('intBitsFor: the fewest integer bits with 2^int > max |x|', () => {
    expect(intBitsFor(0)).toBe(0);
    expect(intBitsFor(0.99)).toBe(0);
    expect(intBitsFor(1)).toBe(1);
    expect(intBitsFor(1.5)).toBe(1);
    expect(intBitsFor(2)).toBe(2);
    expect(intBitsFor(7.9)).toBe(3);
  });
});

describe('fixed point: properties', () => {
  it('within range the error is at most half an LSB', () => {
    fc.assert(fc.property(fmtArb, fc.double({ min: -1, max: 1, noNaN: true }), (f, u) => {
      const r = range(f);
      const x = r.min + ((u + 1) / 2) * (r.max - r.min);
      expect(Math.abs(quantizeValue(x, f) - x)).toBeLessThanOrEqual(lsb(f) / 2 + 1e-12);
    }));
  });
  it('quantizing twice = quantizing once (also on Float32Array)', () => {
    fc.assert(fc.property(fmtArb, fc.array(fc.double({ min: -300, max: 300, noNaN: true }), { maxLength: 20 }), (f, xs) => {
      for (const x of xs) expect(quantizeValue(quantizeValue(x, f), f)).toBe(quantizeValue(x, f));
      const once = quantizeArray(Float32Array.from(xs), f);
      expect(quantizeArray(once, f)).toEqual(once);
    }));
  });
  it('results are representable: a multiple of the LSB inside the range', () => {
    fc.assert(fc.property(fmtArb, fc.double({ min: -1e6, max: 1e6, noNaN: true }), (f, x) => {
      const q = quantizeValue(x, f);
      const r = range(f);
      expect(q).toBeGreaterThanOrEqual(r.min);
      expect(q).toBeLessThanOrEqual(r.max);
      expect(Number.isInteger(q / lsb(f))).toBe(true);
    }));
  });
});
