/**
 * The flattened, typed-array form of a mapping that the model's hot loop evaluates: one entry per loop with
 * factor > 1, outermost first. Building it allocates; evaluating it does not. Loops of extent 1 are dropped, so
 * they can be reordered freely without changing any count.
 */
import { DIM, DIMS, NUM_DIMS } from '../workload/index.js';
import type { Mapping } from './mapping.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface FlatMapping {
  /** Number of loops (entries used in the arrays below). */
  readonly n: number;
  /** Problem dimension index of each loop (see `DIM`). */
  readonly dim: Int32Array;
  /** Loop extent (> 1). */
  readonly factor: Float64Array;
  /** Storage level the loop belongs to (0 = outermost). */
  readonly level: Int32Array;
  /** 1 for a spatial loop, 0 for a temporal one. */
  readonly spatial: Uint8Array;
  /** `keep[l * 3 + t]` = 1 when level l keeps tensor t (0 = W, 1 = I, 2 = O). */
  readonly keep: Uint8Array;
  /** Number of storage levels. */
  readonly numLevels: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Flatten a mapping (order: per level, temporal loops in permutation order, then spatial Y, then spatial X). */
export const flatten = (m: Mapping): FlatMapping => {
  const L = m.levels.length;
  const cap = L * NUM_DIMS * 3;
  const dim = new Int32Array(cap);
  const factor = new Float64Array(cap);
  const level = new Int32Array(cap);
  const spatial = new Uint8Array(cap);
  const keep = new Uint8Array(L * 3);
  let n = 0;
  const push = (d: number, f: number, l: number, s: number): void => {
    if (f === 1) return;
    dim[n] = d;
    factor[n] = f;
    level[n] = l;
    spatial[n] = s;
    n++;
  };
  m.levels.forEach((lm, l) => {
    for (const d of lm.permutation) push(DIM[d], lm.temporal[d], l, 0);
    for (const d of DIMS) push(DIM[d], lm.spatialY[d], l, 1);
    for (const d of DIMS) push(DIM[d], lm.spatialX[d], l, 1);
    keep[l * 3] = lm.keep.W ? 1 : 0;
    keep[l * 3 + 1] = lm.keep.I ? 1 : 0;
    keep[l * 3 + 2] = lm.keep.O ? 1 : 0;
  });
  return { n, dim, factor, level, spatial, keep, numLevels: L };
};
