/**
 * Signed fixed-point formats (Minerva stage 3, Reagen et al. ISCA 2016 §6): a value is stored as a two's
 * complement integer k of `1 + intBits + fracBits` bits and means k · 2^−fracBits. Representable range
 * [−2^intBits, 2^intBits − 2^−fracBits], step (LSB) 2^−fracBits.
 *
 * Quantization rounds to the nearest step (ties away from zero) and saturates at the ends of the range, so
 * within the range the error is at most half an LSB, and quantizing a quantized value changes nothing.
 *
 * @example quantizeValue(0.3, { intBits: 0, fracBits: 2 }) // 0.25 (step 0.25); quantizeValue(5, { intBits: 1, fracBits: 0 }) // 1 (saturated)
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Signed fixed point: total bits = 1 (sign) + intBits + fracBits. Same shape as `train`'s `FixedPoint`. */
export interface FixedPointFormat {
  readonly intBits: number;
  readonly fracBits: number;
}

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Total bits of a format: 1 + intBits + fracBits. */
export const totalBits = (f: FixedPointFormat): number => 1 + f.intBits + f.fracBits;

/** The step between representable values: 2^−fracBits. */
export const lsb = (f: FixedPointFormat): number => 2 ** -f.fracBits;

/** Largest and smallest representable values: 2^intBits − 2^−fracBits and −2^intBits. */
export const range = (f: FixedPointFormat): { readonly min: number; readonly max: number } => ({ min: -(2 ** f.intBits), max: 2 ** f.intBits - lsb(f) });

/** The integer word k (in [−2^(int+frac), 2^(int+frac) − 1]) that stores x: round(x · 2^frac), saturated. */
export const toWord = (x: number, f: FixedPointFormat): number => {
  const scaled = x * 2 ** f.fracBits;
  const r = Math.sign(scaled) * Math.round(Math.abs(scaled));
  const hi = 2 ** (f.intBits + f.fracBits);
  return r >= hi ? hi - 1 : r < -hi ? -hi : r + 0; // + 0 turns −0 into 0
};

/** The value a word means: k · 2^−frac. */
export const fromWord = (k: number, f: FixedPointFormat): number => k * 2 ** -f.fracBits;

/** x rounded to the nearest representable value of `f` (ties away from zero), saturated to its range. */
export const quantizeValue = (x: number, f: FixedPointFormat): number => fromWord(toWord(x, f), f);

/** A quantized copy of `xs` (the input is not modified). */
export const quantizeArray = (xs: Float32Array, f: FixedPointFormat): Float32Array => {
  const out = new Float32Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = quantizeValue(xs[i]!, f);
  return out;
};

/**
 * The fewest integer bits whose range holds every |x| ≤ maxAbs without saturation at the top
 * (2^intBits > maxAbs, intBits ≥ 0): ⌈log2(maxAbs)⌉ (+1 when maxAbs is a power of two).
 */
export const intBitsFor = (maxAbs: number): number => {
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return 0;
  let i = Math.max(0, Math.ceil(Math.log2(maxAbs)));
  while (2 ** i <= maxAbs) i++;
  while (i > 0 && 2 ** (i - 1) > maxAbs) i--;
  return i;
};

/** max |x| over an array (0 when empty). */
export const maxAbs = (xs: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const a = Math.abs(xs[i]!);
    if (a > m) m = a;
  }
  return m;
};
