/**
 * LeNet-5 exactly as in LeCun, Bottou, Bengio, Haffner, "Gradient-Based Learning Applied to Document
 * Recognition", Proc. IEEE 86(11), 1998, Section II.B — NOT the later Caffe "LeNet" (20/50 filters,
 * FC 500) that Han et al. (NIPS 2015) call LeNet-5:
 *
 *   input 32×32×1 → C1 conv 6@5×5 → S2 2×2/2 subsampling → C3 conv 16@5×5 → S4 2×2/2 subsampling
 *   → C5 conv 120@5×5 (on a 5×5 map: 1×1 output) → F6 FC 84 → output 10 Euclidean RBF units.
 *
 * Modelling choices:
 * - S2/S4 (sum of 4 inputs × trainable coefficient + bias) are `pool` layers;
 * - the output RBF units compute Σ (x − w)² over 84 inputs: one multiply-accumulate each, an `fc` 84 → 10;
 * - C3 connects each of its 16 maps to only a subset of S2's 6 maps (the paper's Table I: 60 of the 96
 *   (input, output) map pairs). It is modelled as a dense-shaped 6 → 16 convolution whose WEIGHT DENSITY is
 *   60/96 = 0.625 (the only non-dense annotation in the zoo): dense MACs 240,000, effectual MACs
 *   240,000 · 0.625 = 150,000.
 *
 * MACs at batch 1: dense 416,520; effectual (weight density × dense) 326,520 =
 * C1 117,600 + C3 150,000 + C5 48,000 + F6 10,080 + output 840. These are the paper's connection counts
 * without the bias terms: C1 122,304 − 4,704, C3 151,600 − 1,600, C5 48,120 − 120, F6 10,164 − 84.
 */
import type { Network } from '../network.js';
import { conv, fc, networkInput, pool, tap, zooContext } from './build.js';
import type { ZooOptions } from './build.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Fraction of C3's 6 × 16 (input map, output map) pairs that are connected (LeCun et al. 1998, Table I). */
export const LENET5_C3_CONNECTED = 60 / 96;

/** LeNet-5 (LeCun 1998) at `opts.batch`, `opts.bits` (default 16) bits; dense except C3's weights. */
export const lenet5 = (opts: ZooOptions): Network => {
  const ctx = zooContext(opts);
  const c1 = conv(ctx, 'c1', networkInput(1, 32, 32), { out: 6, kernel: 5 });
  const s2 = pool(ctx, 's2', tap(c1), { kernel: 2, stride: 2 });
  const c3Dense = conv(ctx, 'c3', tap(s2), { out: 16, kernel: 5 });
  const c3 = { ...c3Dense, density: { ...c3Dense.density, W: LENET5_C3_CONNECTED } };
  const s4 = pool(ctx, 's4', tap(c3), { kernel: 2, stride: 2 });
  const c5 = conv(ctx, 'c5', tap(s4), { out: 120, kernel: 5 });
  const f6 = fc(ctx, 'f6', tap(c5), 84);
  const output = fc(ctx, 'output', tap(f6), 10);
  return {
    name: 'lenet5',
    source:
      'LeCun, Bottou, Bengio, Haffner, "Gradient-Based Learning Applied to Document Recognition", Proc. IEEE 86(11), 1998 (LeNet-5 with the C3 connection table)',
    layers: [c1, s2, c3, s4, c5, f6, output],
  };
};
