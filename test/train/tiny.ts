/** Tiny networks and data sets for the trainer's tests (built with the zoo's own builders). */
import { makeRng } from '../../src/core/index.js';
import type { Dataset } from '../../src/train/index.js';
import type { Network } from '../../src/workload/index.js';
import { conv, fc, networkInput, pool, tap, zooContext } from '../../src/workload/zoo/index.js';

/** 1×7×7 → conv 3@3×3 stride 2 pad 1 (3×4×4) → avg pool 2/2 (3×2×2) → conv 4@2×2 (4×1×1) → fc 5 → fc 3. */
export const tinyConvNet = (): Network => {
  const ctx = zooContext({ batch: 1 });
  const c1 = conv(ctx, 'c1', networkInput(1, 7, 7), { out: 3, kernel: 3, stride: 2, pad: 1 });
  const p1 = pool(ctx, 'p1', tap(c1), { kernel: 2, stride: 2 });
  const c2 = conv(ctx, 'c2', tap(p1), { out: 4, kernel: 2 });
  const f1 = fc(ctx, 'f1', tap(c2), 5);
  const f2 = fc(ctx, 'f2', tap(f1), 3);
  return { name: 'tiny-conv', source: 'test', layers: [c1, p1, c2, f1, f2] };
};

/** `n` random `h × w` images (pixels in [0, 1), a quarter of them 0) with labels in 0..classes−1. */
export const randomData = (seed: number, n: number, h: number, w: number, classes: number): Dataset => {
  const rng = makeRng(seed);
  const images = new Float32Array(n * h * w);
  for (let i = 0; i < images.length; i++) images[i] = rng.next() < 0.25 ? 0 : rng.next();
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = rng.int(classes);
  return { n, height: h, width: w, images, labels };
};
