/**
 * DNN layers as users describe them, and their lowering to a `Problem` (the eight-dimensional loop nest the
 * model evaluates). Layers that do no multiply-accumulate work (pooling, element-wise add) are kept as
 * `VectorLayer`s: they move data and do simple operations, and are reported separately.
 */
import type { DataSpace, PerDataSpace } from '../core/index.js';
import type { DimVector } from './dims.js';
import { projection, tileElements } from './projection.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Per-tensor density (fraction of non-zeros, in (0, 1]) and bit width. */
export interface TensorAnnotations {
  /** Density of weights, input activations and outputs; 1 = dense. Uniform-random model (see ARCHITECTURE.md). */
  readonly density: PerDataSpace<number>;
  /** Bits per element of weights, input activations and outputs / partial sums. */
  readonly bits: PerDataSpace<number>;
}

/** 2-D convolution (grouped when `groups > 1`; depthwise when groups = inChannels = outChannels). */
export interface Conv2d extends TensorAnnotations {
  readonly kind: 'conv2d';
  readonly name: string;
  /** Names of the layers whose outputs this layer reads (empty: the network input). */
  readonly inputs: ReadonlyArray<string>;
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  /** Input height and width (before padding). */
  readonly inHeight: number;
  readonly inWidth: number;
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padH: number;
  readonly padW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly groups: number;
}

/** Fully connected layer / matrix multiply: out[n][k] = Σ_c in[n][c] · W[k][c]. */
export interface FullyConnected extends TensorAnnotations {
  readonly kind: 'fc';
  readonly name: string;
  readonly inputs: ReadonlyArray<string>;
  /** Batch (or the M dimension of a matmul). */
  readonly batch: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
}

/** Pooling (max or average) or element-wise add: no MACs, only data movement and vector ops. */
export interface VectorLayer {
  readonly kind: 'pool' | 'add';
  readonly name: string;
  readonly inputs: ReadonlyArray<string>;
  readonly batch: number;
  readonly channels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  /** Pool window and stride (1 and 1 for `add`). */
  readonly kernel: number;
  readonly stride: number;
  readonly pad: number;
  readonly bits: number;
}

export type MacLayer = Conv2d | FullyConnected;
export type Layer = MacLayer | VectorLayer;

/**
 * The lowered loop nest of a MAC layer: bounds per dimension, the sliding-window coefficients of the input
 * projection (h = p·strideH + r·dilationH, w = q·strideW + s·dilationW), and the tensor annotations.
 */
export interface Problem extends TensorAnnotations {
  readonly name: string;
  readonly bounds: DimVector;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Dense tensors at `b` bits (psums at `b` bits too, as in a Timeloop-equivalent set-up). */
export const denseAnnotations = (b = 16): TensorAnnotations => ({
  density: { W: 1, I: 1, O: 1 },
  bits: { W: b, I: b, O: b },
});

/** Output size of a convolution along one axis: ⌊(in + 2·pad − dil·(k−1) − 1) / stride⌋ + 1. */
export const convOutSize = (inSize: number, kernel: number, stride: number, pad: number, dil: number): number =>
  Math.floor((inSize + 2 * pad - dil * (kernel - 1) - 1) / stride) + 1;

/**
 * Lower a MAC layer to its problem. Convolution: N = batch, G = groups, C = inChannels/groups,
 * K = outChannels/groups, P×Q = output size, R×S = kernel. FC: N = batch, C = inFeatures, K = outFeatures.
 */
export const toProblem = (layer: MacLayer): Problem => {
  if (layer.kind === 'fc') {
    return {
      name: layer.name,
      bounds: { N: layer.batch, G: 1, C: layer.inFeatures, K: layer.outFeatures, P: 1, Q: 1, R: 1, S: 1 },
      strideH: 1, strideW: 1, dilationH: 1, dilationW: 1,
      density: layer.density,
      bits: layer.bits,
    };
  }
  const P = convOutSize(layer.inHeight, layer.kernelH, layer.strideH, layer.padH, layer.dilationH);
  const Q = convOutSize(layer.inWidth, layer.kernelW, layer.strideW, layer.padW, layer.dilationW);
  return {
    name: layer.name,
    bounds: {
      N: layer.batch,
      G: layer.groups,
      C: layer.inChannels / layer.groups,
      K: layer.outChannels / layer.groups,
      P, Q, R: layer.kernelH, S: layer.kernelW,
    },
    strideH: layer.strideH, strideW: layer.strideW, dilationH: layer.dilationH, dilationW: layer.dilationW,
    density: layer.density,
    bits: layer.bits,
  };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** `true` for layers that run on the MAC array. */
export const isMacLayer = (l: Layer): l is MacLayer => l.kind === 'conv2d' || l.kind === 'fc';

/** Weights of a MAC layer, dense (fc: in × out; conv: in / groups × out × kernel). */
export const weightCount = (l: MacLayer): number =>
  l.kind === 'fc' ? l.inFeatures * l.outFeatures : (l.inChannels / l.groups) * l.outChannels * l.kernelH * l.kernelW;

/** Dense MAC count of a problem: the product of its bounds. */
export const problemMacs = (p: Problem): number =>
  p.bounds.N * p.bounds.G * p.bounds.C * p.bounds.K * p.bounds.P * p.bounds.Q * p.bounds.R * p.bounds.S;

/** Element count of each tensor of a problem (inputs: the padded input window the outputs need). */
export const tensorSizes = (p: Problem): PerDataSpace<number> => tileElements(projection(p), p.bounds);

export type { DataSpace };
