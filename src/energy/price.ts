/**
 * Pricing: energy = counts × ERT (Timeloop/Accelergy convention, docs/reference/counting-semantics.md):
 *   E = Σ_levels Σ_tensors [ V_reads·E_read + V_gatedReads·E_read·g + V_writes·E_write + V_gatedWrites·E_write·g
 *                            + V_metaReads·E_read·m + V_metaWrites·E_write·m ] · utilizedInstances
 *     + Σ_networks words·E_word + MACs_random·E_MAC + MACs_gated·E_MAC·g_MAC
 * where V are per-instance vector accesses (ceil(words / block)), g the gated fraction, m the metadata factor.
 * Fills and updates are both writes. Skipped actions cost nothing.
 */
import * as M from 'fp-ts/lib/Monoid.js';
import * as N from 'fp-ts/lib/number.js';
import * as RR from 'fp-ts/lib/ReadonlyRecord.js';
import type { PerDataSpace, EnergyUnit } from '../core/index.js';
import { Global, SLOTS, Slot, blockCost, globalBase, macCost, pathCostPerWord, slotBase } from '../dataflow/index.js';
import type { Ert } from './ert.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Energy of one layer (or a sum of layers), in `unit`. */
export interface EnergyBreakdown {
  readonly unit: EnergyUnit;
  readonly total: number;
  readonly compute: number;
  /** Storage energy per level name (network energy excluded). */
  readonly byLevel: Readonly<Record<string, number>>;
  /** Storage + network energy per tensor. */
  readonly byTensor: PerDataSpace<number>;
  /** Network energy per network, named `<parent>→<child>` (MACs = `MAC`). */
  readonly byNetwork: Readonly<Record<string, number>>;
  /** Storage energy per (level name, tensor) — `byLevel` split by tensor (set by `price`; optional for hand-made breakdowns). */
  readonly byLevelTensor?: Readonly<Record<string, PerDataSpace<number>>>;
  readonly network: number;
}

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Storage energy of (level, tensor) in a result array (all instances). */
export const storageEnergy = (ert: Ert, r: Float64Array, l: number, t: number): number => {
  const b = slotBase(l, t);
  if (r[b + Slot.Kept] !== 1) return 0;
  return blockCost(ert, r, b, l) * r[b + Slot.Utilized]!;
};

/**
 * The level network words of tensor t for child level c (c = numLevels: the MACs) come from: the nearest
 * level above c that keeps t (level 0 always does). A tensor that bypasses the levels in between still
 * crosses every network on the way, so words are charged on networks p+1 … c.
 */
export const keepingParent = (r: Float64Array, c: number, t: number): number => {
  let k = c - 1;
  while (k > 0 && r[(k * 3 + t) * SLOTS + Slot.Kept] !== 1) k--;
  return k;
};

/** Words of tensor t delivered to (or reduced from) child level c; c = numLevels: the MACs. */
export const networkWords = (r: Float64Array, numLevels: number, c: number, t: number): number =>
  c === numLevels ? r[globalBase(numLevels) + Global.MacNetworkW + t]! : r[slotBase(c, t) + Slot.NetworkWords]!;

/** MAC energy. */
export const computeEnergy = (ert: Ert, r: Float64Array, numLevels: number): number => macCost(ert, r, globalBase(numLevels));

/**
 * Total energy of a result array: compute + Σ_t `tensorEnergy` (in that order: bit-identical to the fused
 * `analyzeCost`, which adds the same terms in the same order as it counts). `price(…).total` adds the same terms
 * grouped by level and network instead, so the two agree up to float rounding.
 */
export const priceTotal = (ert: Ert, r: Float64Array, numLevels: number): number => {
  // A loop rather than three calls: V8 inlines `tensorEnergy` at one call site only (its inlining budget), so the
  // unrolled sum made two real calls per evaluation. The same terms in the same order: ((compute + W) + I) + O.
  let total = computeEnergy(ert, r, numLevels);
  for (let t = 0; t < 3; t++) total += tensorEnergy(ert, r, numLevels, t);
  return total;
};

