/**
 * A mapping: how a layer's loop nest is tiled over the storage hierarchy. Per storage level (outermost first):
 * temporal loop factors and their order, spatial factors over the fan-out to the next level's instances (X and
 * Y), and which tensors the level keeps (the others bypass it), as in Timeloop.
 *
 * Loop order convention: the flattened nest is, for each level from outermost to innermost, the level's
 * temporal loops in `permutation` order (outer → inner), then its spatial-Y loops, then its spatial-X loops.
 * The MACs sit below the innermost level's loops.
 */
import type { PerDataSpace } from '../core/index.js';
import { DIMS, type Dim, type DimVector } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface LevelMapping {
  /** Temporal loop factor per dimension (1 = no loop). */
  readonly temporal: DimVector;
  /** Temporal loop order, outermost first. Must list every dimension exactly once. */
  readonly permutation: ReadonlyArray<Dim>;
  /** Spatial factors across the X and Y axes of the fan-out below this level. */
  readonly spatialX: DimVector;
  readonly spatialY: DimVector;
  /** Tensors this level keeps for this layer (must be a subset of what the hardware level may keep). */
  readonly keep: PerDataSpace<boolean>;
}

export interface Mapping {
  /** One entry per storage level of the arch, outermost first. */
  readonly levels: ReadonlyArray<LevelMapping>;
  /** How the mapping was obtained (`user`, `default:…`, `mapper:…`), shown in reports. */
  readonly origin: string;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Complete a partial loop order: the listed dimensions first (outer), then the rest in canonical order. */
export const completePermutation = (partial: ReadonlyArray<Dim>): ReadonlyArray<Dim> => [
  ...partial,
  ...DIMS.filter((d) => !partial.includes(d)),
];
