/**
 * Spatial configurations of a mapspace and moves between them, for the heuristic search.
 *
 * A point's *spatial configuration* is every dimension's spatial factors (X and Y at every level). The
 * factorizations of a dimension fall into groups with the same spatial factors; a configuration is one group
 * per dimension whose products fit every level's fan-out. Moving a point to another configuration changes
 * the spatial split of several dimensions at once (e.g. C8 on X → C2·P7 on X and K4 on Y), which one-dimension
 * coordinate moves cannot do when the fan-out is full. The temporal factors are carried over as closely as
 * the new spatial factors allow: per dimension, the factorization of the new group whose tile extents at
 * every level (product of the factors at that level and below) are closest in log scale to the old ones.
 */
import { SLOT_KINDS, type MapPoint, type Mapspace } from '../mapping/index.js';
import { NUM_DIMS } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface SpatialGroups {
  /** `groups[d][g]`: the factorization indices of dimension d with the g-th distinct spatial part. */
  readonly groups: ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>>;
  /** `groupOf[d][i]`: the group of factorization i of dimension d. */
  readonly groupOf: ReadonlyArray<Int32Array>;
  /** Every configuration that fits the fan-out: one group index per dimension (flat, NUM_DIMS per configuration). */
  readonly configs: Int32Array;
  readonly numConfigs: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Group every dimension's factorizations by spatial part and enumerate the configurations that fit the
 * fan-out, up to `limit` of them (enumeration order: dimension 0's groups outermost).
 */
export const spatialGroups = (ms: Mapspace, limit: number): SpatialGroups => {
  const L = ms.numLevels;
  const groups: number[][][] = [];
  const groupOf: Int32Array[] = [];
  // Per dimension and group: spatial X and Y factor at every level.
  const gx: number[][][] = [];
  const gy: number[][][] = [];
  for (let d = 0; d < NUM_DIMS; d++) {
    const fs = ms.factorizations[d]!;
    const byKey = new Map<number, number>();
    const gs: number[][] = [];
    const xs: number[][] = [];
    const ys: number[][] = [];
    const of = new Int32Array(fs.length);
    fs.forEach((v, i) => {
      // Mixed-radix key of the spatial factors (each at most its fan-out, so the digits don't overlap).
      let key = 0;
      for (let l = 0; l < L; l++) key = (key * (ms.fanX[l]! + 1) + v[l * SLOT_KINDS + 1]!) * (ms.fanY[l]! + 1) + v[l * SLOT_KINDS + 2]!;
      let g = byKey.get(key);
      if (g === undefined) {
        g = gs.length;
        byKey.set(key, g);
        gs.push([]);
        xs.push(Array.from({ length: L }, (_, l) => v[l * SLOT_KINDS + 1]!));
        ys.push(Array.from({ length: L }, (_, l) => v[l * SLOT_KINDS + 2]!));
      }
      gs[g]!.push(i);
      of[i] = g;
    });
    groups.push(gs);
    groupOf.push(of);
    gx.push(xs);
    gy.push(ys);
  }
  // Dimensions with one group (most) take it in every configuration: their fan-out use is a fixed base.
  const base: number[] = new Array<number>(2 * L).fill(1);
  const active: number[] = [];
  for (let d = 0; d < NUM_DIMS; d++) {
    if (groups[d]!.length > 1) active.push(d);
    else if (groups[d]!.length === 1) {
      for (let l = 0; l < L; l++) {
        base[l] = base[l]! * gx[d]![0]![l]!;
        base[L + l] = base[L + l]! * gy[d]![0]![l]!;
      }
    }
  }
  // Breadth-first over the other dimensions: the partial configurations that fit (one group index per active
  // dimension so far, flat), with their fan-out use per level (X then Y, 2·L each, flat).
  let fits = true;
  for (let l = 0; l < L; l++) fits = fits && base[l]! <= ms.fanX[l]! && base[L + l]! <= ms.fanY[l]!;
  let confs: number[] = [];
  let use: number[] = base;
  let n = fits ? 1 : 0;
  active.forEach((d, a) => {
    const ng = groups[d]!.length;
    const nextConfs: number[] = [];
    const nextUse: number[] = [];
    let m = 0;
    for (let k = 0; k < n && m < limit; k++) {
      for (let g = 0; g < ng && m < limit; g++) {
        let ok = true;
        for (let l = 0; l < L && ok; l++) {
          ok = use[k * 2 * L + l]! * gx[d]![g]![l]! <= ms.fanX[l]! && use[k * 2 * L + L + l]! * gy[d]![g]![l]! <= ms.fanY[l]!;
        }
        if (!ok) continue;
        for (let i = 0; i < a; i++) nextConfs.push(confs[k * a + i]!);
        nextConfs.push(g);
        for (let l = 0; l < L; l++) nextUse.push(use[k * 2 * L + l]! * gx[d]![g]![l]!);
        for (let l = 0; l < L; l++) nextUse.push(use[k * 2 * L + L + l]! * gy[d]![g]![l]!);
        m++;
      }
    }
    confs = nextConfs;
    use = nextUse;
    n = m;
  });
  const out = new Int32Array(n * NUM_DIMS);
  for (let k = 0; k < n; k++) active.forEach((d, a) => (out[k * NUM_DIMS + d] = confs[k * active.length + a]!));
  return { groups, groupOf, configs: out, numConfigs: n };
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * The factorization of dimension d in group g whose tile extents are closest to those of factorization i:
 * minimises Σ_l |log ext_new(l) − log ext_old(l)|, ties to the smaller tiles (more likely to fit).
 */
export const closestInGroup = (ms: Mapspace, sg: SpatialGroups, d: number, i: number, g: number): number => {
  const L = ms.numLevels;
  const ext = ms.innerExt[d]!;
  let best = -1;
  let bestDist = Infinity;
  let bestSize = Infinity;
  for (const j of sg.groups[d]![g]!) {
    let dist = 0;
    let size = 0;
    for (let l = 1; l < L; l++) {
      const a = ext[j * L + l]!;
      dist += Math.abs(Math.log(a / ext[i * L + l]!));
      size += Math.log(a);
    }
    if (dist < bestDist - 1e-9 || (dist < bestDist + 1e-9 && size < bestSize)) {
      best = j;
      bestDist = dist;
      bestSize = size;
    }
  }
  return best;
};

/**
 * Move p (in place) to configuration c of `sg`, carrying the temporal factors over (see the module comment).
 * `memo[d][g]` caches the chosen factorization of dimension d in group g (−1 = not yet) for one source point:
 * fill it with −1 and reuse it only while p starts from the same factorizations.
 */
export const moveToConfig = (ms: Mapspace, sg: SpatialGroups, p: MapPoint, c: number, memo: Int32Array[]): void => {
  for (let d = 0; d < NUM_DIMS; d++) {
    const g = sg.configs[c * NUM_DIMS + d]!;
    const m = memo[d]!;
    if (m[g] === -1) m[g] = closestInGroup(ms, sg, d, p.choice[d]!, g);
    p.choice[d] = m[g]!;
  }
};
