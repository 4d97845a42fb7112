/**
 * A linear cost over the counts of `analyze`: a cost per storage access, per network word and per MAC. The
 * energy module's ERT is one (`energy/ert`); the dataflow module sees only the numbers, never where they come
 * from. The per-block formula and the path sums live here, once, so that the fused evaluation (`analyzeCost`)
 * and the pricing of a result array (`energy/price`) add the same terms in the same order: their totals are
 * bit-identical (tested).
 */
import { Global, Slot } from './layout.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Per-action costs. */
export interface CostTable {
  /** Per storage level: one read / write (vector) access, the fraction a gated access costs, the metadata factor. */
  readonly read: Float64Array;
  readonly write: Float64Array;
  readonly gatedFraction: Float64Array;
  readonly metadataPerWord: Float64Array;
  /**
   * Per storage level: an update's cost minus a write's (Timeloop's `update` action; absent or 0: updates cost as
   * writes). Updates are counted in the writes; this adds the difference.
   */
  readonly updateExtra?: Float64Array;
  /** Per storage level: explicit metadata read / write cost per vector access (NaN or absent: read / write × metadataPerWord). */
  readonly metadataRead?: Float64Array;
  readonly metadataWrite?: Float64Array;
  /** Per storage level: cost per element decompressed / compressed (absent or 0: free). */
  readonly decompress?: Float64Array;
  readonly compress?: Float64Array;
  /**
   * Per storage level: 1 when the level prices an action beyond its reads, writes and metadata at read / write ×
   * `metadataPerWord` — an update energy unlike a write's, an explicit metadata read or write energy, or a
   * (de)compression cost (`extraActionLevels` of the fields above; `blockCost` takes the short formula elsewhere).
   */
  readonly extraActions: Uint8Array;
  /** Per network (index = child level; numLevels = the MACs): cost per word moved. */
  readonly networkPerWord: Float64Array;
  /** One effectual MAC, one gated MAC. */
  readonly mac: number;
  readonly macGated: number;
}

