/**
 * Parameter spaces and their encoding into the unit cube [0,1]^D that the GP and the candidate optimizer work in.
 *
 * | parameter   | value                      | encoding (dims)                                         |
 * |-------------|----------------------------|---------------------------------------------------------|
 * | Continuous  | number in [lower, upper]   | (v − lower)/(upper − lower)                      (1)    |
 * | Integer     | integer in [lower, upper]  | bin centre (i + ½)/k, k = upper − lower + 1      (1)    |
 * | Ordinal     | one of `values` (numbers)  | (v − min)/(max − min), decoded to the nearest    (1)    |
 * | Categorical | one of `values` (strings)  | one-hot, decoded by arg-max                      (k)    |
 *
 * decode ∘ encode is the identity on valid points (up to floating-point rounding for continuous values), and
 * `snap = encode ∘ decode` projects any cube point onto the encodings of valid points.
 *
 * Reference: Garrido-Merchán & Hernández-Lobato, "Dealing with categorical and integer-valued variables in
 * Bayesian optimization with Gaussian processes" (Neurocomputing 2020) — optimize on the projection `snap`.
 */

import * as E from 'fp-ts/lib/Either.js';
import type { Rng } from '../../core/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A real parameter on [lower, upper] (caller's units); encoded as (v − lower)/(upper − lower). */
export interface Continuous {
  readonly _tag: 'Continuous';
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
}
/** An integer parameter on {lower, …, upper}; encoded as the centre of its bin, (i + ½)/k. */
export interface Integer {
  readonly _tag: 'Integer';
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
}
/** An ordered finite set of numbers (e.g. PE rows ∈ {8, 12, 14, 16}); encoded by normalized value. */
export interface Ordinal {
  readonly _tag: 'Ordinal';
  readonly name: string;
  /** Distinct numbers, any order (sorted internally). */
  readonly values: ReadonlyArray<number>;
}
/** An unordered finite set of labels (e.g. dataflow ∈ {WS, OS, RS}); encoded one-hot (k dims). */
export interface Categorical {
  readonly _tag: 'Categorical';
  readonly name: string;
  readonly values: ReadonlyArray<string>;
}

/** One named search dimension. */
export type Param = Continuous | Integer | Ordinal | Categorical;

/** A validated parameter space (build with `makeSpace`). */
export interface Space {
  readonly params: ReadonlyArray<Param>;
  /** Number of unit-cube dimensions D (categoricals take one per category). */
  readonly dims: number;
}

/** A point in the user's units: parameter name ↦ value (number, or string for categoricals). JSON-safe. */
export type Point = Readonly<Record<string, number | string>>;

