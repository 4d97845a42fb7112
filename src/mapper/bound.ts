/**
 * Order bounds for the exact (branch-and-bound) exhaustive search.
 *
 * For a fixed factorization and keep choice (a mapspace point without its loop orders), the energy of every
 * order o splits exactly by tensor:  E(o) = E_compute + Σ_t E_t(o),  where E_t is t's storage energy at every
 * level plus its words on every network (pricing has no cross-tensor term; see `energy/price`). So
 *     min_o E(o)  ≥  E_compute + Σ_t min_o E_t(o),
 * and each min_o E_t(o) is reached inside a small set of orders, the tensor's *favoured orders*. Per level, the
 * loops of extent > 1 that are free to move (not in the dataflow's fixed innermost suffix) fall in three classes
 * for a tensor t, following the counting walk of `dataflow/analyze` (a child's tile is driven by the temporal
 * loops above it, from the inside out, until the first loop that moves t's tile entirely):
 *   - `stop`: the dimension feeds a tensor dimension of t on its own (W: K C R S; O: N K P Q; I: N C, and G) —
 *     each step replaces the tile, and every loop at or outside the innermost stop loop multiplies the tile's
 *     refills (cumT);
 *   - `slide`: the dimension feeds a sliding-window tensor dimension (the inputs' h = p·stride + r·dilation, and w):
 *     each step keeps the overlap with the previous tile;
 *   - `irrelevant`: the dimension does not index t (W: N P Q; O: C R S; I: K): the tile stays where it is unless
 *     a sliding loop inside it wraps.
 * t's favoured orders put, at every level, the stop loops outermost (moving a stop loop outwards past another
 * loop only takes that loop out of the product cumT). Below them: for a tensor with no sliding dimension (W and O
 * of a convolution) the irrelevant loops, in one order — it minimises every count of the tensor at once, as an
 * irrelevant loop inside the innermost stop loop never moves the tile. For a tensor with a sliding dimension, the
 * sliding and irrelevant loops in every order: an irrelevant loop then refetches whatever the sliding loops inside
 * it (at this level or below) moved away when they wrap, so where it is best placed depends on the factors (e.g.
 * outside a sliding loop it wraps fewer times but loses more of the window each time). That min_o E_t(o) is
 * reached inside this set is checked against every order by brute force (test/mapper/bound.test.ts).
 *
 * Orders of different levels never interact. In the walk for a child, a loop's contribution depends on its own
 * level's order (which loops of that level are inside it) and, from the other levels, only on products of their
 * factors (the iterations outside it, cumT and outerProd) and sums of their wrap-around shifts (how far the loops
 * inside it moved the window) — neither depends on those levels' orders. With linear pricing, energy is therefore
 * const + Σ_l f_l(order of level l), and each level is minimised with the others held fixed (for the bound, over
 * t's favoured orders of that level; for the search, over all its orders). Compressed formats and multi-word
 * blocks price ceil()'d counts; there the level-by-level minimum is exact up to that rounding (at most one element
 * or vector access per count). Checked against brute force too (test/mapper/bound.test.ts).
 *
 * The innermost storage level's loop order never matters: the only thing below it is the MACs, which read their
 * operands on every temporal iteration whatever the order (see `analyze`'s MAC pseudo-level) — so the exhaustive
 * search enumerates the orders of the other levels only.
 */
import { SLOT_KINDS, type MapPoint, type Mapspace } from '../mapping/index.js';
import { NUM_DIMS } from '../workload/index.js';
import type { Evaluator } from './evaluator.js';
import { type Objective, score } from './objective.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Loop classes per tensor (see the module comment). */
export const LoopClass = { Irrelevant: 0, Stop: 1, Slide: 2 } as const;

