/**
 * The mapspace of a layer on an arch under a dataflow: the product of
 *   factorizations — for each dimension, every ordered factorization of its bound over the slots the
 *                    dataflow allows (per level: temporal, spatial X, spatial Y), honouring `1` / `all` /
 *                    exact rules;
 *   permutations   — per level, every order of its loops of extent > 1 whose innermost suffix is the
 *                    dataflow's fixed `permutation`;
 *   keep choices   — per level, every subset of the tensors the hardware may keep that honours the
 *                    dataflow's keep / bypass (the backing store keeps everything).
 * Fan-out and capacity are checked on a complete point (`fitsPoint`), cheaply, before any evaluation.
 *
 * A `MapPoint` is the compact, mutable search representation; `pointToMapping` turns it into a `Mapping`,
 * `flattenPoint` writes the model's `FlatMapping` without allocating.
 */
import { fanout, packing, type Arch } from '../arch/index.js';
import { DATA_SPACES, type PerDataSpace } from '../core/index.js';
import { DIMS, DIM, NUM_DIMS, projection, type Dim, type DimVector, type Problem } from '../workload/index.js';
import { type Dataflow, levelConstraint, ruleOf } from './constraints.js';
import type { FlatMapping } from './flat.js';
import type { LevelMapping, Mapping } from './mapping.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A factor slot: level `level`, temporal (0), spatial X (1) or spatial Y (2). Index = level * 3 + kind. */
export const SLOT_KINDS = 3;

export interface Mapspace {
  readonly arch: Arch;
  readonly problem: Problem;
  readonly dataflow: Dataflow;
  readonly numLevels: number;
  /** `factorizations[d]`: every allowed factor vector of dimension d over the L·3 slots. */
  readonly factorizations: ReadonlyArray<ReadonlyArray<Int32Array>>;
  /** Per level: the fixed innermost loop order (dimension indices, outermost first). */
  readonly fixedInner: ReadonlyArray<ReadonlyArray<number>>;
  /** Per level: allowed keep masks (bit t = keep tensor t). */
  readonly keepChoices: ReadonlyArray<ReadonlyArray<number>>;
  /** Per level: fan-out X and Y available. */
  readonly fanX: Int32Array;
  readonly fanY: Int32Array;
  /**
   * Tensor projections, flat: tensor t has tensor dimensions projStart[t] … projStart[t+1]−1; tensor
   * dimension x is Σ termCoef[k]·(problem dimension termDim[k]) over k in termStart[x] … termStart[x+1]−1.
   */
  readonly projStart: Int32Array;
  readonly termStart: Int32Array;
  readonly termDim: Int32Array;
  readonly termCoef: Float64Array;
  /**
   * Per dimension d, per factorization i, per level l (index i·L + l): the product of d's factors at levels
   * ≥ l (the tile extent of d at level l), and d's spatial X and Y factors at level l. Lookup tables for
   * `fitsPoint`.
   */
  readonly innerExt: ReadonlyArray<Float64Array>;
  readonly spX: ReadonlyArray<Float64Array>;
  readonly spY: ReadonlyArray<Float64Array>;
  /** Scratch (a mapspace belongs to one search at a time): tile extents for `fitsPoint` / `prepareCapacitySweep`, and each dimension's factor vector for `flattenPoint`. */
  readonly scratch: Float64Array;
  readonly vecScratch: Int32Array[];
  /** Per level × tensor: elements per word, words per element, density if compressed else 1; per-tensor partition (−1 = shared). */
  readonly perWord: Float64Array;
  readonly wordsPer: Float64Array;
  readonly storedFrac: Float64Array;
  readonly partition: Float64Array;
  /** Per level: capacity in words (Infinity = unbounded). */
  readonly capacity: Float64Array;
  /** Scratch of `fitsPoint` / `fitsCapacityWith` (elements per tensor) and of a capacity sweep (`prepareCapacitySweep`). */
  readonly elemScratch: Float64Array;
  readonly sweep: { d: number; readonly rest: Float64Array; readonly base: Float64Array; readonly coef: Float64Array };
}

