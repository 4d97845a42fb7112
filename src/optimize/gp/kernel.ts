/**
 * Matérn-5/2 covariance with automatic relevance determination (one length-scale per input dimension).
 *
 *   k(x, x') = σ² · (1 + √5·r + 5r²/3) · exp(−√5·r),   r² = Σⱼ (xⱼ − x'ⱼ)² / ℓⱼ²
 *
 * Inputs are points of the unit cube [0,1]^d stored row-major in a `Float64Array` (n×d); σ² and k are in the
 * (standardized) output units squared; ℓ is in unit-cube units.
 *
 * Reference: Rasmussen & Williams, *Gaussian Processes for Machine Learning* (2006), eq. 4.17.
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

const SQRT5 = Math.sqrt(5);

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Matérn-5/2 correlation as a function of the scaled distance r ≥ 0: (1 + √5r + 5r²/3)·e^{−√5r}. */
export const matern52 = (r: number): number => (1 + SQRT5 * r + (5 / 3) * r * r) * Math.exp(-SQRT5 * r);

/**
 * −(1/r)·∂/∂r of the Matérn-5/2 correlation: (5/3)(1 + √5r)e^{−√5r}. Multiplying by (xⱼ−x'ⱼ)²/ℓⱼ² gives
 * ∂k/∂log ℓⱼ (per unit σ²); multiplying by −(xⱼ−x'ⱼ)/ℓⱼ² gives ∂k/∂xⱼ. Finite at r = 0.
 */
export const matern52Deriv = (r: number): number => (5 / 3) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);

/** Scaled squared distance r² = Σⱼ (aⱼ − bⱼ)²·invLs2ⱼ between row `i` of `a` and row `j` of `b` (both ·×d). */
export const scaledDist2 = (
  a: Float64Array,
  i: number,
  b: Float64Array,
  j: number,
  d: number,
  invLs2: Float64Array,
): number => {
  let s = 0;
  const ai = i * d;
  const bj = j * d;
  for (let k = 0; k < d; k++) {
    const t = a[ai + k]! - b[bj + k]!;
    s += t * t * invLs2[k]!;
  }
  return s;
};

/**
 * Gram matrix K = k(X, X) + noise·I (n×n, row-major).
 * @param x n×d inputs; @param invLs2 1/ℓⱼ² (length d); @param signalVar σ²; @param noiseVar σₙ²
 */
export const gram = (
  x: Float64Array,
  n: number,
  d: number,
  invLs2: Float64Array,
  signalVar: number,
  noiseVar: number,
): Float64Array => {
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = signalVar + noiseVar;
    for (let j = 0; j < i; j++) {
      const v = signalVar * matern52(Math.sqrt(scaledDist2(x, i, x, j, d, invLs2)));
      k[i * n + j] = v;
      k[j * n + i] = v;
    }
  }
  return k;
};

/** Cross-covariances k(X, z) (length n) between the n rows of `x` and row `j` of `z`. */
export const crossCov = (
  x: Float64Array,
  n: number,
  z: Float64Array,
  j: number,
  d: number,
  invLs2: Float64Array,
  signalVar: number,
): Float64Array => {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = signalVar * matern52(Math.sqrt(scaledDist2(x, i, z, j, d, invLs2)));
  return out;
};
