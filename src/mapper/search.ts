/**
 * Mapping search strategies over a `Mapspace`, as in Timeloop's mapper:
 *
 * - `exhaustive`: exact branch and bound. Every keep choice × every factorization (pruned by the fan-out/capacity
 *   pre-check before any evaluation) is bounded over all its loop orders (`bound.ts`: energy splits by tensor,
 *   and each tensor's best order lies in a small favoured set); a factorization whose bound cannot beat the
 *   incumbent (first found by the heuristic search) is skipped; the others have their orders searched — level
 *   by level for energy (orders of different levels never interact), every combination for delay and edp — but
 *   never the innermost level's (its order never changes a count). Exact when it completes (for energy up to the
 *   rounding of compressed or multi-word-block counts); stops at `budget` evaluations and says so
 *   (`complete: false`).
 * - `heuristic`: seeded random sampling of valid points, stratified over the spatial configurations (each
 *   configuration in turn, a random factorization within it), then coordinate descent from the best few (every
 *   factorization of one dimension, every order of one level, every keep choice of one level at a time),
 *   iterated: each local optimum is perturbed (two dimensions re-drawn) and descended again `kicks` times;
 *   it stops after `victory` descents in a row that found nothing better. Then spatial rounds: the best local
 *   optima are moved to every spatial configuration that fits the fan-out (several dimensions' spatial
 *   factors at once, temporal factors carried over, every keep combination tried; see `spatial.ts`) and the
 *   most promising new configurations are descended, while that improves the incumbent. A descent does not
 *   sweep again a coordinate whose sweep saw the current point's other coordinates already (it would repeat
 *   evaluations).
 *
 * Both are deterministic (the heuristic for a given seed) and report the number of evaluations. An optional
 * `onProgress(evaluated, best)` is called every `progressEvery` evaluations (the CLI prints it).
 */
import * as E from 'fp-ts/lib/Either.js';
import { makeRng, type Rng } from '../core/index.js';
import { copyPoint, fitsCapacityWith, fitsPoint, newPoint, prepareCapacitySweep, nonEmpty, pointToMapping, SLOT_KINDS, type MapPoint, type Mapspace, type Mapping } from '../mapping/index.js';
import { NUM_DIMS } from '../workload/index.js';
import { type Evaluator, makeEvaluator } from './evaluator.js';
import { boundOrders, makeOrderBound, permutationsOf, resetMinima } from './bound.js';
import { moveToConfig, spatialGroups, type SpatialGroups } from './spatial.js';
import { better, type Objective } from './objective.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export type Strategy = 'exhaustive' | 'heuristic';
export const STRATEGIES: ReadonlyArray<Strategy> = ['exhaustive', 'heuristic'];

export interface SearchOptions {
  readonly objective: Objective;
  readonly strategy: Strategy;
  readonly seed: number;
  /** Exhaustive: evaluation budget (default 1,000,000,000). */
  readonly budget?: number;
  /**
   * Exhaustive: `false` turns the branch and bound off — every keep choice × factorization × every order of every
   * level (the innermost's too) is evaluated. Same optimum, far slower: a cross-check for tests.
   */
  readonly prune?: boolean;
  /** Heuristic: random samples (default 1000), descents from the best distinct spatial configurations (default 60), perturbation kicks per descent (default 1). */
  readonly samples?: number;
  readonly climbs?: number;
  readonly kicks?: number;
  /** Heuristic: stop after this many consecutive descents without a better mapping (default 20). */
  readonly victory?: number;
  /**
   * Heuristic spatial rounds (default 3; 0 = none): the best `spatialSources` local optima (default 3) are moved
   * to every spatial configuration and the best `spatialTop` new configurations (default 6) are descended.
   */
  readonly spatialRounds?: number;
  readonly spatialSources?: number;
  readonly spatialTop?: number;
  readonly onProgress?: (evaluated: number, best: number) => void;
  readonly progressEvery?: number;
}

export interface SearchResult {
  readonly mapping: Mapping;
  readonly energy: number;
  readonly cycles: number;
  readonly score: number;
  readonly evaluated: number;
  /** Exhaustive only: `false` when the budget stopped the enumeration. */
  readonly complete: boolean;
  /** Exhaustive only: factorizations whose loop orders were never enumerated because their bound could not beat the incumbent. */
  readonly pruned?: number;
}

