/**
 * ResNet-50 v1 (He, Zhang, Ren, Sun, CVPR 2016, Table 1, "50-layer"), as released with the paper (Caffe):
 * conv1 7×7/2 (64) → 3×3/2 max pool → four stages of 3, 4, 6, 3 bottleneck blocks
 * (1×1 `w`, 3×3 `w`, 1×1 `4w`; w = 64, 128, 256, 512) → 7×7 global average pool → FC 2048 → 1000.
 *
 * v1 details that change the MAC count:
 * - the stride-2 down-sampling of stages 3–5 sits in the FIRST 1×1 convolution of the stage's first block
 *   (v1); torchvision's "v1.5" moves it to the 3×3 convolution (≈ 4.09 G MACs instead);
 * - the first block of every stage has a projection shortcut (option B): a 1×1 convolution with the block's
 *   stride from the stage input to 4w channels; the other blocks use identity shortcuts;
 * - each block ends with an element-wise `add` of the residual branch and the shortcut (a DAG via `inputs`).
 * Batch norm and ReLU are omitted (no MACs).
 *
 * Dense MACs at batch 1: 3,857,973,248 (CONV 3,855,925,248 incl. 4 projections + FC 2,048,000); weights
 * 25,502,912 (no biases / batch-norm). The paper's Table 1 says "3.8 × 10⁹ FLOPs" (multiply-adds); Sze et al.,
 * Proc. IEEE 2017, Table III: 3.9G MACs (CONV 3.86G, FC 2.0M), 25.5M weights. Tools that count v1.5 or add
 * batch-norm / ReLU / pooling operations report 4.1 G.
 */
import type { Layer } from '../layer.js';
import type { Network } from '../network.js';
import { add, conv, fc, networkInput, pool, tap, zooContext } from './build.js';
import type { Tap, ZooContext, ZooOptions } from './build.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Bottleneck width `w` and number of blocks of stages conv2_x .. conv5_x. */
const STAGES: ReadonlyArray<readonly [width: number, blocks: number]> = [[64, 3], [128, 4], [256, 6], [512, 3]];

/**
 * One bottleneck block named `prefix` (e.g. `res3a`) reading `from`: branch2a 1×1 (stride `stride`),
 * branch2b 3×3 pad 1, branch2c 1×1 to 4w; when `project`, branch1 is a 1×1 stride-`stride` projection.
 * Appends its layers to `out` (local accumulation) and returns the block's output.
 */
const bottleneck = (
  ctx: ZooContext,
  out: Layer[],
  prefix: string,
  from: Tap,
  width: number,
  stride: number,
  project: boolean,
): Tap => {
  const a = conv(ctx, `${prefix}_branch2a`, from, { out: width, kernel: 1, stride });
  const b = conv(ctx, `${prefix}_branch2b`, tap(a), { out: width, kernel: 3, pad: 1 });
  const c = conv(ctx, `${prefix}_branch2c`, tap(b), { out: 4 * width, kernel: 1 });
  out.push(a, b, c);
  let shortcut = from;
  if (project) {
    const p = conv(ctx, `${prefix}_branch1`, from, { out: 4 * width, kernel: 1, stride });
    out.push(p);
    shortcut = tap(p);
  }
  const sum = add(ctx, prefix, tap(c), shortcut);
  out.push(sum);
  return tap(sum);
};

/**
 * ResNet-50 v1 at `opts.batch`, dense, `opts.bits` (default 16) bits. Layer names follow the released Caffe
 * model (`conv1`, `pool1`, `res2a_branch2a`, …, `res2a` for the add, `pool5`, `fc1000`).
 */
export const resnet50 = (opts: ZooOptions): Network => {
  const ctx = zooContext(opts);
  const layers: Layer[] = [];
  const conv1 = conv(ctx, 'conv1', networkInput(3, 224, 224), { out: 64, kernel: 7, stride: 2, pad: 3 });
  const pool1 = pool(ctx, 'pool1', tap(conv1), { kernel: 3, stride: 2, pad: 1 });
  layers.push(conv1, pool1);
  let from = tap(pool1);
  STAGES.forEach(([width, blocks], s) => {
    for (let i = 0; i < blocks; i++) {
      const stride = i === 0 && s > 0 ? 2 : 1;
      from = bottleneck(ctx, layers, `res${s + 2}${String.fromCharCode(97 + i)}`, from, width, stride, i === 0);
    }
  });
  const pool5 = pool(ctx, 'pool5', from, { kernel: 7, stride: 1 });
  const fc1000 = fc(ctx, 'fc1000', tap(pool5), 1000);
  layers.push(pool5, fc1000);
  return {
    name: 'resnet50',
    source:
      'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016, Table 1 (50-layer, v1: stride in the first 1x1, projection shortcuts)',
    layers,
  };
};
