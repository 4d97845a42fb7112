/**
 * Rounding a density-scaled count up to whole elements, robust to floating-point error.
 *
 * Sparse counts are `⌈n · d⌉` for an integer count n and a density d given as a decimal (Sparseloop's
 * fixed-structured model). In doubles, n · d can land a few ulps above an integer the exact product equals:
 * 200 × 0.275 = 55.00000000000001, which a plain `Math.ceil` turns into 56. `ceilCount` treats a value within a
 * relative `CEIL_EPSILON` (2⁻⁴⁰ ≈ 9.1e-13) of an integer as that integer, then rounds up.
 *
 * Why this epsilon: each product or quotient adds at most ½ ulp (relative 2⁻⁵³); the longest chain we round
 * (n · d_W · d_I, or a count × a density × a gating fraction of two densities) accumulates a handful of ulps, far
 * below 2⁻⁴⁰ (≈ 8,000 ulps). A genuinely fractional n · d (d with k decimals) is at least 10⁻ᵏ from an integer;
 * that is larger than x · 2⁻⁴⁰ for every x < 10¹²⁻ᵏ·1.1 — any realistic count (≤ 10⁹ elements per action and
 * instance) with densities of up to 3 decimals. Beyond that the rounding may go down by one element.
 *
 * @example ceilCount(200 * 0.275) // 55 (Math.ceil gives 56)
 * @example ceilCount(200 * 0.2751) // 56
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Relative tolerance under which a product is taken to be the integer it is next to (2⁻⁴⁰). */
export const CEIL_EPSILON = 2 ** -40;

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** ⌈x⌉, except that x within a relative `CEIL_EPSILON` of an integer k returns k. x ≥ 0. */
export const ceilCount = (x: number): number => {
  const r = Math.round(x);
  return Math.abs(x - r) <= x * CEIL_EPSILON ? r : Math.ceil(x);
};