/** Why no mapping was found. */
export type SearchFailure =
  | { readonly _tag: 'EmptyMapspace'; readonly message: string }
  | { readonly _tag: 'NoValidMapping'; readonly message: string; readonly evaluated: number };

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Search the mapspace; `Left` when it holds no valid mapping. */
export const search = (ms: Mapspace, opts: SearchOptions): E.Either<SearchFailure, SearchResult> => {
  if (!nonEmpty(ms)) {
    return E.left({ _tag: 'EmptyMapspace', message: `dataflow '${ms.dataflow.name}' admits no factorization of this layer on this architecture` });
  }
  const ev = makeEvaluator(ms, opts.objective);
  const best = new Best(ev, opts);
  if (opts.strategy === 'exhaustive') exhaustive(ms, ev, best, opts, opts.budget ?? 1_000_000_000);
  else heuristic(ms, ev, best, opts);
  if (!best.point) {
    return E.left({ _tag: 'NoValidMapping', message: `no mapping of the ${opts.strategy} search fits the architecture (capacity or fan-out)`, evaluated: ev.evaluated });
  }
  return E.right({
    mapping: pointToMapping(ms, best.point, `mapper: ${opts.strategy} (dataflow ${ms.dataflow.name}), objective ${opts.objective}${opts.strategy === 'heuristic' ? `, seed ${opts.seed}` : ''}`),
    energy: best.energy,
    cycles: best.cycles,
    score: best.score,
    evaluated: ev.evaluated,
    complete: best.complete,
    ...(opts.strategy === 'exhaustive' ? { pruned: best.pruned } : {}),
  });
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** The incumbent. */
class Best {
  point: MapPoint | null = null;
  score = Infinity;
  tie = Infinity;
  energy = Infinity;
  cycles = Infinity;
  complete = true;
  /** Exhaustive: factorizations (× keep choices) skipped because their order bound could not beat the incumbent. */
  pruned = 0;
  private nextReport: number;
  constructor(
    readonly ev: Evaluator,
    private readonly opts: SearchOptions,
  ) {
    this.nextReport = opts.progressEvery ?? 100_000;
  }
  /** Evaluate p (assumed to fit) and keep it if better; returns true when it improved the incumbent. */
  offer(p: MapPoint): boolean {
    this.ev.evaluate(p);
    const l = this.ev.last;
    const improved = better(l.score, l.tie, this.score, this.tie);
    if (improved) {
      this.point = copyPoint(p);
      this.score = l.score;
      this.tie = l.tie;
      this.energy = l.energy;
      this.cycles = l.cycles;
    }
    this.tick();
    return improved;
  }
  /** Report progress when another `progressEvery` evaluations have been made since the last report. */
  tick(): void {
    if (this.opts.onProgress && this.ev.evaluated >= this.nextReport) {
      const every = this.opts.progressEvery ?? 100_000;
      while (this.nextReport <= this.ev.evaluated) this.nextReport += every;
      this.opts.onProgress(this.ev.evaluated, this.score);
    }
  }
}

/**
 * Exact exhaustive search by branch and bound (see the module comment and `bound.ts`). The incumbent starts as a
 * seeded heuristic search's result; then every keep choice × every factorization that fits is bounded over
 * all its loop orders, and only those whose bound could still beat the incumbent have their orders searched.
 */
const exhaustive = (ms: Mapspace, ev: Evaluator, best: Best, opts: SearchOptions, budget: number): void => {
  // A good incumbent prunes far more: start from the default heuristic search's result.
  if (opts.prune !== false) heuristic(ms, ev, best, opts);
  const ob = makeOrderBound(ms);
  const p: MapPoint = newPoint(ms);
  const counts = ms.factorizations.map((f) => f.length);
  // Every keep combination (one choice per level); while descending, each level keeps only what every choice
  // keeps (the least capacity any completion needs).
  const combos = keepCombinations(ms);
  const keepMin = Int32Array.from(ms.keepChoices, (ks) => ks.reduce((a, k) => a & k, 7));
  let stopped = false;
  // Depth-first over the dimensions' factorizations; a partial point that does not fit is a dead subtree.
  const visit = (d: number): void => {
    for (let i = 0; i < counts[d]! && !stopped; i++) {
      p.choice[d] = i;
      p.keep.set(keepMin);
      if (!fitsPoint(ms, p, d + 1)) continue;
      if (d < NUM_DIMS - 1) {
        visit(d + 1);
        continue;
      }
      if (ev.evaluated >= budget) {
        best.complete = false;
        stopped = true;
        return;
      }
      resetMinima(ob);
      for (const keep of combos) {
        p.keep.set(keep);
        if (!fitsPoint(ms, p)) continue;
        if (opts.prune === false) {
          enumerateOrders(ms, best, p, false);
          continue;
        }
        // Prune only when the bound is clearly above the incumbent: by more than float noise and more than the
        // rounding of ceil()'d compressed / blocked counts, under which the level-by-level minimum is exact
        // (`bound.ts`) — a few accesses in energies of millions.
        const cutoff = best.score + 1e-6 * Math.abs(best.score);
        const bound = boundOrders(ms, ob, ev, opts.objective, p, cutoff);
        best.tick();
        if (bound > cutoff) {
          best.pruned++;
          continue;
        }
        if (opts.objective === 'energy') minimiseByLevels(ms, best, p);
        else enumerateOrders(ms, best, p, true);
      }
    }
  };
  visit(0);
};

/** Offer every combination of the levels' loop orders (the innermost level's only when `skipInnermost` is false). */
const enumerateOrders = (ms: Mapspace, best: Best, p: MapPoint, skipInnermost: boolean): void => {
  const L = ms.numLevels;
  const orders = skipInnermost ? levelOrders(ms, p) : Array.from({ length: L }, (_, l) => levelOrdersOf(ms, p, l));
  const radix = orders.map((o) => o.length);
  const oi = new Int32Array(L);
  for (;;) {
    for (let l = 0; l < L; l++) p.perm[l]!.set(orders[l]![oi[l]!]!);
    best.offer(p);
    if (!advance(oi, radix)) break;
  }
};

/**
 * The minimum energy over every loop order of p's factorization and keep choice, offered to `best`: orders of
 * different levels never interact (`bound.ts`), so each level's orders are enumerated with the others held fixed
 * and the level keeps its best. (Energy only: cycles are a maximum over levels, not a sum, so `delay` and `edp`
 * enumerate every combination.)
 */
const minimiseByLevels = (ms: Mapspace, best: Best, p: MapPoint): void => {
  const ev = best.ev;
  const orders = levelOrders(ms, p);
  orders.forEach((os, l) => p.perm[l]!.set(os[0]!));
  best.offer(p);
  let bestE = ev.last.energy;
  orders.forEach((os, l) => {
    let bestI = 0;
    for (let i = 1; i < os.length; i++) {
      p.perm[l]!.set(os[i]!);
      best.offer(p);
      if (ev.last.energy < bestE) {
        bestE = ev.last.energy;
        bestI = i;
      }
    }
    p.perm[l]!.set(os[bestI]!);
  });
};

/** Every keep combination: one keep choice per level (as masks). */
const keepCombinations = (ms: Mapspace): Int32Array[] => {
  const combos: Int32Array[] = [];
  const digits = new Int32Array(ms.numLevels);
  do combos.push(Int32Array.from(digits, (k, l) => ms.keepChoices[l]![k]!));
  while (advance(digits, ms.keepChoices.map((k) => k.length)));
  return combos;
};

/** Increment a mixed-radix counter (last digit fastest); false when it wraps to all zeros. */
const advance = (digits: Int32Array, radix: ReadonlyArray<number>): boolean => {
  for (let i = digits.length - 1; i >= 0; i--) {
    digits[i] = digits[i]! + 1;
    if (digits[i]! < radix[i]!) return true;
    digits[i] = 0;
  }
  return false;
};

/** Every loop order of level l for the factorization of p: orders of its free non-unit loops, fixed suffix last. */
const levelOrdersOf = (ms: Mapspace, p: MapPoint, l: number): Int32Array[] => {
  const fixed = ms.fixedInner[l]!;
  const big: number[] = [];
  const unit: number[] = [];
  for (let d = 0; d < NUM_DIMS; d++) {
    if (fixed.includes(d)) continue;
    if (ms.factorizations[d]![p.choice[d]!]![l * SLOT_KINDS]! > 1) big.push(d);
    else unit.push(d);
  }
  return permutationsOf(big).map((order) => Int32Array.from([...unit, ...order, ...fixed]));
};

/** The orders to enumerate at every level: all of them, but the innermost level's, which never matters (`bound.ts`). */
const levelOrders = (ms: Mapspace, p: MapPoint): Int32Array[][] =>
  Array.from({ length: ms.numLevels }, (_, l) => (l === ms.numLevels - 1 ? [Int32Array.from(p.perm[l]!)] : levelOrdersOf(ms, p, l)));

/**
 * Seeded random sampling, then coordinate descent from the best `climbs` distinct samples. One sweep tries,
 * with everything else fixed: every factorization of each dimension; every order of each level's free
 * non-unit loops (all k! when k ≤ 6, else adjacent swaps); every keep choice of each level. A sweep keeps the
 * best point of each coordinate; sweeps repeat until one improves nothing. Points are changed in place.
 */
const heuristic = (ms: Mapspace, ev: Evaluator, best: Best, opts: SearchOptions): void => {
  const rng = makeRng(opts.seed);
  const samples = opts.samples ?? 1000;
  const climbs = opts.climbs ?? 60;
  const pool: Array<{ p: MapPoint; s: number; t: number }> = [];
  const p = newPoint(ms);
  const sg = spatialGroups(ms, SPATIAL_LIMIT);
  // Stratified over the spatial configurations: sample k draws configuration k mod n (in a seeded random
  // order), then a uniformly random factorization of each dimension within that configuration.
  const configOrder = Array.from({ length: sg.numConfigs }, (_, i) => i);
  for (let i = configOrder.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [configOrder[i], configOrder[j]] = [configOrder[j]!, configOrder[i]!];
  }
  let tries = 0;
  while (pool.length < samples && tries < samples * 50) {
    tries++;
    randomize(ms, sg, sg.numConfigs > 0 ? configOrder[tries % sg.numConfigs]! : -1, p, rng);
    if (!ev.fits(p)) continue;
    randomOrders(ms, p, rng);
    best.offer(p);
    pool.push({ p: copyPoint(p), s: ev.last.score, t: ev.last.tie });
  }
  pool.sort(byScore);
  // Descend from the best sample of each of the best `climbs` distinct spatial configurations: the spatial
  // layout couples dimensions through the shared fan-out, which one-dimension moves cannot undo.
  const starts: Array<{ p: MapPoint; s: number; t: number }> = [];
  const seen = new Set<string>();
  for (const x of pool) {
    const key = spatialKey(ms, x.p);
    if (seen.has(key)) continue;
    seen.add(key);
    starts.push(x);
    if (starts.length >= climbs) break;
  }
  const kicks = opts.kicks ?? 1;
  const victory = opts.victory ?? 20;
  // Local optima of the climbs (the climbed points, changed in place).
  const optima: Array<{ p: MapPoint; s: number; t: number }> = [];
  // Iterated local search from one start: descend, then perturb two dimensions of the local optimum and
  // descend again `nKicks` times. Returns true when the incumbent improved.
  const climb = (home: MapPoint, s0: number, t0: number, nKicks: number): boolean => {
    const before = best.score;
    const beforeTie = best.tie;
    let [hs, ht] = descend(ms, ev, best, home, s0, t0);
    for (let k = 0; k < nKicks; k++) {
      const q = copyPoint(home);
      for (let m = 0; m < 2; m++) {
        const d = rng.int(NUM_DIMS);
        q.choice[d] = rng.int(ms.factorizations[d]!.length);
      }
      if (!ev.fits(q)) continue;
      best.offer(q);
      const [qs, qt] = descend(ms, ev, best, q, ev.last.score, ev.last.tie);
      if (better(qs, qt, hs, ht)) {
        home.choice.set(q.choice);
        q.perm.forEach((o, l) => home.perm[l]!.set(o));
        home.keep.set(q.keep);
        hs = qs;
        ht = qt;
      }
    }
    optima.push({ p: home, s: hs, t: ht });
    return better(best.score, best.tie, before, beforeTie);
  };
  let stale = 0;
  for (let c = 0; c < starts.length && stale < victory; c++) {
    // Victory condition (as in Timeloop's mapper): stop after `victory` descents in a row that did not
    // improve the best mapping found.
    stale = climb(starts[c]!.p, starts[c]!.s, starts[c]!.t, kicks) ? 0 : stale + 1;
  }
  // Spatial rounds: move the best local optima to every other spatial configuration (temporal factors and
  // orders carried over, every keep combination tried), and descend from the best `spatialTop` configurations
  // not climbed yet; repeat from the new incumbent while that improves it.
  const rounds = opts.spatialRounds ?? 3;
  if (rounds === 0 || optima.length === 0) return;
  const top = opts.spatialTop ?? 6;
  const combos = keepCombinations(ms);
  const q = newPoint(ms);
  for (let r = 0; r < rounds; r++) {
    const climbed = new Set(optima.map((o) => spatialKey(ms, o.p)));
    optima.sort(byScore);
    const sources: MapPoint[] = [];
    const seenSrc = new Set<string>();
    for (const o of optima) {
      const key = spatialKey(ms, o.p);
      if (seenSrc.has(key)) continue;
      seenSrc.add(key);
      sources.push(copyPoint(o.p));
      if (sources.length >= (r === 0 ? (opts.spatialSources ?? 3) : 1)) break;
    }
    const cand: Array<{ p: MapPoint; s: number; t: number }> = [];
    for (const src of sources) {
      const memo = sg.groups.map((g) => new Int32Array(g.length).fill(-1));
      for (let c = 0; c < sg.numConfigs; c++) {
        q.choice.set(src.choice);
        src.perm.forEach((o, l) => q.perm[l]!.set(o));
        q.keep.set(src.keep);
        moveToConfig(ms, sg, q, c, memo);
        // Every keep combination in the new configuration (what a level should keep often changes with it).
        let bq: MapPoint | null = null;
        let bs = Infinity;
        let bt = Infinity;
        for (const keep of combos) {
          q.keep.set(keep);
          if (!ev.fits(q)) continue;
          best.offer(q);
          if (better(ev.last.score, ev.last.tie, bs, bt)) {
            bq = copyPoint(q);
            bs = ev.last.score;
            bt = ev.last.tie;
          }
        }
        if (bq) cand.push({ p: bq, s: bs, t: bt });
      }
    }
    cand.sort(byScore);
    let improved = false;
    let n = 0;
    for (const x of cand) {
      if (n >= top) break;
      const key = spatialKey(ms, x.p);
      if (climbed.has(key)) continue;
      climbed.add(key);
      n++;
      if (climb(x.p, x.s, x.t, 0)) improved = true;
    }
    if (!improved) break;
  }
};

/** Most spatial configurations enumerated for the spatial rounds. */
const SPATIAL_LIMIT = 2000;

/** Ascending by (score, tie). */
const byScore = (x: { s: number; t: number }, y: { s: number; t: number }): number => (better(x.s, x.t, y.s, y.t) ? -1 : better(y.s, y.t, x.s, x.t) ? 1 : 0);

/** Most candidate factorizations of one dimension tried in one sweep. */
const SWEEP_CAP = 600;

/** Coordinate descent from `cur` (score s, tie t), in place; returns the final (score, tie). */
const descend = (ms: Mapspace, ev: Evaluator, best: Best, cur: MapPoint, s0: number, t0: number): [number, number] => {
  let s = s0;
  let t = t0;
  // `moves` counts accepted moves; a coordinate (dimension d, then per level its order and its keep choice)
  // swept when `moves` was the same as now would only re-evaluate the points it saw then: it is skipped.
  let moves = 0;
  const sweptAt = new Int32Array(NUM_DIMS + 2 * ms.numLevels).fill(-1);
  const L = ms.numLevels;
  const otherX = new Float64Array(L);
  const otherY = new Float64Array(L);
  // Offer `cur` (known to fit) and keep it when better.
  const tryFitting = (): boolean => {
    best.offer(cur);
    if (better(ev.last.score, ev.last.tie, s, t)) {
      s = ev.last.score;
      t = ev.last.tie;
      moves++;
      return true;
    }
    return false;
  };
  const tryPoint = (): boolean => ev.fits(cur) && tryFitting();
  for (let sweep = 0; sweep < 50; sweep++) {
    let improved = false;
    for (let d = 0; d < NUM_DIMS; d++) {
      const n = ms.factorizations[d]!.length;
      let bestI = cur.choice[d]!;
      // Dimensions with very many factorizations (e.g. C = 9216 over 9 slots) are swept with a stride, from a
      // rotating offset, so one sweep costs at most SWEEP_CAP candidates; later sweeps see the others.
      const stride = Math.max(1, Math.ceil(n / SWEEP_CAP));
      if (stride === 1 && sweptAt[d] === moves) continue;
      // Fan-out used by the other dimensions, per level: candidates that overflow it are skipped before the
      // full pre-check.
      for (let l = 0; l < L; l++) {
        let x = 1;
        let y = 1;
        for (let e = 0; e < NUM_DIMS; e++) {
          if (e === d) continue;
          x *= ms.spX[e]![cur.choice[e]! * L + l]!;
          y *= ms.spY[e]![cur.choice[e]! * L + l]!;
        }
        otherX[l] = x;
        otherY[l] = y;
      }
      const spX = ms.spX[d]!;
      const spY = ms.spY[d]!;
      prepareCapacitySweep(ms, cur, d);
      for (let i = (sweep + d) % stride; i < n; i += stride) {
        if (i === bestI) continue;
        let fan = true;
        for (let l = 0; l < L && fan; l++) fan = otherX[l]! * spX[i * L + l]! <= ms.fanX[l]! && otherY[l]! * spY[i * L + l]! <= ms.fanY[l]!;
        if (!fan || !fitsCapacityWith(ms, cur, i)) continue;
        cur.choice[d] = i;
        if (tryFitting()) {
          bestI = i;
          improved = true;
        }
      }
      cur.choice[d] = bestI;
      sweptAt[d] = moves;
    }
    for (let l = 0; l < ms.numLevels; l++) {
      if (sweptAt[NUM_DIMS + 2 * l] !== moves) {
        const orders = levelOrdersOf(ms, cur, l);
        const keepOrder = Int32Array.from(cur.perm[l]!);
        let bestO: Int32Array = keepOrder;
        if (orders.length <= 720) {
          for (const o of orders) {
            if (sameOrder(ms, cur, l, o)) continue;
            cur.perm[l]!.set(o);
            if (tryPoint()) {
              bestO = o;
              improved = true;
            }
          }
        }
        cur.perm[l]!.set(bestO);
        sweptAt[NUM_DIMS + 2 * l] = moves;
      }
      if (sweptAt[NUM_DIMS + 2 * l + 1] === moves) continue;
      const ks = ms.keepChoices[l]!;
      let bestK = cur.keep[l]!;
      for (const k of ks) {
        if (k === bestK) continue;
        cur.keep[l] = k;
        if (tryPoint()) {
          bestK = k;
          improved = true;
        }
      }
      cur.keep[l] = bestK;
      sweptAt[NUM_DIMS + 2 * l + 1] = moves;
    }
    if (!improved) break;
  }
  return [s, t];
};

/** `true` when order o of level l runs p's loops of extent > 1 in the same sequence as p's own order. */
const sameOrder = (ms: Mapspace, p: MapPoint, l: number, o: Int32Array): boolean => {
  const cur = p.perm[l]!;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < NUM_DIMS && ms.factorizations[cur[i]!]![p.choice[cur[i]!]!]![l * SLOT_KINDS]! === 1) i++;
    while (j < NUM_DIMS && ms.factorizations[o[j]!]![p.choice[o[j]!]!]![l * SLOT_KINDS]! === 1) j++;
    if (i === NUM_DIMS || j === NUM_DIMS) return i === NUM_DIMS && j === NUM_DIMS;
    if (cur[i] !== o[j]) return false;
    i++;
    j++;
  }
};

