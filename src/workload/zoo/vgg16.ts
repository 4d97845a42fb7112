/**
 * VGG-16 (configuration D of Simonyan & Zisserman, ICLR 2015): thirteen 3×3 convolutions (stride 1, pad 1)
 * in five blocks of 64, 128, 256, 512, 512 filters, each block followed by 2×2 / stride-2 max pooling, then
 * FC 25088 → 4096 → 4096 → 1000. Input 224×224×3.
 *
 * Dense MACs at batch 1: 15,470,264,320 (CONV 15,346,630,656 + FC 123,633,664), the "15.5G" of
 * Sze et al., Proc. IEEE 2017, Table III, and the 15.47 G commonly quoted.
 */
import type { Layer } from '../layer.js';
import type { Network } from '../network.js';
import { conv, fc, networkInput, pool, tap, zooContext } from './build.js';
import type { Tap, ZooOptions } from './build.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Filters per block and convolutions per block of configuration D. */
const BLOCKS: ReadonlyArray<readonly [filters: number, convs: number]> = [
  [64, 2], [128, 2], [256, 3], [512, 3], [512, 3],
];

/**
 * VGG-16 at `opts.batch`, dense, `opts.bits` (default 16) bits. Layer names follow Caffe: `conv{b}_{i}`,
 * `pool{b}`, `fc6`..`fc8`.
 */
export const vgg16 = (opts: ZooOptions): Network => {
  const ctx = zooContext(opts);
  const layers: Layer[] = [];
  let from: Tap = networkInput(3, 224, 224);
  BLOCKS.forEach(([filters, convs], b) => {
    for (let i = 1; i <= convs; i++) {
      const c = conv(ctx, `conv${b + 1}_${i}`, from, { out: filters, kernel: 3, pad: 1 });
      layers.push(c);
      from = tap(c);
    }
    const p = pool(ctx, `pool${b + 1}`, from, { kernel: 2, stride: 2 });
    layers.push(p);
    from = tap(p);
  });
  const fc6 = fc(ctx, 'fc6', from, 4096);
  const fc7 = fc(ctx, 'fc7', tap(fc6), 4096);
  const fc8 = fc(ctx, 'fc8', tap(fc7), 1000);
  layers.push(fc6, fc7, fc8);
  return {
    name: 'vgg16',
    source:
      'Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition", ICLR 2015 (configuration D)',
    layers,
  };
};
