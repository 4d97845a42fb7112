/**
 * The problem dimensions of the lowered layer ("operation space"), as in Timeloop's `cnn_layer` problem shape
 * plus a group dimension G:
 *
 *   N batch · G groups · C input channels per group · K output channels per group ·
 *   P output rows · Q output columns · R filter rows · S filter columns
 *
 * Every layer kind (conv2d, grouped / depthwise conv, fully connected, matmul) lowers to these eight
 * dimensions. Dimension `d` is referred to by its index `DIM[d]` in hot loops (typed arrays of length 8).
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export type Dim = 'N' | 'G' | 'C' | 'K' | 'P' | 'Q' | 'R' | 'S';

/** All dimensions in index order. */
export const DIMS: ReadonlyArray<Dim> = ['N', 'G', 'C', 'K', 'P', 'Q', 'R', 'S'];

/** Number of problem dimensions (length of every per-dimension typed array). */
export const NUM_DIMS = 8;

/** Index of each dimension in `DIMS`. */
export const DIM: { readonly [d in Dim]: number } = { N: 0, G: 1, C: 2, K: 3, P: 4, Q: 5, R: 6, S: 7 };

/** One positive integer per dimension (a layer's bounds, or a loop block's factors). */
export type DimVector = { readonly [d in Dim]: number };

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** A vector with every dimension 1, overridden by `partial`. */
export const dimVector = (partial: Partial<DimVector> = {}): DimVector => ({
  N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1, ...partial,
});

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** `true` when `s` is a dimension name. */
export const isDim = (s: string): s is Dim => (DIMS as ReadonlyArray<string>).includes(s);