/** The spatial factors of every dimension at every level, as a string (the point's spatial configuration). */
const spatialKey = (ms: Mapspace, p: MapPoint): string => {
  const parts: number[] = [];
  for (let d = 0; d < NUM_DIMS; d++) {
    const v = ms.factorizations[d]![p.choice[d]!]!;
    for (let l = 0; l < ms.numLevels; l++) parts.push(v[l * SLOT_KINDS + 1]!, v[l * SLOT_KINDS + 2]!);
  }
  return parts.join(',');
};

/**
 * A uniformly random factorization of each dimension — within spatial configuration c of `sg` (c ≥ 0), or among
 * all of them (c = −1) — and keep choice per level (all that `fits` depends on).
 */
const randomize = (ms: Mapspace, sg: SpatialGroups, c: number, p: MapPoint, rng: Rng): void => {
  for (let d = 0; d < NUM_DIMS; d++) {
    if (c < 0) p.choice[d] = rng.int(ms.factorizations[d]!.length);
    else {
      const g = sg.groups[d]![sg.configs[c * NUM_DIMS + d]!]!;
      p.choice[d] = g[rng.int(g.length)]!;
    }
  }
  for (let l = 0; l < ms.numLevels; l++) {
    const ks = ms.keepChoices[l]!;
    p.keep[l] = ks[rng.int(ks.length)]!;
  }
};

/**
 * A uniformly random order of each level's free loops, in place (Fisher–Yates over the free prefix; the
 * fixed innermost suffix of `newPoint`'s layout stays last). No allocation.
 */
const randomOrders = (ms: Mapspace, p: MapPoint, rng: Rng): void => {
  for (let l = 0; l < ms.numLevels; l++) {
    const o = p.perm[l]!;
    for (let i = NUM_DIMS - ms.fixedInner[l]!.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = o[i]!;
      o[i] = o[j]!;
      o[j] = t;
    }
  }
};
