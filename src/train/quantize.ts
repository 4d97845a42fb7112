/**
 * Signed fixed-point quantization (Minerva stage 3 formats): 1 sign bit, `intBits` integer bits, `fracBits`
 * fraction bits; LSB = 2^−fracBits; representable range [−2^intBits, 2^intBits − LSB]. Round to nearest
 * (ties away from zero), saturate at the range ends. NaN maps to 0.
 */
import type { FixedPoint } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** @example quantizeValue(0.3, { intBits: 0, fracBits: 2 }) // 0.25 */
export const quantizeValue = (x: number, f: FixedPoint): number => {
  const lsb = Math.pow(2, -f.fracBits);
  const hi = Math.pow(2, f.intBits) - lsb;
  const lo = -Math.pow(2, f.intBits);
  if (Number.isNaN(x)) return 0;
  const q = Math.sign(x) * Math.round(Math.abs(x) / lsb) * lsb;
  return q > hi ? hi : q < lo ? lo : q === 0 ? 0 : q;
};

/** Quantize `x[0 .. n)` in place. */
export const quantizeInPlace = (x: Float64Array | Float32Array, n: number, f: FixedPoint): void => {
  for (let i = 0; i < n; i++) x[i] = quantizeValue(x[i]!, f);
};

/** Total bits of a format: 1 + intBits + fracBits. */
export const fixedPointBits = (f: FixedPoint): number => 1 + f.intBits + f.fracBits;
