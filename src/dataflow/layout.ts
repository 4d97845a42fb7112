/**
 * The layout of a result array (what `analyze` writes, `toLayerStats` and `energy/price` read): one block of
 * `SLOTS` numbers per (level, tensor), level-major (`slotBase`), then one global block of `GLOBALS` numbers
 * (`globalBase`), then one cycle bound per level (`levelCycleBase`). The slot indices are plain module constants — the single source for the kernel, the cost
 * formulas and the readers — and are also offered as the `Slot` / `Global` records for code off the hot path.
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

// Per (level, tensor) block. Element counts are per instance unless said otherwise.
/** Dense (algorithmic) per-instance element counts. */
export const READS = 0;
export const FILLS = 1;
export const UPDATES = 2;
export const DRAINS = 3;
/** Tile size (elements) per instance, and partition size (distinct elements over the run) per instance. */
export const TILE = 4;
export const PARTITION = 5;
/** Per-instance element counts after sparsity, split random / gated / skipped. */
export const READS_RANDOM = 6;
export const READS_GATED = 7;
export const READS_SKIPPED = 8;
export const FILLS_RANDOM = 9;
export const FILLS_GATED = 10;
export const FILLS_SKIPPED = 11;
export const UPDATES_RANDOM = 12;
export const UPDATES_GATED = 13;
export const UPDATES_SKIPPED = 14;
/** Per-instance vector accesses (ceil(words / block)) for pricing. */
export const V_READS_RANDOM = 15;
export const V_READS_GATED = 16;
export const V_WRITES_RANDOM = 17;
export const V_WRITES_GATED = 18;
export const V_META_READS = 19;
export const V_META_WRITES = 20;
/** Words (all instances) delivered by the network above this level to it (read-only) or reduced in it (outputs). */
export const NETWORK_WORDS = 21;
/** Instances of this level the mapping uses. */
export const UTILIZED = 22;
/** 1 when this level keeps the tensor under this mapping. */
export const KEPT = 23;
/** Per-instance vector updates (part of the vector writes), priced at the update energy where it differs from a write. */
export const V_UPDATES_RANDOM = 24;
export const V_UPDATES_GATED = 25;
/**
 * Per-instance elements this (compressed) level decompresses — the actual elements it sends to an uncompressed
 * reader (a child level that stores the tensor uncompressed, or the MACs) — and compresses — the actual elements
 * it receives from an uncompressed source (fills from its parent, updates from its child).
 */
export const DECOMPRESSED = 26;
export const COMPRESSED = 27;
/** Numbers per (level, tensor) block. */
export const SLOTS = 28;

// Global block, after the per-level blocks.
export const G_MACS = 0;
export const G_EFFECTUAL_MACS = 1;
export const G_MACS_RANDOM = 2;
export const G_MACS_GATED = 3;
export const G_MACS_SKIPPED = 4;
export const G_COMPUTE_CYCLES = 5;
export const G_CYCLES = 6;
export const G_UTILIZED_MACS = 7;
export const G_TEMPORAL_ITERATIONS = 8;
/** Index of the level whose bandwidth bounds the cycle count (−1 = compute-bound). */
export const G_BOTTLENECK = 9;
/** Words the network below the innermost level moves: operands delivered to MACs (W, I), partial sums reduced between MACs (O). */
export const G_MAC_NETWORK_W = 10;
export const G_MAC_NETWORK_I = 11;
export const G_MAC_NETWORK_O = 12;
/** Numbers in the global block. */
export const GLOBALS = 13;

/** The per-(level, tensor) slot indices as a record (`Slot.Reads` = `READS`, …). */
export const Slot = {
  Reads: READS,
  Fills: FILLS,
  Updates: UPDATES,
  Drains: DRAINS,
  Tile: TILE,
  Partition: PARTITION,
  ReadsRandom: READS_RANDOM,
  ReadsGated: READS_GATED,
  ReadsSkipped: READS_SKIPPED,
  FillsRandom: FILLS_RANDOM,
  FillsGated: FILLS_GATED,
  FillsSkipped: FILLS_SKIPPED,
  UpdatesRandom: UPDATES_RANDOM,
  UpdatesGated: UPDATES_GATED,
  UpdatesSkipped: UPDATES_SKIPPED,
  VReadsRandom: V_READS_RANDOM,
  VReadsGated: V_READS_GATED,
  VWritesRandom: V_WRITES_RANDOM,
  VWritesGated: V_WRITES_GATED,
  VMetaReads: V_META_READS,
  VMetaWrites: V_META_WRITES,
  NetworkWords: NETWORK_WORDS,
  Utilized: UTILIZED,
  Kept: KEPT,
  VUpdatesRandom: V_UPDATES_RANDOM,
  VUpdatesGated: V_UPDATES_GATED,
  Decompressed: DECOMPRESSED,
  Compressed: COMPRESSED,
} as const;

/** The global slot indices as a record (`Global.Macs` = `G_MACS`, …). */
export const Global = {
  Macs: G_MACS,
  EffectualMacs: G_EFFECTUAL_MACS,
  MacsRandom: G_MACS_RANDOM,
  MacsGated: G_MACS_GATED,
  MacsSkipped: G_MACS_SKIPPED,
  ComputeCycles: G_COMPUTE_CYCLES,
  Cycles: G_CYCLES,
  UtilizedMacs: G_UTILIZED_MACS,
  TemporalIterations: G_TEMPORAL_ITERATIONS,
  Bottleneck: G_BOTTLENECK,
  MacNetworkW: G_MAC_NETWORK_W,
  MacNetworkI: G_MAC_NETWORK_I,
  MacNetworkO: G_MAC_NETWORK_O,
} as const;

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Offset of the (level, tensor) block in a result array. */
export const slotBase = (level: number, tensor: number): number => (level * 3 + tensor) * SLOTS;

/**
 * Offset of the per-level cycle bounds, after the global block (cycles each level's bandwidth alone would need, per
 * instance; 0 when unconstrained). Written by `analyze` only (the fused path has no result array).
 */
export const levelCycleBase = (numLevels: number): number => numLevels * 3 * SLOTS + GLOBALS;

/** Offset of the global block in a result array of a context with `numLevels` levels. */
export const globalBase = (numLevels: number): number => numLevels * 3 * SLOTS;
