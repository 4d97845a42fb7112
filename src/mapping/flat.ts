/**
 * The flattened, typed-array form of a mapping that the model's hot loop evaluates: one entry per loop with
 * factor > 1, outermost first. Building it allocates; evaluating it does not. Loops of extent 1 are dropped, so
 * they can be reordered freely without changing any count.
 */
import { DIM, DIMS } from '../workload/index.js';
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

/**
 * Flatten a mapping (order: per level, temporal loops in permutation order, then spatial Y, then spatial X).
 * All arrays are exact-size views of one small buffer (factors first, for alignment), so that evaluating a
 * mapping touches a few adjacent cache lines rather than five separately allocated, mostly empty arrays.
 */
export const flatten = (m: Mapping): FlatMapping => {
  const L = m.levels.length;
  let n = 0;
  for (const lm of m.levels) {
    for (const d of lm.permutation) if (lm.temporal[d] !== 1) n++;
    for (const d of DIMS) {
      if (lm.spatialY[d] !== 1) n++;
      if (lm.spatialX[d] !== 1) n++;
    }
  }
  const buf = new ArrayBuffer(n * 8 + n * 4 + n * 4 + n + L * 3);
  const factor = new Float64Array(buf, 0, n);
  const dim = new Int32Array(buf, n * 8, n);
  const level = new Int32Array(buf, n * 12, n);
  const spatial = new Uint8Array(buf, n * 16, n);
  const keep = new Uint8Array(buf, n * 17, L * 3);
  let j = 0;
  const push = (d: number, f: number, l: number, s: number): void => {
    if (f === 1) return;
    dim[j] = d;
    factor[j] = f;
    level[j] = l;
    spatial[j] = s;
    j++;
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
