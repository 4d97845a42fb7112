/**
 * Hardware domain types: an accelerator is a chain of storage levels (outermost first, e.g. DRAM → global
 * buffer → per-PE scratchpads), a MAC array below the innermost level, networks between levels, a clock, and
 * an energy cost table (ERT) naming where its per-access costs come from. Specs are immutable; per-evaluation
 * statistics live in `dataflow` (as in Timeloop's Specs/Stats split).
 */
import type { DataSpace, PerDataSpace, EnergyUnit } from '../core/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Sparse optimisation applied to an action: `gating` saves energy (gated actions may cost `gatedFraction` of a normal one) but not cycles; `skipping` saves both. */
export type SparseAction = 'none' | 'gating' | 'skipping';

/** Storage format of a tensor at a level. Compressed formats move `ceil(count × density)` data words plus metadata. */
export type StorageFormat = 'uncompressed' | 'rle' | 'bitmask' | 'csr';

/** Per-tensor storage format with its metadata width (bits per metadata entry; rle = run length bits, csr = coordinate bits). */
export interface FormatSpec {
  readonly format: StorageFormat;
  readonly metadataBits: number;
}

/**
 * Sparse action optimisation at a storage level: accesses of `target` are gated or skipped when any tensor in
 * `condition` is zero (e.g. Eyeriss gates filter reads when the input activation is zero). The effectual
 * fraction is Π density(condition) under the uniform-random density model.
 */
export interface ActionOptimization {
  readonly kind: 'gating' | 'skipping';
  readonly target: DataSpace;
  readonly condition: ReadonlyArray<DataSpace>;
}

/** Per-access energy of a storage level, in the arch's energy unit, for one access (`blockWords` words of `wordBits` bits). */
export interface StorageEnergy {
  readonly read: number;
  /** Fills and updates (a partial-sum update is a write). */
  readonly write: number;
  /** Energy of a gated access as a fraction of a normal one (0 = free). */
  readonly gatedFraction: number;
  /** Energy of one metadata access relative to a data access of the same width (metadata is priced per word). */
  readonly metadataPerWord: number;
  /** Energy of one update (vector) access, when it differs from `write` (Timeloop's `update` action). */
  readonly update?: number;
  /**
   * Energy of one metadata read / write (vector) access, when given explicitly (Sparseloop's `metadata_read` /
   * `metadata_write`); absent: `read` / `write` × `metadataPerWord`.
   */
  readonly metadataRead?: number;
  readonly metadataWrite?: number;
  /**
   * Energy per element decompressed (sent from this compressed level to an uncompressed reader) and compressed
   * (received from an uncompressed source); absent: free.
   */
  readonly decompress?: number;
  readonly compress?: number;
}

export interface StorageLevel {
  readonly name: string;
  /** `dram` is the off-chip backing store (levels[0]): unbounded, keeps every tensor, never filled. levels[0] may
   *  also be an `sram`: an on-chip backing store holding the whole network across inferences (weights resident). */
  readonly kind: 'dram' | 'sram' | 'regfile';
  /** Capacity of one instance in words (`Infinity` for DRAM). Shared by all kept tensors unless partitioned. */
  readonly capacityWords: number;
  /** Optional per-tensor partition (Eyeriss: filter 224, ifmap 12, psum 24 words). `null` = shared capacity. */
  readonly partitionWords: PerDataSpace<number | null> | null;
  readonly wordBits: number;
  /** Words moved per access (vector width); Timeloop's block size. */
  readonly blockWords: number;
  /** Number of instances of this level in the whole accelerator, arranged `meshX × meshY`. */
  readonly instances: number;
  readonly meshX: number;
  readonly meshY: number;
  /** Words per cycle per instance (reads + fills + updates: Timeloop's shared bandwidth); `Infinity` = unconstrained. */
  readonly bandwidthWordsPerCycle: number;
  /**
   * Separate port limits (Timeloop `read_bandwidth` / `write_bandwidth`): read words, and fill + update words, per
   * cycle per instance. Absent = unconstrained. The level's cycle bound is the largest of the three.
   */
  readonly readBandwidthWordsPerCycle?: number;
  readonly writeBandwidthWordsPerCycle?: number;
  /** Tensors this level may hold; the others bypass it. */
  readonly keeps: PerDataSpace<boolean>;
  readonly energy: StorageEnergy;
  readonly formats: PerDataSpace<FormatSpec>;
  readonly actionOptimizations: ReadonlyArray<ActionOptimization>;
  /** Where this level's costs come from (preset name + citation, or "user"). */
  readonly costSource: string;
}

