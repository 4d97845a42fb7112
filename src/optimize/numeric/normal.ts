/**
 * The standard normal distribution with the numerically careful pieces Bayesian optimization needs: density,
 * CDF, log-CDF far in the tails, and the scaled complementary error function erfcx(x) = exp(x²)·erfc(x).
 *
 * Accuracy: relative error ≲ 1e-13 for erfcx on the whole real line (series for x < 2, Lentz continued fraction
 * beyond), so log Φ(z) stays finite and accurate down to z ≈ -1e150.
 *
 * Reference: Abramowitz & Stegun 7.1.6 (series), 7.1.14 (continued fraction); Press et al., *Numerical Recipes*
 * (3rd ed.) §5.2 (modified Lentz).
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** 1/√(2π). */
export const INV_SQRT_2PI = 0.3989422804014327;
/** ½·log(2π). */
export const HALF_LOG_2PI = 0.9189385332046728;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Scaled complementary error function erfcx(x) = exp(x²)·erfc(x).
 * For x < 0 it grows like 2·exp(x²) (overflows to +Infinity below x ≈ -26.6).
 * @example erfcx(0) === 1; erfcx(1) ≈ 0.42758357615580705
 */
export const erfcx = (x: number): number => {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 * Math.exp(x * x) - erfcx(-x);
  if (x < 2) {
    // erf(x) = 2/√π · e^{-x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1))  (A&S 7.1.6; all terms positive)
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    // erfcx = e^{x²} − 2/√π · Σ
    return Math.exp(x2) - (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (x > 1e8) return 1 / (Math.sqrt(Math.PI) * x);
  // erfc(x)·e^{x²}·√π = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))  (A&S 7.1.14), modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / (f * Math.sqrt(Math.PI));
};

/** Complementary error function erfc(x) = 1 − erf(x), accurate in both tails. */
export const erfc = (x: number): number => (x >= 0 ? erfcx(x) * Math.exp(-x * x) : 2 - erfcx(-x) * Math.exp(-x * x));

/** Standard normal density φ(z) = exp(−z²/2)/√(2π). */
export const normPdf = (z: number): number => INV_SQRT_2PI * Math.exp(-0.5 * z * z);

/** Standard normal CDF Φ(z) = ½·erfc(−z/√2). */
export const normCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/**
 * log Φ(z), finite and accurate for all finite z: for z < −1 uses log(½·erfcx(−z/√2)) − z²/2, for z > 5 uses
 * log1p(−Φ(−z)).
 * @example logNormCdf(-40) ≈ -804.6084420137538
 */
export const logNormCdf = (z: number): number => {
  if (z < -1) return Math.log(0.5 * erfcx(-z / Math.SQRT2)) - 0.5 * z * z;
  if (z > 5) return Math.log1p(-0.5 * erfc(z / Math.SQRT2));
  return Math.log(normCdf(z));
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** log(1 − eˣ) for x < 0, accurate for x near 0 and for x ≪ 0 (Mächler 2012, "Accurately computing log(1−exp(−|a|))"). */
export const log1mexp = (x: number): number => (x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x)));