/** A reason a space definition is invalid. */
export interface SpaceError {
  readonly _tag: 'SpaceError';
  readonly param: string;
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Continuous parameter on [lower, upper]. */
export const continuous = (name: string, lower: number, upper: number): Continuous => ({ _tag: 'Continuous', name, lower, upper });
/** Integer parameter on {lower, …, upper}. */
export const integer = (name: string, lower: number, upper: number): Integer => ({ _tag: 'Integer', name, lower, upper });
/** Ordinal parameter over a finite set of numbers, e.g. PE rows ∈ {8, 12, 14, 16}. */
export const ordinal = (name: string, values: ReadonlyArray<number>): Ordinal => ({
  _tag: 'Ordinal',
  name,
  values: [...values].sort((a, b) => a - b),
});
/** Categorical parameter over a finite set of labels, e.g. dataflow ∈ {'WS', 'OS', 'RS'}. */
export const categorical = (name: string, values: ReadonlyArray<string>): Categorical => ({ _tag: 'Categorical', name, values: [...values] });

/**
 * Validates parameters, collecting *all* errors: non-empty unique names; finite lower < upper; integer bounds;
 * non-empty, distinct, finite ordinal values; non-empty distinct categories.
 * @example makeSpace([continuous('x', -5, 10), ordinal('rows', [8, 12, 14, 16])]) // Right({ dims: 2, … })
 */
export const makeSpace = (params: ReadonlyArray<Param>): E.Either<ReadonlyArray<SpaceError>, Space> => {
  const errors: SpaceError[] = [];
  const err = (param: string, message: string): void => void errors.push({ _tag: 'SpaceError', param, message });
  const seen = new Set<string>();
  if (params.length === 0) err('', 'the space has no parameters');
  for (const p of params) {
    if (p.name === '') err(p.name, 'parameter name is empty');
    if (seen.has(p.name)) err(p.name, 'duplicate parameter name');
    seen.add(p.name);
    switch (p._tag) {
      case 'Continuous':
      case 'Integer':
        if (!Number.isFinite(p.lower) || !Number.isFinite(p.upper)) err(p.name, 'bounds must be finite');
        else if (p._tag === 'Continuous' ? !(p.lower < p.upper) : !(p.lower <= p.upper))
          err(p.name, `lower (${p.lower}) must be below upper (${p.upper})`);
        if (p._tag === 'Integer' && (!Number.isInteger(p.lower) || !Number.isInteger(p.upper)))
          err(p.name, 'integer bounds must be integers');
        break;
      case 'Ordinal':
        if (p.values.length === 0) err(p.name, 'ordinal has no values');
        if (p.values.some((v) => !Number.isFinite(v))) err(p.name, 'ordinal values must be finite');
        if (new Set(p.values).size !== p.values.length) err(p.name, 'ordinal values must be distinct');
        break;
      case 'Categorical':
        if (p.values.length === 0) err(p.name, 'categorical has no values');
        if (new Set(p.values).size !== p.values.length) err(p.name, 'categories must be distinct');
        break;
    }
  }
  if (errors.length > 0) return E.left(errors);
  return E.right({ params, dims: params.reduce((s, p) => s + width(p), 0) });
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Encodes a valid point into [0,1]^D (length `space.dims`). */
export const encode = (space: Space, point: Point): number[] => {
  const u: number[] = [];
  for (const p of space.params) {
    const v = point[p.name];
    switch (p._tag) {
      case 'Continuous':
        u.push(((v as number) - p.lower) / (p.upper - p.lower));
        break;
      case 'Integer': {
        const k = p.upper - p.lower + 1;
        u.push(((v as number) - p.lower + 0.5) / k);
        break;
      }
      case 'Ordinal': {
        const lo = p.values[0]!;
        const hi = p.values[p.values.length - 1]!;
        u.push(hi > lo ? ((v as number) - lo) / (hi - lo) : 0.5);
        break;
      }
      case 'Categorical':
        for (const c of p.values) u.push(c === v ? 1 : 0);
        break;
    }
  }
  return u;
};

/** Decodes any point of [0,1]^D (values outside are clamped) to the nearest valid point. */
export const decode = (space: Space, u: ArrayLike<number>): Point => {
  const out: Record<string, number | string> = {};
  let o = 0;
  for (const p of space.params) {
    switch (p._tag) {
      case 'Continuous': {
        const t = clamp01(u[o++]!);
        out[p.name] = t === 1 ? p.upper : p.lower + t * (p.upper - p.lower);
        break;
      }
      case 'Integer': {
        const k = p.upper - p.lower + 1;
        out[p.name] = p.lower + Math.min(k - 1, Math.floor(clamp01(u[o++]!) * k));
        break;
      }
      case 'Ordinal': {
        const lo = p.values[0]!;
        const hi = p.values[p.values.length - 1]!;
        const target = lo + clamp01(u[o++]!) * (hi - lo);
        let best = lo;
        for (const v of p.values) if (Math.abs(v - target) < Math.abs(best - target)) best = v;
        out[p.name] = best;
        break;
      }
      case 'Categorical': {
        let bi = 0;
        for (let i = 1; i < p.values.length; i++) if (u[o + i]! > u[o + bi]!) bi = i;
        out[p.name] = p.values[bi]!;
        o += p.values.length;
        break;
      }
    }
  }
  return out;
};

/** Projection of a cube point onto the encodings of valid points: encode(decode(u)). */
export const snap = (space: Space, u: ArrayLike<number>): number[] => encode(space, decode(space, u));

/**
 * A uniformly random valid point: continuous uniform on [lower, upper], discrete values uniform over their
 * finite sets.
 */
export const sample = (space: Space, rng: Rng): Point => {
  const out: Record<string, number | string> = {};
  for (const p of space.params) {
    switch (p._tag) {
      case 'Continuous':
        out[p.name] = p.lower + rng.next() * (p.upper - p.lower);
        break;
      case 'Integer':
        out[p.name] = p.lower + rng.int(p.upper - p.lower + 1);
        break;
      case 'Ordinal':
        out[p.name] = p.values[rng.int(p.values.length)]!;
        break;
      case 'Categorical':
        out[p.name] = p.values[rng.int(p.values.length)]!;
        break;
    }
  }
  return out;
};

/**
 * Latin-hypercube design of m valid points: each scalar dimension is split into m strata sampled once each;
 * categoricals cycle through their categories in a random order.
 * Reference: McKay, Beckman & Conover (Technometrics 1979).
 */
export const latinHypercube = (space: Space, m: number, rng: Rng): Point[] => {
  const cols: number[][] = [];
  for (const p of space.params) {
    if (p._tag === 'Categorical') {
      const perm = shuffle(Array.from({ length: m }, (_, i) => i % p.values.length), rng);
      for (let c = 0; c < p.values.length; c++) cols.push(perm.map((k) => (k === c ? 1 : 0)));
    } else {
      cols.push(shuffle(Array.from({ length: m }, (_, i) => (i + rng.next()) / m), rng));
    }
  }
  return Array.from({ length: m }, (_, i) => decode(space, cols.map((col) => col[i]!)));
};

/** Whether `point` assigns a valid value to every parameter (and nothing else). */
export const isValidPoint = (space: Space, point: Point): boolean =>
  Object.keys(point).length === space.params.length &&
  space.params.every((p) => {
    const v = point[p.name];
    switch (p._tag) {
      case 'Continuous':
        return typeof v === 'number' && v >= p.lower && v <= p.upper;
      case 'Integer':
        return typeof v === 'number' && Number.isInteger(v) && v >= p.lower && v <= p.upper;
      case 'Ordinal':
        return typeof v === 'number' && p.values.includes(v);
      case 'Categorical':
        return typeof v === 'string' && p.values.includes(v);
    }
  });

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const width = (p: Param): number => (p._tag === 'Categorical' ? p.values.length : 1);

const clamp01 = (t: number): number => (t < 0 ? 0 : t > 1 ? 1 : Number.isNaN(t) ? 0 : t);

const shuffle = <A>(xs: A[], rng: Rng): A[] => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
  return xs;
};
