/**
 * Brute-force reference for the nest analysis: enumerates every iteration of the loop nest, builds each
 * child's tile as an explicit set of points (axis-aligned boxes in tensor coordinates, as Timeloop's AAHRs),
 * and counts deltas against the previous iteration and the union over the children of one parent instance.
 * Exponential; only for tiny problems in tests. Implements the convention, not the closed form.
 *
 * `convention` (issue 13): `ideal` subtracts the previous tile at every step and serves the union of the children's
 * deltas; `timeloop-master` / `timeloop-v3.0.3` follow Timeloop's SaveAndSubtractIfSameStride literally — per child,
 * the translation (difference of tile origins) is compared with the remembered one, a change refills the whole
 * tile and forgets; master never remembers a zero translation — and serve each *identical* delta (as a point set)
 * once.
 * Networks (`opts.multicast[c]`, `opts.reduction[c]`: the network above level c, c = numLevels the MACs; default
 * all true): a parent dedupes tensor t for child c only when every network between them multicasts it (W, I) or
 * reduces it spatially (O); otherwise it serves each child's delta separately (the sum over children, not the union).
 */
import { expect } from 'vitest';
import { Slot, slotBase } from '../../src/dataflow/index.js';
import type { FlatMapping } from '../../src/mapping/flat.js';
import type { CountingConvention } from '../../src/arch/index.js';
import type { Problem } from '../../src/workload/index.js';

export interface BruteCounts {
  /** [level][tensor] per-instance counts. */
  reads: number[][];
  fills: number[][];
  updates: number[][];
  partition: number[][];
}

const NUM_DIMS = 8;
// W: (G,K,C,R,S); I: (N,G,C,H,W); O: (N,G,K,P,Q) — dims N0 G1 C2 K3 P4 Q5 R6 S7
const projections = (p: Problem): Array<Array<Array<[number, number]>>> => [
  [[[1, 1]], [[3, 1]], [[2, 1]], [[6, 1]], [[7, 1]]],
  [[[0, 1]], [[1, 1]], [[2, 1]], [[4, p.strideH], [6, p.dilationH]], [[5, p.strideW], [7, p.dilationW]]],
  [[[0, 1]], [[1, 1]], [[3, 1]], [[4, 1]], [[5, 1]]],
];

export interface BruteNetworks {
  readonly multicast?: ReadonlyArray<boolean>;
  readonly reduction?: ReadonlyArray<boolean>;
}

