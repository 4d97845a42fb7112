/**
 * The per-evaluation statistics record (Timeloop's Stats): plain, JSON-safe, built from the result array of
 * `analyze`. Counts are per instance unless named `total…`; element counts are in tensor elements, vector
 * accesses in accesses of the level's block width.
 */
import { DATA_SPACES, type PerDataSpace } from '../core/index.js';
import { type EvalContext, Global, Slot, globalBase, levelCycleBase, slotBase } from './context.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** An action count split by what the sparse optimisation did to it. */
export interface ActionSplit {
  readonly random: number;
  readonly gated: number;
  readonly skipped: number;
}

export interface TensorLevelStats {
  readonly kept: boolean;
  /** Elements held per instance (bounding box), and distinct elements an instance holds over the run. */
  readonly tileElements: number;
  readonly partitionElements: number;
  /** Dense (algorithmic) per-instance element counts. `drains` = outputs written back to the parent. */
  readonly reads: number;
  readonly fills: number;
  readonly updates: number;
  readonly drains: number;
  /** Per-instance element counts after sparsity. */
  readonly actual: { readonly reads: ActionSplit; readonly fills: ActionSplit; readonly updates: ActionSplit };
  /** Per-instance vector accesses (what energy is priced on). */
  readonly vectorAccesses: {
    readonly reads: number;
    readonly gatedReads: number;
    readonly writes: number;
    readonly gatedWrites: number;
    readonly metadataReads: number;
    readonly metadataWrites: number;
  };
  /** Words the network above this level moves for this tensor (all instances). */
  readonly networkWords: number;
  /** Per instance: elements this compressed level decompresses for an uncompressed reader / compresses on arrival. */
  readonly decompressed: number;
  readonly compressed: number;
}

export interface LevelStats {
  readonly name: string;
  readonly utilizedInstances: number;
  /** Cycles this level's bandwidth alone would need (shared, read and write ports; per instance); 0 = unconstrained. */
  readonly cycleBound: number;
  readonly tensors: PerDataSpace<TensorLevelStats>;
}

export interface LayerStats {
  readonly macs: number;
  readonly effectualMacs: number;
  readonly macActions: ActionSplit;
  readonly computeCycles: number;
  readonly cycles: number;
  /** Name of the level whose bandwidth sets `cycles`, or `compute`. */
  readonly bottleneck: string;
  /** MACs performed / (cycles × MAC units). */
  readonly utilization: number;
  /** MAC units the mapping uses / MAC units. */
  readonly spatialUtilization: number;
  readonly levels: ReadonlyArray<LevelStats>;
  /** Words the network below the innermost level moves: operands to MACs (W, I), partial sums reduced between MACs (O). */
  readonly macNetworkWords: PerDataSpace<number>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Build the statistics record from an `analyze` result. */
export const toLayerStats = (ctx: EvalContext, r: Float64Array): LayerStats => {
  const L = ctx.numLevels;
  const gb = globalBase(L);
  const levels = ctx.arch.levels.map((lvl, l): LevelStats => {
    const tensor = (t: number): TensorLevelStats => {
      const b = slotBase(l, t);
      const split = (s: number): ActionSplit => ({ random: r[b + s]!, gated: r[b + s + 1]!, skipped: r[b + s + 2]! });
      return {
        kept: r[b + Slot.Kept] === 1,
        tileElements: r[b + Slot.Tile]!,
        partitionElements: r[b + Slot.Partition]!,
        reads: r[b + Slot.Reads]!,
        fills: r[b + Slot.Fills]!,
        updates: r[b + Slot.Updates]!,
        drains: r[b + Slot.Drains]!,
        actual: { reads: split(Slot.ReadsRandom), fills: split(Slot.FillsRandom), updates: split(Slot.UpdatesRandom) },
        vectorAccesses: {
          reads: r[b + Slot.VReadsRandom]!,
          gatedReads: r[b + Slot.VReadsGated]!,
          writes: r[b + Slot.VWritesRandom]!,
          gatedWrites: r[b + Slot.VWritesGated]!,
          metadataReads: r[b + Slot.VMetaReads]!,
          metadataWrites: r[b + Slot.VMetaWrites]!,
        },
        networkWords: r[b + Slot.NetworkWords]!,
        decompressed: r[b + Slot.Decompressed]!,
        compressed: r[b + Slot.Compressed]!,
      };
    };
    return {
      name: lvl.name,
      utilizedInstances: r[slotBase(l, 0) + Slot.Utilized]!,
      cycleBound: r[levelCycleBase(L) + l] ?? 0,
      tensors: { W: tensor(0), I: tensor(1), O: tensor(2) },
    };
  });
  const macs = r[gb + Global.Macs]!;
  const performed = r[gb + Global.MacsRandom]! + r[gb + Global.MacsGated]!;
  const cycles = r[gb + Global.Cycles]!;
  const units = ctx.arch.compute.instances;
  const bn = r[gb + Global.Bottleneck]!;
  return {
    macs,
    effectualMacs: r[gb + Global.EffectualMacs]!,
    macActions: { random: r[gb + Global.MacsRandom]!, gated: r[gb + Global.MacsGated]!, skipped: r[gb + Global.MacsSkipped]! },
    computeCycles: r[gb + Global.ComputeCycles]!,
    cycles,
    bottleneck: bn < 0 ? 'compute' : ctx.arch.levels[bn]!.name,
    utilization: cycles > 0 ? performed / (cycles * units) : 0,
    spatialUtilization: r[gb + Global.UtilizedMacs]! / units,
    levels,
    macNetworkWords: { W: r[gb + Global.MacNetworkW]!, I: r[gb + Global.MacNetworkI]!, O: r[gb + Global.MacNetworkO]! },
  };
};

/** Totals over all instances of one tensor at one level, in elements (after sparsity; gated included, skipped excluded). */
export interface AccessTotals {
  readonly reads: number;
  /** fills + updates */
  readonly writes: number;
  readonly fills: number;
  readonly updates: number;
}

/** Total (all instances) reads, fills, updates and writes (= fills + updates) of each tensor at a level. */
export const levelAccessTotals = (lv: LevelStats): PerDataSpace<AccessTotals> => {
  const tot = (ds: (typeof DATA_SPACES)[number]): AccessTotals => {
    const s = lv.tensors[ds];
    const n = lv.utilizedInstances;
    const fills = (s.actual.fills.random + s.actual.fills.gated) * n;
    const updates = (s.actual.updates.random + s.actual.updates.gated) * n;
    return { reads: (s.actual.reads.random + s.actual.reads.gated) * n, writes: fills + updates, fills, updates };
  };
  return { W: tot('W'), I: tot('I'), O: tot('O') };
};
