/**
 * Small constructors the built-in networks are written with. Each takes the `Tap` it reads (the network
 * input, or earlier layers' outputs) and infers its input dimensions from it, so a network description only
 * states what a paper's architecture table states (filters, kernel, stride, padding, groups).
 */
import { denseAnnotations } from '../layer.js';
import type { Conv2d, FullyConnected, Layer, TensorAnnotations, VectorLayer } from '../layer.js';
import type { Network } from '../network.js';
import { flatSize, outputShape, shape } from './shape.js';
import type { Shape } from './shape.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Options every zoo network takes: the batch size N (≥ 1) and the bit width of all tensors (default 16). */
export interface ZooOptions {
  readonly batch: number;
  readonly bits?: number;
}

/** A built-in network: a pure function of its options. */
export type ZooNetwork = (opts: ZooOptions) => Network;

/** What a layer reads: the names of the producing layers (empty = the network input) and their output shape. */
export interface Tap {
  readonly names: ReadonlyArray<string>;
  readonly shape: Shape;
}

/** Batch and annotations shared by every layer of one network instance. */
export interface ZooContext {
  readonly batch: number;
  readonly annotations: TensorAnnotations;
  readonly bits: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Dense tensors at `opts.bits` (default 16) bits — `denseAnnotations`. */
export const zooContext = (opts: ZooOptions): ZooContext => ({
  batch: opts.batch,
  annotations: denseAnnotations(opts.bits ?? 16),
  bits: opts.bits ?? 16,
});

/** The network input: an image (or feature vector) of `channels × height × width`. */
export const networkInput = (channels: number, height: number, width: number): Tap => ({
  names: [],
  shape: shape(channels, height, width),
});

/** Read the output of `layer`. */
export const tap = (layer: Layer): Tap => ({ names: [layer.name], shape: outputShape(layer) });

/**
 * A square convolution reading `from`: `out` filters of `kernel × kernel × (C/groups)`, stride `stride`
 * (default 1), zero padding `pad` (default 0), `groups` (default 1; depthwise: groups = C = out).
 */
export const conv = (
  ctx: ZooContext,
  name: string,
  from: Tap,
  o: { readonly out: number; readonly kernel: number; readonly stride?: number; readonly pad?: number; readonly groups?: number },
): Conv2d => ({
  kind: 'conv2d',
  name,
  inputs: from.names,
  batch: ctx.batch,
  inChannels: from.shape.channels,
  outChannels: o.out,
  inHeight: from.shape.height,
  inWidth: from.shape.width,
  kernelH: o.kernel,
  kernelW: o.kernel,
  strideH: o.stride ?? 1,
  strideW: o.stride ?? 1,
  padH: o.pad ?? 0,
  padW: o.pad ?? 0,
  dilationH: 1,
  dilationW: 1,
  groups: o.groups ?? 1,
  ...ctx.annotations,
});

/** A fully connected layer reading `from` flattened: inFeatures = C·H·W of `from`, `out` outputs. */
export const fc = (ctx: ZooContext, name: string, from: Tap, out: number): FullyConnected => ({
  kind: 'fc',
  name,
  inputs: from.names,
  batch: ctx.batch,
  inFeatures: flatSize(from.shape),
  outFeatures: out,
  ...ctx.annotations,
});

/** Max / average pooling of `kernel × kernel` windows with `stride` and `pad` (default 0) over `from`. */
export const pool = (
  ctx: ZooContext,
  name: string,
  from: Tap,
  o: { readonly kernel: number; readonly stride: number; readonly pad?: number },
): VectorLayer => ({
  kind: 'pool',
  name,
  inputs: from.names,
  batch: ctx.batch,
  channels: from.shape.channels,
  inHeight: from.shape.height,
  inWidth: from.shape.width,
  kernel: o.kernel,
  stride: o.stride,
  pad: o.pad ?? 0,
  bits: ctx.bits,
});

/** Element-wise sum of two equally shaped activations (a residual connection); shape from `a`. */
export const add = (ctx: ZooContext, name: string, a: Tap, b: Tap): VectorLayer => ({
  kind: 'add',
  name,
  inputs: [...a.names, ...b.names],
  batch: ctx.batch,
  channels: a.shape.channels,
  inHeight: a.shape.height,
  inWidth: a.shape.width,
  kernel: 1,
  stride: 1,
  pad: 0,
  bits: ctx.bits,
});