export const bruteForce = (p: Problem, fm: FlatMapping, numLevels: number, opts: BruteNetworks = {}, convention: CountingConvention = 'ideal'): BruteCounts => {
  const L = numLevels;
  const n = fm.n;
  const step: number[] = new Array(n).fill(1);
  const run = new Array(NUM_DIMS).fill(1);
  for (let j = n - 1; j >= 0; j--) {
    step[j] = run[fm.dim[j]!];
    run[fm.dim[j]!] *= fm.factor[j]!;
  }
  const proj = projections(p);
  const zero = () => Array.from({ length: L }, () => [0, 0, 0]);
  const res: BruteCounts = { reads: zero(), fills: zero(), updates: zero(), partition: zero() };
  const levelStart = (c: number): number => {
    let j = 0;
    while (j < n && fm.level[j]! < c) j++;
    return j;
  };
  for (let t = 0; t < 3; t++) {
    let par = 0;
    for (let c = 1; c <= L; c++) {
      const isMac = c === L;
      if (!isMac && fm.keep[c * 3 + t] === 0) continue;
      const support = t === 2 ? opts.reduction : opts.multicast;
      let dedupe = true;
      for (let k = par + 1; k <= c; k++) if (support && support[k] === false) dedupe = false;
      const bc = levelStart(c);
      const bp = levelStart(par);
      const temporal = [...Array(bc).keys()].filter((j) => fm.spatial[j] === 0);
      const group = [...Array(bc).keys()].filter((j) => j >= bp && fm.spatial[j] === 1);
      const inner = [...Array(n).keys()].filter((j) => j >= bc);
      // Per-dimension extent of the child tile.
      const ext = new Array(NUM_DIMS).fill(1);
      for (const j of inner) ext[fm.dim[j]!] *= fm.factor[j]!;
      let lastLo: number[] = [];
      const boxOf = (base: number[]): Set<string> => {
        // base: per problem-dim origin; tile = all points of the box spanned by the extents.
        const lo: number[] = [];
        const len: number[] = [];
        for (const terms of proj[t]!) {
          let l = 0;
          let e = 1;
          for (const [d, coef] of terms) {
            l += coef * base[d]!;
            e += coef * ((isMac ? 1 : ext[d]) - 1);
          }
          lo.push(l);
          len.push(e);
        }
        lastLo = lo;
        const pts = new Set<string>();
        const rec = (x: number, acc: number[]): void => {
          if (x === lo.length) {
            pts.add(acc.join(','));
            return;
          }
          for (let i = 0; i < len[x]!; i++) rec(x + 1, [...acc, lo[x]! + i]);
        };
        rec(0, []);
        return pts;
      };
      const idx = new Array(n).fill(0);
      const groupCombos: number[][] = [];
      const recG = (g: number, acc: number[]): void => {
        if (g === group.length) {
          groupCombos.push(acc);
          return;
        }
        for (let i = 0; i < fm.factor[group[g]!]!; i++) recG(g + 1, [...acc, i]);
      };
      recG(0, []);
      const baseFor = (combo: number[]): number[] => {
        const base = new Array(NUM_DIMS).fill(0);
        for (const j of temporal) base[fm.dim[j]!] += idx[j] * step[j]!;
        group.forEach((j, k) => (base[fm.dim[j]!] += combo[k]! * step[j]!));
        return base;
      };
      let prev: Set<string>[] | null = null;
      let prevLo: number[][] = [];
      const memory: Array<string | null> = groupCombos.map(() => null);
      let childAcc = 0;
      let parentAcc = 0;
      const seenChild0 = new Set<string>();
      const total = temporal.reduce((a, j) => a * fm.factor[j]!, 1);
      for (let it = 0; it < total; it++) {
        // odometer over temporal loops, innermost fastest
        let r = it;
        for (let k = temporal.length - 1; k >= 0; k--) {
          const j = temporal[k]!;
          idx[j] = r % fm.factor[j]!;
          r = Math.floor(r / fm.factor[j]!);
        }
        const los: number[][] = [];
        const tiles = groupCombos.map((combo) => {
          const b = boxOf(baseFor(combo));
          los.push(lastLo);
          return b;
        });
        const deltas = tiles.map((tile, k) => {
          const old = prev?.[k];
          let subtract = old !== undefined;
          if (old !== undefined && convention !== 'ideal') {
            const tr = los[k]!.map((v, x) => v - prevLo[k]![x]!);
            const zero = tr.every((v) => v === 0);
            const key = tr.join(',');
            const mem = memory[k]!;
            if (convention === 'timeloop-master' && zero) subtract = true;
            else if (mem === null) {
              memory[k] = key;
            } else if (mem !== key) {
              subtract = false;
              memory[k] = null;
            }
          }
          const d = new Set<string>();
          for (const pt of tile) if (isMac || !subtract || !old!.has(pt)) d.add(pt);
          return d;
        });
        deltas.forEach((d, k) => {
          if (k === 0) childAcc += d.size;
        });
        for (const pt of tiles[0]!) seenChild0.add(pt);
        if (!dedupe) {
          for (const d of deltas) parentAcc += d.size;
        } else if (convention === 'ideal') {
          const union = new Set<string>();
          for (const d of deltas) for (const pt of d) union.add(pt);
          parentAcc += union.size;
        } else {
          const distinct = new Map<string, number>();
          for (const d of deltas) if (d.size > 0) distinct.set([...d].sort().join(';'), d.size);
          for (const n of distinct.values()) parentAcc += n;
        }
        prev = tiles;
        prevLo = los;
      }
      if (t === 2) {
        res.updates[par]![t]! += parentAcc;
        if (!isMac) {
          res.partition[c]![t] = seenChild0.size;
          res.fills[c]![t] = childAcc - seenChild0.size;
        }
      } else {
        res.reads[par]![t]! += parentAcc;
        if (!isMac) res.fills[c]![t] = childAcc;
      }
      if (!isMac) par = c;
    }
  }
  // Outputs at level 0: whole tensor partition; reads = updates − partition at every keeping level.
  for (let l = 0; l < L; l++) {
    if (l === 0) {
      const b = p.bounds;
      res.partition[0]![2] = b.N * b.G * b.K * b.P * b.Q;
    }
    if (l === 0 || fm.keep[l * 3 + 2] === 1) res.reads[l]![2] = Math.max(0, res.updates[l]![2]! - res.partition[l]![2]!);
  }
  return res;
};

/**
 * Expect the closed form's reads, fills and updates (`out`, an `analyze` result) to equal the enumeration's (`ref`) at
 * every kept (level, tensor) of the first `numLevels` levels; `tag` is merged into both sides so a failure names the case.
 */
export const expectCountsMatch = (out: Float64Array, ref: BruteCounts, numLevels: number, tag: Record<string, unknown> = {}): void => {
  for (let l = 0; l < numLevels; l++)
    for (let t = 0; t < 3; t++) {
      const b = slotBase(l, t);
      if (out[b + Slot.Kept] !== 1) continue;
      const got = { reads: out[b + Slot.Reads], fills: out[b + Slot.Fills], updates: out[b + Slot.Updates] };
      const want = { reads: ref.reads[l]![t], fills: ref.fills[l]![t], updates: ref.updates[l]![t] };
      expect({ l, t, ...tag, ...got }).toEqual({ l, t, ...tag, ...want });
    }
};
