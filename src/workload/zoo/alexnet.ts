/**
 * AlexNet, the ORIGINAL two-group network of Krizhevsky, Sutskever & Hinton (NIPS 2012): CONV2, CONV4 and
 * CONV5 are split over the paper's two GPUs, i.e. grouped convolutions with groups = 2. Input 227×227×3
 * (the paper's "224" does not give its 55×55 CONV1 output). LRN layers are omitted (no MACs); the three
 * max-pooling layers (3×3, stride 2, overlapping) are `pool` layers.
 *
 * Dense MACs at batch 1 (`docs/reference/published-figures.md`): CONV1 105,415,200 · CONV2 223,948,800 ·
 * CONV3 149,520,384 · CONV4 112,140,288 · CONV5 74,760,192 · FC6 37,748,736 · FC7 16,777,216 · FC8 4,096,000;
 * CONV 665,784,864, total 724,406,816 (the "724M" of Sze et al., Proc. IEEE 2017).
 */
import type { Network } from '../network.js';
import { conv, fc, networkInput, pool, tap, zooContext } from './build.js';
import type { ZooOptions } from './build.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * AlexNet (two-group) at `opts.batch`, dense, `opts.bits` (default 16) bits per tensor.
 * @example problemMacs(toProblem(alexnet({ batch: 1 }).layers[0] as Conv2d)) // 105_415_200
 */
export const alexnet = (opts: ZooOptions): Network => {
  const ctx = zooContext(opts);
  const conv1 = conv(ctx, 'conv1', networkInput(3, 227, 227), { out: 96, kernel: 11, stride: 4 });
  const pool1 = pool(ctx, 'pool1', tap(conv1), { kernel: 3, stride: 2 });
  const conv2 = conv(ctx, 'conv2', tap(pool1), { out: 256, kernel: 5, pad: 2, groups: 2 });
  const pool2 = pool(ctx, 'pool2', tap(conv2), { kernel: 3, stride: 2 });
  const conv3 = conv(ctx, 'conv3', tap(pool2), { out: 384, kernel: 3, pad: 1 });
  const conv4 = conv(ctx, 'conv4', tap(conv3), { out: 384, kernel: 3, pad: 1, groups: 2 });
  const conv5 = conv(ctx, 'conv5', tap(conv4), { out: 256, kernel: 3, pad: 1, groups: 2 });
  const pool5 = pool(ctx, 'pool5', tap(conv5), { kernel: 3, stride: 2 });
  const fc6 = fc(ctx, 'fc6', tap(pool5), 4096);
  const fc7 = fc(ctx, 'fc7', tap(fc6), 4096);
  const fc8 = fc(ctx, 'fc8', tap(fc7), 1000);
  return {
    name: 'alexnet',
    source:
      'Krizhevsky, Sutskever, Hinton, "ImageNet Classification with Deep Convolutional Neural Networks", NIPS 2012 (original two-group network)',
    layers: [conv1, pool1, conv2, pool2, conv3, conv4, conv5, pool5, fc6, fc7, fc8],
  };
};
