/**
 * MobileNet v1, width multiplier 1.0, 224×224 input (Howard et al., "MobileNets", arXiv:1704.04861, 2017,
 * Table 1): a 3×3/2 full convolution (32), then 13 depthwise-separable blocks — a 3×3 depthwise convolution
 * (conv2d with groups = channels) and a 1×1 pointwise convolution — then 7×7 global average pooling and
 * FC 1024 → 1000. Padding is "same" (pad 1 for the 3×3 convolutions). The paper's table lists the last
 * depthwise layer as "s2" on a 7×7 input; like the released model it is stride 1 (7×7 → 7×7).
 *
 * Dense MACs at batch 1: 568,740,352 (CONV 567,716,352 + FC 1,024,000) — the "569 million" mult-adds of the
 * paper's Tables 4/8; weights 4,209,088 (no biases / batch-norm) — the paper's "4.2 million" parameters.
 */
import type { Layer } from '../layer.js';
import type { Network } from '../network.js';
import { conv, fc, networkInput, pool, tap, zooContext } from './build.js';
import type { Tap, ZooOptions } from './build.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The 13 depthwise-separable blocks: depthwise stride and pointwise output channels. */
const BLOCKS: ReadonlyArray<readonly [stride: number, out: number]> = [
  [1, 64], [2, 128], [1, 128], [2, 256], [1, 256], [2, 512],
  [1, 512], [1, 512], [1, 512], [1, 512], [1, 512],
  [2, 1024], [1, 1024],
];

/**
 * MobileNet v1 1.0-224 at `opts.batch`, dense, `opts.bits` (default 16) bits. Layers `conv1`,
 * `conv{i}_dw` / `conv{i}_pw` for i = 2..14, `pool`, `fc`.
 */
export const mobilenetV1 = (opts: ZooOptions): Network => {
  const ctx = zooContext(opts);
  const conv1 = conv(ctx, 'conv1', networkInput(3, 224, 224), { out: 32, kernel: 3, stride: 2, pad: 1 });
  const layers: Layer[] = [conv1];
  let from: Tap = tap(conv1);
  BLOCKS.forEach(([stride, out], i) => {
    const channels = from.shape.channels;
    const dw = conv(ctx, `conv${i + 2}_dw`, from, { out: channels, kernel: 3, stride, pad: 1, groups: channels });
    const pw = conv(ctx, `conv${i + 2}_pw`, tap(dw), { out, kernel: 1 });
    layers.push(dw, pw);
    from = tap(pw);
  });
  const avg = pool(ctx, 'pool', from, { kernel: 7, stride: 1 });
  const classifier = fc(ctx, 'fc', tap(avg), 1000);
  layers.push(avg, classifier);
  return {
    name: 'mobilenet_v1',
    source:
      'Howard et al., "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications", arXiv:1704.04861, 2017, Table 1 (1.0 MobileNet-224)',
    layers,
  };
};