/** A point of the mapspace (mutable; owned by a search). */
export interface MapPoint {
  /** `choice[d]`: index into `factorizations[d]`. */
  readonly choice: Int32Array;
  /** Per level: the temporal loop order, outermost first, as dimension indices (all 8). */
  readonly perm: ReadonlyArray<Int32Array>;
  /** Per level: keep mask (bit t = keep tensor t). */
  readonly keep: Int32Array;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Build the mapspace. Empty factorization lists mean the dataflow admits no mapping of this layer. */
export const makeMapspace = (arch: Arch, problem: Problem, dataflow: Dataflow): Mapspace => {
  const L = arch.levels.length;
  const fanX = new Int32Array(L);
  const fanY = new Int32Array(L);
  for (let l = 0; l < L; l++) {
    const f = fanout(arch, l);
    fanX[l] = f.x;
    fanY[l] = f.y;
  }
  const factorizations = DIMS.map((d) => {
    const rules = Array.from({ length: L * SLOT_KINDS }, (_, s) => {
      const l = Math.floor(s / SLOT_KINDS);
      const kind = s % SLOT_KINDS;
      if (kind === 1 && fanX[l]! <= 1) return { kind: 'one' as const };
      if (kind === 2 && fanY[l]! <= 1) return { kind: 'one' as const };
      const lc = levelConstraint(dataflow, arch.levels[l]!.name);
      // The backing store's temporal slot is always free: it takes what the inner slots leave.
      if (l === 0 && kind === 0) return { kind: 'free' as const };
      return ruleOf(lc, kind === 0 ? 'T' : kind === 1 ? 'X' : 'Y', d);
    });
    return factorVectors(problem.bounds[d], rules, fanX, fanY);
  });
  const fixedInner = arch.levels.map((lvl) => levelConstraint(dataflow, lvl.name).permutation.map((d) => DIM[d]));
  const keepChoices = arch.levels.map((lvl, l) => {
    if (l === 0) return [7];
    const lc = levelConstraint(dataflow, lvl.name);
    const out: number[] = [];
    for (let mask = 0; mask < 8; mask++) {
      let ok = true;
      DATA_SPACES.forEach((ds, t) => {
        const k = (mask >> t) & 1;
        if (k === 1 && !lvl.keeps[ds]) ok = false;
        if (k === 1 && lc.bypass.includes(ds)) ok = false;
        if (k === 0 && lc.keep.includes(ds)) ok = false;
      });
      if (ok) out.push(mask);
    }
    return out;
  });
  const pr = projection(problem);
  const projStart = new Int32Array(4);
  const termStartL: number[] = [];
  const termDimL: number[] = [];
  const termCoefL: number[] = [];
  DATA_SPACES.forEach((ds, t) => {
    projStart[t] = termStartL.length;
    for (const terms of pr[ds]) {
      termStartL.push(termDimL.length);
      for (const [d, c] of terms) {
        termDimL.push(DIM[d as Dim]);
        termCoefL.push(c);
      }
    }
  });
  projStart[3] = termStartL.length;
  termStartL.push(termDimL.length);
  const perWord = new Float64Array(L * 3);
  const wordsPer = new Float64Array(L * 3);
  const storedFrac = new Float64Array(L * 3);
  const partition = new Float64Array(L * 3).fill(-1);
  arch.levels.forEach((lvl, l) =>
    DATA_SPACES.forEach((ds, t) => {
      const pk = arch.scaleAccessEnergyWithBits ? packing(lvl.wordBits, problem.bits[ds]) : { perWord: 1, wordsPer: 1 };
      perWord[l * 3 + t] = pk.perWord;
      wordsPer[l * 3 + t] = pk.wordsPer;
      storedFrac[l * 3 + t] = lvl.formats[ds].format === 'uncompressed' ? 1 : problem.density[ds];
      const cap = lvl.partitionWords?.[ds];
      if (cap !== undefined && cap !== null) partition[l * 3 + t] = cap;
    }),
  );
  const innerExt = factorizations.map((fs) => {
    const t = new Float64Array(fs.length * L);
    fs.forEach((v, i) => {
      let run = 1;
      for (let l = L - 1; l >= 0; l--) {
        run *= v[l * SLOT_KINDS]! * v[l * SLOT_KINDS + 1]! * v[l * SLOT_KINDS + 2]!;
        t[i * L + l] = run;
      }
    });
    return t;
  });
  const spatialTable = (kind: number) =>
    factorizations.map((fs) => {
      const t = new Float64Array(fs.length * L);
      fs.forEach((v, i) => {
        for (let l = 0; l < L; l++) t[i * L + l] = v[l * SLOT_KINDS + kind]!;
      });
      return t;
    });
  return {
    innerExt, spX: spatialTable(1), spY: spatialTable(2),
    arch, problem, dataflow, numLevels: L, factorizations, fixedInner, keepChoices, fanX, fanY,
    projStart, termStart: Int32Array.from(termStartL), termDim: Int32Array.from(termDimL), termCoef: Float64Array.from(termCoefL),
    capacity: Float64Array.from(arch.levels, (lvl) => lvl.capacityWords),
    elemScratch: new Float64Array(3),
    sweep: { d: 0, rest: new Float64Array(L * 3), base: new Float64Array(L * 3), coef: new Float64Array(L * 3) },
    scratch: new Float64Array(NUM_DIMS + 3), vecScratch: factorizations.map((f) => f[0] ?? new Int32Array(L * SLOT_KINDS)), perWord, wordsPer, storedFrac, partition,
  };
};

/** A fresh point: first factorization of each dimension, canonical orders, the first keep choice. */
export const newPoint = (ms: Mapspace): MapPoint => ({
  choice: new Int32Array(NUM_DIMS),
  perm: Array.from({ length: ms.numLevels }, (_, l) => canonicalOrder(ms.fixedInner[l]!)),
  keep: Int32Array.from(ms.keepChoices, (c) => c[c.length - 1]!),
});

/** A deep copy of a point. */
export const copyPoint = (p: MapPoint): MapPoint => ({
  choice: Int32Array.from(p.choice),
  perm: p.perm.map((x) => Int32Array.from(x)),
  keep: Int32Array.from(p.keep),
});

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** `true` when the mapspace has at least one factorization of every dimension. */
export const nonEmpty = (ms: Mapspace): boolean => ms.factorizations.every((f) => f.length > 0);

/**
 * Fan-out and capacity check of a point (the cheap pre-check; no counts). Capacity per instance uses the
 * tile bounding box at the layer's bit widths, ⌈n·density⌉ for compressed formats, per partition when given.
 * With `assigned` < NUM_DIMS only dimensions 0 … assigned−1 count (the others as if all their factors were 1):
 * tiles and fan-out only grow with factors, so a partial point that does not fit has no completion that fits
 * (the exhaustive search prunes whole subtrees with it).
 */
export const fitsPoint = (ms: Mapspace, p: MapPoint, assigned: number = NUM_DIMS): boolean => {
  const L = ms.numLevels;
  const choice = p.choice;
  for (let l = 0; l < L; l++) {
    let x = 1;
    let y = 1;
    for (let d = 0; d < assigned; d++) {
      x *= ms.spX[d]![choice[d]! * L + l]!;
      y *= ms.spY[d]![choice[d]! * L + l]!;
    }
    if (x > ms.fanX[l]! || y > ms.fanY[l]!) return false;
  }
  const ext = ms.scratch;
  const elems = ms.elemScratch;
  for (let l = L - 1; l >= 1; l--) {
    if (ms.capacity[l] === Infinity) continue;
    for (let d = 0; d < NUM_DIMS; d++) ext[d] = d < assigned ? ms.innerExt[d]![choice[d]! * L + l]! : 1;
    for (let t = 0; t < 3; t++) {
      let n = 1;
      for (let x = ms.projStart[t]!; x < ms.projStart[t + 1]!; x++) {
        let e = 1;
        for (let k = ms.termStart[x]!; k < ms.termStart[x + 1]!; k++) e += ms.termCoef[k]! * (ext[ms.termDim[k]!]! - 1);
        n *= e;
      }
      elems[t] = n;
    }
    if (!levelFits(ms, l, p.keep[l]!, elems)) return false;
  }
  return true;
};

/**
 * Prepare a capacity sweep over dimension d's factorizations with p's other dimensions and keep choices fixed
 * (the coordinate-descent move): per level and tensor, the tile's extent product over the tensor dimensions d
 * does not feed, and for the one it feeds (if any) its extent without d's term and d's coefficient. Then
 * `fitsCapacityWith(ms, p, i)` is `fitsPoint`'s capacity check of p with factorization i of d, in a few
 * multiplications (fan-out is the caller's: the descent pre-checks it per candidate).
 */
export const prepareCapacitySweep = (ms: Mapspace, p: MapPoint, d: number): void => {
  const L = ms.numLevels;
  const sw = ms.sweep;
  sw.d = d;
  const ext = ms.scratch;
  for (let l = 1; l < L; l++) {
    if (ms.capacity[l] === Infinity) continue;
    for (let e = 0; e < NUM_DIMS; e++) ext[e] = ms.innerExt[e]![p.choice[e]! * L + l]!;
    for (let t = 0; t < 3; t++) {
      let rest = 1;
      let base = 1;
      let coef = 0;
      for (let x = ms.projStart[t]!; x < ms.projStart[t + 1]!; x++) {
        let e = 1;
        let c = 0;
        for (let k = ms.termStart[x]!; k < ms.termStart[x + 1]!; k++) {
          if (ms.termDim[k] === d) c = ms.termCoef[k]!;
          else e += ms.termCoef[k]! * (ext[ms.termDim[k]!]! - 1);
        }
        if (c === 0) rest *= e;
        else {
          base = e;
          coef = c;
        }
      }
      sw.rest[l * 3 + t] = rest;
      sw.base[l * 3 + t] = base;
      sw.coef[l * 3 + t] = coef;
    }
  }
};

/** See `prepareCapacitySweep`. */
export const fitsCapacityWith = (ms: Mapspace, p: MapPoint, i: number): boolean => {
  const L = ms.numLevels;
  const sw = ms.sweep;
  const ext = ms.innerExt[sw.d]!;
  const elems = ms.elemScratch;
  for (let l = L - 1; l >= 1; l--) {
    if (ms.capacity[l] === Infinity) continue;
    const ed = ext[i * L + l]!;
    for (let t = 0, lt = l * 3; t < 3; t++, lt++) elems[t] = sw.rest[lt]! * (sw.base[lt]! + sw.coef[lt]! * (ed - 1));
    if (!levelFits(ms, l, p.keep[l]!, elems)) return false;
  }
  return true;
};

/** Capacity rule of one level: tiles of `elems` elements for the kept tensors, in words, per partition or shared. */
const levelFits = (ms: Mapspace, l: number, keep: number, elems: Float64Array): boolean => {
  let shared = 0;
  let sharedCap = ms.capacity[l]!;
  for (let t = 0; t < 3; t++) {
    const lt = l * 3 + t;
    const part = ms.partition[lt]!;
    if (part >= 0) sharedCap -= part;
    if (((keep >> t) & 1) === 0) continue;
    const frac = ms.storedFrac[lt]!;
    const stored = frac === 1 ? elems[t]! : Math.ceil(elems[t]! * frac);
    const words = Math.ceil(stored / ms.perWord[lt]!) * ms.wordsPer[lt]!;
    if (part >= 0) {
      if (words > part) return false;
    } else shared += words;
  }
  return shared <= sharedCap;
};

/** Write a point into a preallocated `FlatMapping` (same layout as `flatten`); no allocation. */
export const flattenPoint = (ms: Mapspace, p: MapPoint, fm: MutableFlatMapping): void => {
  const vec = ms.vecScratch;
  for (let d = 0; d < NUM_DIMS; d++) vec[d] = ms.factorizations[d]![p.choice[d]!]!;
  let n = 0;
  for (let l = 0, s = 0; l < ms.numLevels; l++, s += SLOT_KINDS) {
    const order = p.perm[l]!;
    for (let i = 0; i < NUM_DIMS; i++) {
      const d = order[i]!;
      const f = vec[d]![s]!;
      if (f === 1) continue;
      fm.dim[n] = d;
      fm.factor[n] = f;
      fm.level[n] = l;
      fm.spatial[n] = 0;
      n++;
    }
    // Spatial Y, then spatial X.
    for (let kind = 2; kind >= 1; kind--) {
      for (let d = 0; d < NUM_DIMS; d++) {
        const f = vec[d]![s + kind]!;
        if (f === 1) continue;
        fm.dim[n] = d;
        fm.factor[n] = f;
        fm.level[n] = l;
        fm.spatial[n] = 1;
        n++;
      }
    }
    const k = p.keep[l]!;
    fm.keep[l * 3] = k & 1;
    fm.keep[l * 3 + 1] = (k >> 1) & 1;
    fm.keep[l * 3 + 2] = (k >> 2) & 1;
  }
  fm.n = n;
};

/** A `FlatMapping` whose arrays are sized for any point of `ms`. */
export interface MutableFlatMapping extends FlatMapping {
  n: number;
}
export const newFlat = (ms: Mapspace): MutableFlatMapping => {
  const cap = ms.numLevels * NUM_DIMS * 3;
  return {
    n: 0,
    dim: new Int32Array(cap),
    factor: new Float64Array(cap),
    level: new Int32Array(cap),
    spatial: new Uint8Array(cap),
    keep: new Uint8Array(ms.numLevels * 3),
    numLevels: ms.numLevels,
  };
};

/** The `Mapping` of a point. */
export const pointToMapping = (ms: Mapspace, p: MapPoint, origin: string): Mapping => ({
  origin,
  levels: Array.from({ length: ms.numLevels }, (_, l): LevelMapping => {
    const slot = (kind: number): DimVector =>
      Object.fromEntries(DIMS.map((d) => [d, ms.factorizations[DIM[d]]![p.choice[DIM[d]]!]![l * SLOT_KINDS + kind]!])) as DimVector;
    const keep: PerDataSpace<boolean> = { W: (p.keep[l]! & 1) === 1, I: (p.keep[l]! & 2) === 2, O: (p.keep[l]! & 4) === 4 };
    return { temporal: slot(0), spatialX: slot(1), spatialY: slot(2), permutation: Array.from(p.perm[l]!, (d) => DIMS[d]!), keep };
  }),
});

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** All 8 dimensions, the fixed innermost ones last in their given order, the others first in canonical order. */
export const canonicalOrder = (fixedInner: ReadonlyArray<number>): Int32Array => {
  const free = [...Array(NUM_DIMS).keys()].filter((d) => !fixedInner.includes(d));
  return Int32Array.from([...free, ...fixedInner]);
};

/**
 * Every vector of L·3 factors whose product is `bound` and that honours `rules` (one → 1, exact → n,
 * all → bound with every other slot 1, free → any divisor) and fits each fan-out on its own.
 */
const factorVectors = (
  bound: number,
  rules: ReadonlyArray<{ readonly kind: 'free' | 'one' | 'all' | 'exact'; readonly n?: number }>,
  fanX: Int32Array,
  fanY: Int32Array,
): Int32Array[] => {
  const S = rules.length;
  const allSlots = rules.map((r, s) => (r.kind === 'all' ? s : -1)).filter((s) => s >= 0);
  if (allSlots.length > 1) return [];
  const cap = (s: number): number => {
    const l = Math.floor(s / SLOT_KINDS);
    const k = s % SLOT_KINDS;
    return k === 1 ? fanX[l]! : k === 2 ? fanY[l]! : Infinity;
  };
  if (allSlots.length === 1) {
    const s = allSlots[0]!;
    if (bound > cap(s)) return [];
    // Every other slot must be 1; an exact rule elsewhere other than 1 contradicts it.
    if (rules.some((r, i) => i !== s && r.kind === 'exact' && r.n !== 1)) return [];
    const v = new Int32Array(S).fill(1);
    v[s] = bound;
    return [v];
  }
  const out: Int32Array[] = [];
  const v = new Int32Array(S).fill(1);
  // Slot 0 (backing-store temporal) takes the residual; assign the others from the innermost outwards.
  const rec = (s: number, left: number): void => {
    if (s === 0) {
      // (`makeMapspace` makes slot 0's rule `free`: it takes whatever is left)
      v[0] = left;
      out.push(Int32Array.from(v));
      return;
    }
    const r = rules[s]!;
    if (r.kind === 'one') {
      v[s] = 1;
      rec(s - 1, left);
      return;
    }
    if (r.kind === 'exact') {
      if (left % r.n! !== 0 || r.n! > cap(s)) return;
      v[s] = r.n!;
      rec(s - 1, left / r.n!);
      v[s] = 1;
      return;
    }
    const c = Math.min(cap(s), left);
    for (let f = 1; f <= c; f++) {
      if (left % f !== 0) continue;
      v[s] = f;
      rec(s - 1, left / f);
    }
    v[s] = 1;
  };
  rec(S - 1, bound);
  return out;
};
