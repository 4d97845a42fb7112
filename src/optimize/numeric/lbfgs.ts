/**
 * Limited-memory BFGS minimization with a backtracking (Armijo) line search, for smooth objectives with analytic
 * gradients — used to maximize the GP log marginal likelihood over log-hyper-parameters.
 *
 * Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), Alg. 7.4 (two-loop recursion) and Alg. 3.1
 * (backtracking). Pure: the objective is a function argument; no global state.
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Objective value and gradient at x (value may be +Infinity or NaN for an infeasible x; it is then rejected). */
export interface ValueAndGradient {
  readonly value: number;
  readonly gradient: ArrayLike<number>;
}

/** Options: history size m, evaluation budget, gradient-norm tolerance, per-coordinate box [lower, upper]. */
export interface LbfgsOptions {
  readonly memory?: number;
  readonly maxEvals?: number;
  readonly gradTol?: number;
  readonly lower?: ArrayLike<number>;
  readonly upper?: ArrayLike<number>;
}

/** Best point found, its value, and the number of objective evaluations spent. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evals: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Minimizes f from x0. Box bounds, when given, are enforced by projecting each trial point (a projected
 * quasi-Newton step; adequate for hyper-parameter boxes that are rarely active).
 *
 * @param f objective, x ↦ { value, gradient } (gradient length = x0.length)
 * @param x0 starting point (not modified)
 * @returns the best point seen (never worse than x0 if f(x0) is finite)
 * @example lbfgs(x => ({ value: (x[0]-3)**2, gradient: [2*(x[0]-3)] }), [0]).x[0] // ≈ 3
 */
export const lbfgs = (
  f: (x: Float64Array) => ValueAndGradient,
  x0: ArrayLike<number>,
  opts: LbfgsOptions = {},
): LbfgsResult => {
  const n = x0.length;
  const m = opts.memory ?? 8;
  const maxEvals = opts.maxEvals ?? 200;
  const gradTol = opts.gradTol ?? 1e-6;
  const project = (x: Float64Array): Float64Array => {
    if (opts.lower !== undefined) for (let i = 0; i < n; i++) x[i] = Math.max(x[i]!, opts.lower[i]!);
    if (opts.upper !== undefined) for (let i = 0; i < n; i++) x[i] = Math.min(x[i]!, opts.upper[i]!);
    return x;
  };
  let x = project(Float64Array.from(x0));
  let fx = f(x);
  let evals = 1;
  if (!Number.isFinite(fx.value)) return { x, value: fx.value, evals };
  let g = Float64Array.from(fx.gradient);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  while (evals < maxEvals) {
    if (norm(g) < gradTol) break;
    // Two-loop recursion: d = −H g.
    const d = Float64Array.from(g);
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(S[k]!, d);
      alpha[k] = a;
      axpy(-a, Y[k]!, d);
    }
    if (S.length > 0) {
      const yk = Y[Y.length - 1]!;
      const gamma = dot(S[S.length - 1]!, yk) / dot(yk, yk);
      for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    } else {
      const s0 = 1 / Math.max(1, norm(g));
      for (let i = 0; i < n; i++) d[i] = d[i]! * s0;
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, d);
      axpy(alpha[k]! - b, S[k]!, d);
    }
    for (let i = 0; i < n; i++) d[i] = -d[i]!;
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction: reset memory and use steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      const s0 = 1 / Math.max(1, norm(g));
      for (let i = 0; i < n; i++) d[i] = -g[i]! * s0;
      slope = dot(g, d);
    }
    // Backtracking line search (Armijo, c₁ = 1e-4).
    let step = 1;
    let accepted = false;
    let xNew = x;
    let fNew = fx;
    while (evals < maxEvals) {
      xNew = project(Float64Array.from(x, (xi, i) => xi + step * d[i]!));
      fNew = f(xNew);
      evals++;
      if (Number.isFinite(fNew.value) && fNew.value <= fx.value + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.3;
      if (step < 1e-10) break;
    }
    if (!accepted) break;
    const gNew = Float64Array.from(fNew.gradient);
    const s = Float64Array.from(xNew, (v, i) => v - x[i]!);
    const y = Float64Array.from(gNew, (v, i) => v - g[i]!);
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const improvement = fx.value - fNew.value;
    x = xNew;
    fx = fNew;
    g = gNew;
    if (improvement < 1e-10 * Math.max(1, Math.abs(fx.value))) break;
  }
  return { x, value: fx.value, evals };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

const norm = (a: ArrayLike<number>): number => Math.sqrt(dot(a, a));

const axpy = (a: number, x: ArrayLike<number>, y: Float64Array): void => {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + a * x[i]!;
};
