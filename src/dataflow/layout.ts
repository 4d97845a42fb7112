/**
 * The layout of a result array (what `analyze` writes, `toLayerStats` and `energy/price` read): one block of
 * `SLOTS` numbers per (level, tensor), level-major (`slotBase`), then one global block of `GLOBALS` numbers
 * (`globalBase`), then one cycle bound per level (`levelCycleBase`). The slot indices are the members of the `Slot` and
 * `Global` enums — the single source for the kernel, the cost formulas and the readers. They are `const enum`s so that
 * esbuild writes each member as its number wherever the code is bundled (the CLI, the workers, `bench/`): the kernel's
 * stores and loads then index with constants instead of loading a module variable per use (bench/abKernel.ts, load ~6:
 * the full path about 10% and the fused one 2–3% faster than with module constants). Under tsx / vitest (one file at a
 * time) a member is a property of the enum object: the same numbers, only slower.
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/**
 * The slot indices of a per-(level, tensor) block. Element counts are per instance unless said otherwise.
 */
export const enum Slot {
  /** Dense (algorithmic) per-instance element counts. */
  Reads = 0,
  Fills = 1,
  Updates = 2,
  Drains = 3,
  /** Tile size (elements) per instance, and partition size (distinct elements over the run) per instance. */
  Tile = 4,
  Partition = 5,
  /** Per-instance element counts after sparsity, split random / gated / skipped. */
  ReadsRandom = 6,
  ReadsGated = 7,
  ReadsSkipped = 8,
  FillsRandom = 9,
  FillsGated = 10,
  FillsSkipped = 11,
  UpdatesRandom = 12,
  UpdatesGated = 13,
  UpdatesSkipped = 14,
  /** Per-instance vector accesses (ceil(words / block)) for pricing. */
  VReadsRandom = 15,
  VReadsGated = 16,
  VWritesRandom = 17,
  VWritesGated = 18,
  VMetaReads = 19,
  VMetaWrites = 20,
  /** Words (all instances) delivered by the network above this level to it (read-only) or reduced in it (outputs). */
  NetworkWords = 21,
  /** Instances of this level the mapping uses. */
  Utilized = 22,
  /** 1 when this level keeps the tensor under this mapping. */
  Kept = 23,
  /** Per-instance vector updates (part of the vector writes), priced at the update energy where it differs from a write. */
  VUpdatesRandom = 24,
  VUpdatesGated = 25,
  /**
   * Per-instance elements this (compressed) level decompresses — the actual elements it sends to an uncompressed
   * reader (a child level that stores the tensor uncompressed, or the MACs) — and compresses — the actual elements
   * it receives from an uncompressed source (fills from its parent, updates from its child).
   */
  Decompressed = 26,
  Compressed = 27,
}

/** The slot indices of the global block, after the per-level blocks. */
export const enum Global {
  Macs = 0,
  EffectualMacs = 1,
  MacsRandom = 2,
  MacsGated = 3,
  MacsSkipped = 4,
  ComputeCycles = 5,
  Cycles = 6,
  UtilizedMacs = 7,
  TemporalIterations = 8,
  /** Index of the level whose bandwidth bounds the cycle count (−1 = compute-bound). */
  Bottleneck = 9,
  /** Words the network below the innermost level moves: operands delivered to MACs (W, I), partial sums reduced between MACs (O). */
  MacNetworkW = 10,
  MacNetworkI = 11,
  MacNetworkO = 12,
}

/** The sizes of the blocks (a `const enum` too: literals once bundled). */
export const enum Block {
  /** Numbers per (level, tensor) block. */
  Slots = 28,
  /** Numbers in the global block. */
  Globals = 13,
}
/** Numbers per (level, tensor) block (`Block.Slots`). */
export const SLOTS: number = Block.Slots;
/** Numbers in the global block (`Block.Globals`). */
export const GLOBALS: number = Block.Globals;

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Offset of the (level, tensor) block in a result array. */
export const slotBase = (level: number, tensor: number): number => (level * 3 + tensor) * Block.Slots;

/**
 * Offset of the per-level cycle bounds, after the global block (cycles each level's bandwidth alone would need, per
 * instance; 0 when unconstrained). Written by `analyze` only (the fused path has no result array).
 */
export const levelCycleBase = (numLevels: number): number => numLevels * 3 * Block.Slots + Block.Globals;

/** Offset of the global block in a result array of a context with `numLevels` levels. */
export const globalBase = (numLevels: number): number => numLevels * 3 * Block.Slots;