/** A cost table prepared for one hierarchy depth: adds the path sums the fused evaluation looks up. */
export interface PreparedCost extends CostTable {
  readonly numLevels: number;
  /** `pathPerWord[p * (numLevels + 1) + c]` = `pathCostPerWord(networkPerWord, p, c)` for p < c ≤ numLevels. */
  readonly pathPerWord: Float64Array;
  readonly updateExtra: Float64Array;
  /** True when some level's update energy differs from its write energy (`updateExtra` not all 0). */
  readonly pricesUpdates: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const prepareCost = (cost: CostTable, numLevels: number): PreparedCost => {
  const n = numLevels + 1;
  const updateExtra = cost.updateExtra ?? new Float64Array(numLevels);
  const pathPerWord = new Float64Array(n * n);
  for (let p = 0; p < numLevels; p++) for (let c = p + 1; c <= numLevels; c++) pathPerWord[p * n + c] = pathCostPerWord(cost.networkPerWord, p, c);
  return {
    read: cost.read, write: cost.write, gatedFraction: cost.gatedFraction, metadataPerWord: cost.metadataPerWord,
    networkPerWord: cost.networkPerWord, mac: cost.mac, macGated: cost.macGated, numLevels, pathPerWord, extraActions: cost.extraActions,
    updateExtra, pricesUpdates: updateExtra.some((e) => e !== 0),
    ...(cost.metadataRead !== undefined ? { metadataRead: cost.metadataRead } : {}),
    ...(cost.metadataWrite !== undefined ? { metadataWrite: cost.metadataWrite } : {}),
    ...(cost.decompress !== undefined ? { decompress: cost.decompress } : {}),
    ...(cost.compress !== undefined ? { compress: cost.compress } : {}),
  };
};

/**
 * `CostTable.extraActions` for per-level costs: 1 where a level's update energy differs from its write energy
 * (`updateExtra` ≠ 0), its metadata read or write energy is explicit (not NaN), or it (de)compresses at a cost (≠ 0).
 */
export const extraActionLevels = (
  numLevels: number,
  costs: Pick<CostTable, 'updateExtra' | 'metadataRead' | 'metadataWrite' | 'decompress' | 'compress'>,
): Uint8Array =>
  Uint8Array.from({ length: numLevels }, (_, l) => {
    const explicit = (x: Float64Array | undefined): boolean => x !== undefined && !Number.isNaN(x[l]!);
    const nonZero = (x: Float64Array | undefined): boolean => x !== undefined && x[l] !== 0;
    return nonZero(costs.updateExtra) || explicit(costs.metadataRead) || explicit(costs.metadataWrite) || nonZero(costs.decompress) || nonZero(costs.compress) ? 1 : 0;
  });

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * Cost of one instance's accesses in the (level l) block at offset b of `r`: vector reads and writes, gated ones
 * at the gated fraction, metadata at the metadata factor. Fills and updates are both writes (updates plus
 * `updateExtra` each when the update energy differs); skips cost nothing. A level with none of the extra actions
 * (`CostTable.extraActions`) takes the short formula; the others continue the same sum in `extraActionsCost`.
 */
export const blockCost = (cost: CostTable, r: Float64Array, b: number, l: number): number => {
  const rd = cost.read[l]!;
  const wr = cost.write[l]!;
  const g = cost.gatedFraction[l]!;
  const accesses = r[b + Slot.VReadsRandom]! * rd + r[b + Slot.VReadsGated]! * rd * g + r[b + Slot.VWritesRandom]! * wr + r[b + Slot.VWritesGated]! * wr * g;
  if (cost.extraActions[l] === 1) return extraActionsCost(cost, r, b, l, accesses);
  const m = cost.metadataPerWord[l]!;
  return accesses + r[b + Slot.VMetaReads]! * rd * m + r[b + Slot.VMetaWrites]! * wr * m;
};

/**
 * `blockCost` of a level with extra actions, continuing the sum from `accesses` (its vector reads and writes) in the
 * same order: metadata at the explicit energies where given, updates at their own energy where it differs from a
 * write, then (de)compression per element where a cost is given (a zero term is not added: the same bits).
 */
const extraActionsCost = (cost: CostTable, r: Float64Array, b: number, l: number, accesses: number): number => {
  const rd = cost.read[l]!;
  const wr = cost.write[l]!;
  const g = cost.gatedFraction[l]!;
  const m = cost.metadataPerWord[l]!;
  const ue = cost.updateExtra?.[l] ?? 0;
  const mr = cost.metadataRead?.[l] ?? NaN;
  const mw = cost.metadataWrite?.[l] ?? NaN;
  const withMetadata =
    accesses +
    (mr === mr ? r[b + Slot.VMetaReads]! * mr : r[b + Slot.VMetaReads]! * rd * m) +
    (mw === mw ? r[b + Slot.VMetaWrites]! * mw : r[b + Slot.VMetaWrites]! * wr * m);
  const withUpdates = ue === 0 ? withMetadata : withMetadata + r[b + Slot.VUpdatesRandom]! * ue + r[b + Slot.VUpdatesGated]! * ue * g;
  const dc = cost.decompress?.[l] ?? 0;
  const cc = cost.compress?.[l] ?? 0;
  return dc === 0 && cc === 0 ? withUpdates : withUpdates + r[b + Slot.Decompressed]! * dc + r[b + Slot.Compressed]! * cc;
};

/** Cost of the MACs, from the global block at offset gb of `r` (random MACs at full cost, gated ones at the gated cost). */
export const macCost = (cost: CostTable, r: Float64Array, gb: number): number => r[gb + Global.MacsRandom]! * cost.mac + r[gb + Global.MacsGated]! * cost.macGated;

/**
 * Cost per word of the networks a word crosses from keeping parent p down to child c (c = numLevels: the MACs):
 * networks p+1 … c, summed from c up (a tensor that bypasses the levels in between still crosses them).
 */
export const pathCostPerWord = (networkPerWord: Float64Array, p: number, c: number): number => {
  let e = 0;
  for (let k = c; k > p; k--) e += networkPerWord[k]!;
  return e;
};