/** Full breakdown by level, tensor and network. `levelNames` in arch order. */
export const price = (ert: Ert, r: Float64Array, levelNames: ReadonlyArray<string>): EnergyBreakdown => {
  const L = levelNames.length;
  const byLevel: Record<string, number> = {};
  const byNetwork: Record<string, number> = {};
  const byTensor = [0, 0, 0];
  let network = 0;
  const byLevelTensor: Record<string, PerDataSpace<number>> = {};
  levelNames.forEach((name, l) => {
    let levelEnergy = 0;
    const per = [0, 0, 0];
    for (let t = 0; t < 3; t++) {
      const e = storageEnergy(ert, r, l, t);
      levelEnergy += e;
      byTensor[t]! += e;
      per[t] = e;
    }
    byLevel[name] = levelEnergy;
    byLevelTensor[name] = { W: per[0]!, I: per[1]!, O: per[2]! };
  });
  for (let c = 1; c <= L; c++) byNetwork[`${levelNames[c - 1]}→${c === L ? 'MAC' : levelNames[c]}`] = 0;
  for (let c = 1; c <= L; c++) {
    for (let t = 0; t < 3; t++) {
      const words = networkWords(r, L, c, t);
      if (words === 0 || (c < L && r[slotBase(c, t) + Slot.Kept] !== 1)) continue;
      // Attribute the words' energy to each network on the path from the keeping parent down to c.
      for (let k = c, p = keepingParent(r, c, t); k > p; k--) {
        const e = words * ert.networkPerWord[k]!;
        const key = `${levelNames[k - 1]}→${k === L ? 'MAC' : levelNames[k]}`;
        byNetwork[key] = (byNetwork[key] ?? 0) + e;
        byTensor[t]! += e;
        network += e;
      }
    }
  }
  const compute = computeEnergy(ert, r, L);
  const storage = Object.values(byLevel).reduce((a, b) => a + b, 0);
  return {
    unit: ert.unit,
    total: compute + storage + network,
    compute,
    byLevel,
    byTensor: { W: byTensor[0]!, I: byTensor[1]!, O: byTensor[2]! },
    byNetwork,
    network,
    byLevelTensor,
  };
};

/** Pointwise sum of name → energy records: a name missing on one side counts 0 (identity: `{}`). */
const sumByName: M.Monoid<Readonly<Record<string, number>>> = RR.getMonoid(N.SemigroupSum);

/** The one-element monoid on `unit`: breakdowns are added only within one energy unit. */
const sameUnit = (unit: EnergyUnit): M.Monoid<EnergyUnit> => ({ concat: () => unit, empty: unit });

/**
 * The monoid of breakdowns in `unit`: every figure added field by field (per-level and per-network records by
 * name). Layer → network totals are its `concatAll`. The laws hold exactly on integer energies and up to float
 * rounding otherwise (tested).
 */
export const breakdownMonoid = (unit: EnergyUnit): M.Monoid<EnergyBreakdown> =>
  M.struct({
    unit: sameUnit(unit),
    total: N.MonoidSum,
    compute: N.MonoidSum,
    byLevel: sumByName,
    byTensor: M.struct({ W: N.MonoidSum, I: N.MonoidSum, O: N.MonoidSum }),
    byNetwork: sumByName,
    network: N.MonoidSum,
  });

/** Sum of two breakdowns in the same unit (`breakdownMonoid(a.unit).concat`). */
export const addBreakdowns = (a: EnergyBreakdown, b: EnergyBreakdown): EnergyBreakdown => breakdownMonoid(a.unit).concat(a, b);

/** Identity of `addBreakdowns`: every figure 0, no levels or networks. */
export const emptyBreakdown = (unit: EnergyUnit): EnergyBreakdown => breakdownMonoid(unit).empty;

/** Σ of breakdowns in `unit`, left to right (`emptyBreakdown(unit)` for none). */
export const sumBreakdowns = (unit: EnergyUnit, xs: ReadonlyArray<EnergyBreakdown>): EnergyBreakdown => M.concatAll(breakdownMonoid(unit))(xs);

/**
 * Energy of tensor t alone (all instances): its storage energy at every level plus its words on every network
 * of its paths — the terms of `price(…).byTensor[t]` — added from the backing store down: each keeping level's
 * accesses, then the words on the networks between it and the next keeping level (or the MACs). Energy splits
 * exactly by tensor: total = compute + Σ_t tensorEnergy (`priceTotal`), which the exhaustive mapper's order bound uses.
 */
export const tensorEnergy = (ert: Ert, r: Float64Array, numLevels: number, t: number): number => {
  let e = 0;
  for (let c = 1, p = 0; c <= numLevels; c++) {
    if (c < numLevels && r[slotBase(c, t) + Slot.Kept] !== 1) continue;
    e += storageEnergy(ert, r, p, t);
    e += networkWords(r, numLevels, c, t) * pathCostPerWord(ert.networkPerWord, p, c);
    p = c;
  }
  return e;
};
