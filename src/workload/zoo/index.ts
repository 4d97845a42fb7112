/**
 * The built-in network zoo: each network is data — a pure function `(opts) => Network` — held in the
 * `ZOO` registry (a plain value, passed to whoever needs it; nothing registers itself on import).
 */
import type { Network } from '../network.js';
import { alexnet } from './alexnet.js';
import type { ZooNetwork, ZooOptions } from './build.js';
import { lenet5 } from './lenet5.js';
import { mnistMlp } from './mnistMlp.js';
import { mobilenetV1 } from './mobilenetV1.js';
import { resnet50 } from './resnet50.js';
import { vgg16 } from './vgg16.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/**
 * Built-in networks by name: `alexnet` (original two-group), `vgg16`, `resnet50` (v1), `mobilenet_v1`
 * (1.0-224), `mnist-mlp` (784-256-256-256-10), `lenet5` (LeCun 1998). Each sets `source` to its paper.
 * @example ZOO['alexnet']!({ batch: 4 }).layers.length // 11
 */
export const ZOO: Readonly<Record<string, ZooNetwork>> = {
  alexnet,
  vgg16,
  resnet50,
  mobilenet_v1: mobilenetV1,
  'mnist-mlp': mnistMlp,
  lenet5,
};

/** The registry's names, in registry order. */
export const zooNames: ReadonlyArray<string> = Object.keys(ZOO);

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Look a network up by name: `undefined` when `name` is not in `ZOO` (own keys only). */
export const zooNetwork = (name: string, opts: ZooOptions): Network | undefined =>
  Object.prototype.hasOwnProperty.call(ZOO, name) ? ZOO[name]!(opts) : undefined;

export { alexnet, lenet5, mnistMlp, mobilenetV1, resnet50, vgg16 };
export { add, conv, fc, networkInput, pool, tap, zooContext } from './build.js';
export type { Tap, ZooContext, ZooNetwork, ZooOptions } from './build.js';
export { LENET5_C3_CONNECTED } from './lenet5.js';
export { flatSize, outputShape, sameShape, shape } from './shape.js';
export type { Shape } from './shape.js';
