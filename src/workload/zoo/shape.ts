/**
 * The activation shape a layer produces (channels × height × width, per batch element), so that a layer's
 * input dimensions can be inferred from the layers it reads. Shared by the built-in zoo builders and the
 * YAML network decoder (`config/network`).
 */
import { convOutSize } from '../layer.js';
import type { Layer } from '../layer.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** An activation tensor's shape per batch element: `channels` × `height` × `width` (elements). */
export interface Shape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** A shape from its three extents. @example shape(3, 227, 227) // an ImageNet RGB image for AlexNet */
export const shape = (channels: number, height: number, width: number): Shape => ({ channels, height, width });

/**
 * The output shape of a layer:
 * - conv2d: `outChannels × P × Q` with P = ⌊(H + 2·padH − dilH·(R−1) − 1)/strideH⌋ + 1 (likewise Q);
 * - fc: `outFeatures × 1 × 1`;
 * - pool: `channels × ⌊(H + 2·pad − kernel)/stride⌋ + 1 × (same for W)`;
 * - add: `channels × inHeight × inWidth` (element-wise, shape-preserving).
 */
export const outputShape = (layer: Layer): Shape => {
  switch (layer.kind) {
    case 'conv2d':
      return shape(
        layer.outChannels,
        convOutSize(layer.inHeight, layer.kernelH, layer.strideH, layer.padH, layer.dilationH),
        convOutSize(layer.inWidth, layer.kernelW, layer.strideW, layer.padW, layer.dilationW),
      );
    case 'fc':
      return shape(layer.outFeatures, 1, 1);
    case 'pool':
    case 'add':
      return shape(
        layer.channels,
        convOutSize(layer.inHeight, layer.kernel, layer.stride, layer.pad, 1),
        convOutSize(layer.inWidth, layer.kernel, layer.stride, layer.pad, 1),
      );
  }
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Elements per batch element once flattened (the `inFeatures` an FC layer reading it needs): C·H·W. */
export const flatSize = (s: Shape): number => s.channels * s.height * s.width;

/** Structural equality of two shapes. */
export const sameShape = (a: Shape, b: Shape): boolean =>
  a.channels === b.channels && a.height === b.height && a.width === b.width;