/** Per-mapspace data and scratch of the bound (a bound belongs to one search at a time). */
export interface OrderBound {
  /** `cls[t * NUM_DIMS + d]`: class of dimension d for tensor t. */
  readonly cls: Uint8Array;
  /** `slides[t]` = 1 when tensor t has a sliding-window dimension. */
  readonly slides: Uint8Array;
  /** Scratch point: p's factorization and keep choice with the orders being tried. */
  readonly q: MapPoint;
  /** Per level: where the permuted group of loops (`favouredOrder`) starts in q's order, its length and its loops. */
  readonly slideStart: Int32Array;
  readonly slideLen: Int32Array;
  readonly slideDims: Int32Array;
  /** Memo of `tensorMinimum` per (tensor, keep pattern) for the current factorization (NaN = not yet). */
  readonly patterns: number;
  readonly minima: Float64Array;
  computeEnergy: number;
  computeCycles: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const makeOrderBound = (ms: Mapspace): OrderBound => {
  const cls = new Uint8Array(3 * NUM_DIMS);
  for (let t = 0; t < 3; t++) {
    for (let x = ms.projStart[t]!; x < ms.projStart[t + 1]!; x++) {
      const terms = ms.termStart[x + 1]! - ms.termStart[x]!;
      for (let k = ms.termStart[x]!; k < ms.termStart[x + 1]!; k++) {
        cls[t * NUM_DIMS + ms.termDim[k]!] = terms > 1 ? LoopClass.Slide : LoopClass.Stop;
      }
    }
  }
  const L = ms.numLevels;
  const slides = Uint8Array.from([0, 1, 2], (t) => (cls.subarray(t * NUM_DIMS, (t + 1) * NUM_DIMS).includes(LoopClass.Slide) ? 1 : 0));
  return {
    cls,
    slides,
    q: { choice: new Int32Array(NUM_DIMS), perm: Array.from({ length: L }, () => new Int32Array(NUM_DIMS)), keep: new Int32Array(L) },
    slideStart: new Int32Array(L),
    slideLen: new Int32Array(L),
    slideDims: new Int32Array(L * NUM_DIMS),
    patterns: 1 << (L - 1),
    minima: new Float64Array(3 << (L - 1)).fill(NaN),
    computeEnergy: 0,
    computeCycles: 0,
  };
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * Write the first favoured order of tensor t at level l for the factorization in `ob.q` into `ob.q.perm[l]`: unit
 * loops, stop loops, then the group the other favoured orders permute (`slideOrder`) — the sliding and irrelevant
 * loops when t has a sliding dimension, else none — then the irrelevant loops (t without a sliding dimension),
 * then the fixed suffix. Records where the group is.
 */
const favouredOrder = (ms: Mapspace, ob: OrderBound, t: number, l: number): void => {
  const fixed = ms.fixedInner[l]!;
  const order = ob.q.perm[l]!;
  const choice = ob.q.choice;
  const cls = ob.cls;
  const slides = ob.slides[t] === 1;
  let n = 0;
  // Four passes over the free dimensions, one per position (unit loops first: their place never matters).
  for (let pass = 0; pass < 4; pass++) {
    if (pass === 2) ob.slideStart[l] = n;
    if (pass === 3) ob.slideLen[l] = n - ob.slideStart[l]!;
    for (let d = 0; d < NUM_DIMS; d++) {
      if (fixed.includes(d)) continue;
      const c = cls[t * NUM_DIMS + d]!;
      const pos =
        ms.factorizations[d]![choice[d]!]![l * SLOT_KINDS]! === 1 ? 0 : c === LoopClass.Stop ? 1 : c === LoopClass.Slide || slides ? 2 : 3;
      if (pos !== pass) continue;
      if (pass === 2) ob.slideDims[l * NUM_DIMS + n - ob.slideStart[l]!] = d;
      order[n++] = d;
    }
  }
  for (const d of fixed) order[n++] = d;
};

/** Put permutation number `i` of level l's permuted group in place (`PERMS`). */
const slideOrder = (ob: OrderBound, l: number, i: number): void => {
  const k = ob.slideLen[l]!;
  const perm = permsOf(k)[i]!;
  const order = ob.q.perm[l]!;
  const s = ob.slideStart[l]!;
  for (let m = 0; m < k; m++) order[s + m] = ob.slideDims[l * NUM_DIMS + perm[m]!]!;
};

/**
 * min over tensor t's favoured orders of E_t, for the factorization of p with t kept at level l ≥ 1 exactly when
 * bit l−1 of `pattern` is set (E_t depends on t's own keep choices only; the other tensors bypass everything in
 * these evaluations), minimised level by level. The innermost level's order is p's (it never matters). Also
 * leaves the compute energy and compute cycles — which no order or keep choice changes — in `ob.computeEnergy` /
 * `ob.computeCycles`.
 */
export const tensorMinimum = (ms: Mapspace, ob: OrderBound, ev: Evaluator, p: MapPoint, t: number, pattern: number): number => {
  const L = ms.numLevels;
  const q = ob.q;
  q.choice.set(p.choice);
  q.keep[0] = 7;
  for (let l = 1; l < L; l++) q.keep[l] = ((pattern >> (l - 1)) & 1) === 1 ? 1 << t : 0;
  q.perm[L - 1]!.set(p.perm[L - 1]!);
  for (let l = 0; l < L - 1; l++) favouredOrder(ms, ob, t, l);
  // Levels are independent (module comment): minimise one at a time, the others held at their best so far.
  ev.evaluate(q);
  let minT = ev.lastTensorEnergy(t);
  for (let l = 0; l < L - 1; l++) {
    const n = permsOf(ob.slideLen[l]!).length;
    if (n === 1) continue;
    let bestI = 0;
    for (let i = 1; i < n; i++) {
      slideOrder(ob, l, i);
      ev.evaluate(q);
      const e = ev.lastTensorEnergy(t);
      if (e < minT) {
        minT = e;
        bestI = i;
      }
    }
    slideOrder(ob, l, bestI);
  }
  ob.computeEnergy = ev.lastComputeEnergy();
  ob.computeCycles = ev.lastComputeCycles();
  return minT;
};

/**
 * A lower bound on the objective's score over every loop order of p's factorization with p's keep choice:
 * energy ≥ E_compute + Σ_t `tensorMinimum` (module comment); cycles ≥ compute cycles; edp ≥ their product.
 * Tensor minima are memoised per factorization in `ob.minima` (call `resetMinima` when the factorization
 * changes), so the keep choices of one factorization share them. Returns early, with a partial bound that
 * already exceeds `cutoff`, when it can.
 */
export const boundOrders = (ms: Mapspace, ob: OrderBound, ev: Evaluator, objective: Objective, p: MapPoint, cutoff: number): number => {
  const L = ms.numLevels;
  let energy = 0;
  for (let t = 0; t < 3; t++) {
    let pattern = 0;
    for (let l = 1; l < L; l++) pattern |= ((p.keep[l]! >> t) & 1) << (l - 1);
    const k = t * ob.patterns + pattern;
    if (Number.isNaN(ob.minima[k]!)) ob.minima[k] = tensorMinimum(ms, ob, ev, p, t, pattern);
    if (t === 0) {
      energy = ob.computeEnergy;
      if (objective === 'delay') return ob.computeCycles;
    }
    energy += ob.minima[k]!;
    if (score(objective, energy, ob.computeCycles) > cutoff) break;
  }
  return score(objective, energy, ob.computeCycles);
};

/** Forget the memoised tensor minima (the factorization changed). */
export const resetMinima = (ob: OrderBound): void => {
  ob.minima.fill(NaN);
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** PERMS[k]: every permutation of 0 … k−1 (a memo of a pure function, built on first use). */
const PERMS: number[][][] = [];
const permsOf = (k: number): number[][] => (PERMS[k] ??= permutationsOf([...Array(k).keys()]));

/** Every permutation of xs, in lexicographic order of positions. */
export const permutationsOf = (xs: ReadonlyArray<number>): number[][] => {
  if (xs.length <= 1) return [[...xs]];
  const out: number[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutationsOf([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
};