/**
 * The network from a storage level to the instances of the next level inward (or to the MACs). `energyPerWord`
 * is charged per word delivered to a child (each multicast destination counts, as in the Eyeriss ISCA'16 "array"
 * term) and per partial sum combined by spatial reduction. Set it to 0 for a Timeloop-equivalent model.
 */
export interface NetworkSpec {
  readonly energyPerWord: number;
  /** Identical data sent to several children costs one parent read (`false`: one read per child). */
  readonly multicast: boolean;
  /** Partial sums from several children for the same output are added in the network (`false`: each is a separate update). */
  readonly spatialReduction: boolean;
}

export interface ComputeSpec {
  /** Total MAC units; arranged `meshX × meshY` below the innermost storage level's instances. */
  readonly instances: number;
  readonly meshX: number;
  readonly meshY: number;
  /** Energy of the multiplier at `refBits × refBits` and of the adder at `refBits` (arch's energy unit). */
  readonly multiplyEnergy: number;
  readonly addEnergy: number;
  readonly refBits: number;
  readonly sparse: SparseAction;
  /**
   * The operands the compute's gating / skipping is conditioned on (Sparseloop): its actual computes are
   * ⌈MACs · Π_{c ∈ condition} d_c⌉ and the rest are gated or skipped. Absent = both weights and inputs.
   */
  readonly sparseCondition?: ReadonlyArray<'W' | 'I'>;
  /** Gated MAC energy as a fraction of a full MAC. */
  readonly gatedFraction: number;
  readonly costSource: string;
}

export interface Arch {
  readonly name: string;
  /** Where the design comes from (paper), shown in reports. */
  readonly source: string;
  readonly clockMHz: number;
  readonly energyUnit: EnergyUnit;
  /** Storage levels, outermost (DRAM) first. */
  readonly levels: ReadonlyArray<StorageLevel>;
  /** `networks[i]` connects `levels[i]` to `levels[i+1]` (the last one connects the innermost level to the MACs). */
  readonly networks: ReadonlyArray<NetworkSpec>;
  readonly compute: ComputeSpec;
  /** Scale storage-access energy with the bits a tensor moves (`false` = Timeloop-equivalent: per word). */
  readonly scaleAccessEnergyWithBits: boolean;
  /**
   * How deltas and multicast are counted (absent = `ideal`): see `CountingConvention`. Optional so that
   * hand-built archs (tests, presets) keep meaning what they meant.
   */
  readonly countingConvention?: CountingConvention;
}

/**
 * The counting convention of the nest analysis (issue 13).
 * - `ideal` (codesim's default): a child receives exactly the points its tile did not hold at the previous
 *   iteration (the ideal delta), and a parent serves the union of its children's deltas once (multicast of
 *   overlapping halos). The least traffic a sliding-window buffer and a multicasting network can achieve.
 * - `timeloop-master`: Timeloop after "Translation fix" (#297): a child's tile is delta-subtracted only while its
 *   translation between consecutive iterations repeats (reset on stride change; zero translations are not
 *   remembered), and a parent multicasts only identical deltas.
 * - `timeloop-v3.0.3`: as `timeloop-master`, but a zero translation is remembered as the stride too.
 */
export type CountingConvention = 'ideal' | 'timeloop-master' | 'timeloop-v3.0.3';
export const COUNTING_CONVENTIONS: ReadonlyArray<CountingConvention> = ['ideal', 'timeloop-master', 'timeloop-v3.0.3'];

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/**
 * Elements of a `bits`-wide tensor packed in one `wordBits` word (≥ 1) and words needed per element (≥ 1).
 * E.g. 8-bit weights in a 16-bit word: 2 per word; 32-bit psums in a 16-bit word: 2 words each.
 */
export const packing = (wordBits: number, bits: number): { readonly perWord: number; readonly wordsPer: number } => ({
  perWord: Math.max(1, Math.floor(wordBits / bits)),
  wordsPer: Math.max(1, Math.ceil(bits / wordBits)),
});

/** Fan-out from one instance of level `i` to the next level's instances (or to the MACs for the innermost). */
export const fanout = (arch: Arch, i: number): { readonly x: number; readonly y: number } => {
  const parent = arch.levels[i]!;
  const child = i + 1 < arch.levels.length ? arch.levels[i + 1]! : arch.compute;
  return {
    x: Math.max(1, Math.floor(child.meshX / parent.meshX)),
    y: Math.max(1, Math.floor(child.meshY / parent.meshY)),
  };
};
