/**
 * Tensor projections: how the problem dimensions index each tensor (Timeloop's `cnn_layer` data spaces, plus
 * a group dimension). Each tensor has five tensor dimensions; each is a sum of (problem dimension × coefficient):
 *   W[g][k][c][r][s]
 *   I[n][g][c][h = p·strideH + r·dilationH][w = q·strideW + s·dilationW]
 *   O[n][g][k][p][q]
 * A tile spanning `ext_d` values of each problem dimension covers, in tensor dimension x, the bounding box
 * extent 1 + Σ_d coef_d·(ext_d − 1) (Timeloop's axis-aligned hyper-rectangle convention).
 */
import type { PerDataSpace } from '../core/index.js';
import type { Dim, DimVector } from './dims.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** One tensor dimension: the problem dimensions feeding it, with their coefficients. */
export type TensorDim = ReadonlyArray<readonly [Dim, number]>;

/** Five tensor dimensions per tensor. */
export type Projection = PerDataSpace<ReadonlyArray<TensorDim>>;

/** The sliding-window coefficients of a layer (a `Problem` has them). */
export interface WindowCoefficients {
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const projection = (p: WindowCoefficients): Projection => ({
  W: [[['G', 1]], [['K', 1]], [['C', 1]], [['R', 1]], [['S', 1]]],
  I: [[['N', 1]], [['G', 1]], [['C', 1]], [['P', p.strideH], ['R', p.dilationH]], [['Q', p.strideW], ['S', p.dilationW]]],
  O: [[['N', 1]], [['G', 1]], [['K', 1]], [['P', 1]], [['Q', 1]]],
});

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Number of elements of the bounding box a tile with per-dimension extents `ext` covers in each tensor. */
export const tileElements = (proj: Projection, ext: DimVector): PerDataSpace<number> => {
  const size = (dims: ReadonlyArray<TensorDim>): number =>
    dims.reduce((acc, terms) => acc * terms.reduce((e, [d, coef]) => e + coef * (ext[d] - 1), 1), 1);
  return { W: size(proj.W), I: size(proj.I), O: size(proj.O) };
};
