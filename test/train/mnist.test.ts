/**
 * The MNIST loader: the `mnist` package's 10,000 real digits, split deterministically (stratified 80/20) into
 * disjoint train and held-out test sets.
 */
import { describe, expect, it } from 'vitest';
import { labelCounts, loadMnist, subset } from '../../src/train/index.js';
import type { Dataset } from '../../src/train/index.js';

const hashImage = (d: Dataset, i: number): string => {
  let h1 = 0x811c9dc5;
  let h2 = 0;
  for (let j = i * 784; j < (i + 1) * 784; j++) {
    const v = Math.round(d.images[j]! * 1000);
    h1 = Math.imul(h1 ^ v, 0x01000193);
    h2 = (h2 * 31 + v) | 0;
  }
  return `${h1 >>> 0}:${h2 >>> 0}`;
};

describe('loadMnist', () => {
  const s = loadMnist();
  it('holds the 10,000 digits of the package, per class as documented, split 8,004 / 1,996', () => {
    expect(s.train.n + s.test.n).toBe(10000);
    expect([s.train.n, s.test.n]).toEqual([8004, 1996]);
    const all = labelCounts(s.train).map((c, d) => c + labelCounts(s.test)[d]!);
    expect(all).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // stratified: ⌊n_class / 5⌋ test digits per class
    expect(labelCounts(s.test)).toEqual([200, 225, 198, 206, 196, 172, 202, 214, 188, 195]);
    expect(s.source).toMatch(/mnist/);
    expect(s.source).toMatch(/LeCun/);
  });
  it('28×28 images with pixels in [0, 1] and labels 0..9', () => {
    for (const d of [s.train, s.test]) {
      expect([d.height, d.width, d.images.length, d.labels.length]).toEqual([28, 28, d.n * 784, d.n]);
      let min = Infinity;
      let max = -Infinity;
      for (const v of d.images) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([min, max]).toEqual([0, 1]);
      expect(d.labels.every((l) => l <= 9)).toBe(true);
    }
  });
  it('is deterministic, and no image of the test set is in the training set', () => {
    const again = loadMnist();
    expect(Buffer.from(again.train.labels).equals(Buffer.from(s.train.labels))).toBe(true);
    expect(Buffer.from(again.test.images.buffer).equals(Buffer.from(s.test.images.buffer))).toBe(true);
    expect(Buffer.from(again.train.images.buffer).equals(Buffer.from(s.train.images.buffer))).toBe(true);
    const trainHashes = new Set(Array.from({ length: s.train.n }, (_, i) => hashImage(s.train, i)));
    const overlap = Array.from({ length: s.test.n }, (_, i) => hashImage(s.test, i)).filter((h) => trainHashes.has(h));
    expect(overlap).toEqual([]);
  });
  it('a prefix mixes the classes (the sets are in a fixed shuffled order)', () => {
    expect(labelCounts(subset(s.train, 200)).every((c) => c > 5)).toBe(true);
  });
  it('testFraction changes the split size', () => {
    const t = loadMnist({ testFraction: 0.1 });
    expect(t.test.n).toBe([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978].reduce((a, n) => a + Math.floor(n / 10), 0));
  });
});

describe('subset', () => {
  it('copies a clamped range', () => {
    const d: Dataset = { n: 3, height: 1, width: 2, images: Float32Array.from([1, 2, 3, 4, 5, 6]), labels: Uint8Array.from([7, 8, 9]) };
    const s = subset(d, 5, 1);
    expect(s.n).toBe(2);
    expect(Array.from(s.images)).toEqual([3, 4, 5, 6]);
    expect(Array.from(s.labels)).toEqual([8, 9]);
    expect(subset(d, 2, 7).n).toBe(0);
  });
});
