/**
 * Pure data-set helpers.
 */
import type { Dataset, Subset } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Images `[offset, offset + n)` of `d` (clamped to the data set; copies). @example subset(d, 100).n // 100 */
export const subset: Subset = (d, n, offset = 0) => {
  const from = Math.max(0, Math.min(d.n, Math.floor(offset)));
  const to = Math.max(from, Math.min(d.n, from + Math.floor(n)));
  const hw = d.height * d.width;
  return {
    n: to - from,
    height: d.height,
    width: d.width,
    images: d.images.slice(from * hw, to * hw),
    labels: d.labels.slice(from, to),
  };
};

/** The images of `d` at indices `idx`, in that order (copies). */
export const pick = (d: Dataset, idx: ReadonlyArray<number>): Dataset => {
  const hw = d.height * d.width;
  const images = new Float32Array(idx.length * hw);
  const labels = new Uint8Array(idx.length);
  idx.forEach((src, i) => {
    images.set(d.images.subarray(src * hw, (src + 1) * hw), i * hw);
    labels[i] = d.labels[src]!;
  });
  return { n: idx.length, height: d.height, width: d.width, images, labels };
};

/** Count of each label 0..9. */
export const labelCounts = (d: Dataset): ReadonlyArray<number> => {
  const c = new Array<number>(10).fill(0);
  for (let i = 0; i < d.n; i++) c[d.labels[i]!] = (c[d.labels[i]!] ?? 0) + 1;
  return c;
};
