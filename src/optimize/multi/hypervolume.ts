/**
 * Exact hypervolume (the Lebesgue measure of the region dominated by a point set and bounded by a reference
 * point) for minimization in 2-D and 3-D.
 *
 *   HV(Y; r) = λ( ⋃_{y ∈ Y, y ≺ r} [y₁, r₁] × … × [y_m, r_m] )
 *
 * 2-D: sort by y₁ and sum rectangles, O(n log n). 3-D: sweep over y₃ and add 2-D slices, O(n² log n).
 * Points not strictly better than r in every objective contribute nothing. Other dimensions use plain slicing
 * (exact, exponential in m; meant for m ≤ 4 and small sets).
 *
 * Reference: While, Hingston, Barone & Huband, "A faster algorithm for calculating hypervolume" (IEEE TEC 2006);
 * Fonseca, Paquete & López-Ibáñez (CEC 2006) for the 3-D sweep.
 */

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Hypervolume of 2- or 3-objective vectors w.r.t. reference point r (same length). Units: product of objective units.
 * @example hypervolume([[1, 2], [2, 1]], [3, 3]) === 3
 */
export const hypervolume = (ys: ReadonlyArray<ReadonlyArray<number>>, ref: ReadonlyArray<number>): number => {
  if (ref.length === 2) return hv2(ys.filter((y) => y[0]! < ref[0]! && y[1]! < ref[1]!), ref);
  if (ref.length === 3) return hv3(ys.filter((y) => y[0]! < ref[0]! && y[1]! < ref[1]! && y[2]! < ref[2]!), ref);
  // Other dimensions: exact but exponential slicing over the last objective (HSO); fine for small sets.
  return hvSlice(ys.filter((y) => y.every((v, i) => v < ref[i]!)), ref);
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const hv2 = (ys: ReadonlyArray<ReadonlyArray<number>>, ref: ReadonlyArray<number>): number => {
  const pts = [...ys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let hv = 0;
  let bestY = ref[1]!;
  for (const p of pts) {
    if (p[1]! < bestY) {
      hv += (ref[0]! - p[0]!) * (bestY - p[1]!);
      bestY = p[1]!;
    }
  }
  return hv;
};

const hvSlice = (ys: ReadonlyArray<ReadonlyArray<number>>, ref: ReadonlyArray<number>): number => {
  const m = ref.length;
  if (m === 0) return ys.length > 0 ? 1 : 0;
  if (m === 1) return ys.length > 0 ? ref[0]! - Math.min(...ys.map((y) => y[0]!)) : 0;
  if (m === 2) return hv2(ys, ref);
  const pts = [...ys].sort((a, b) => a[m - 1]! - b[m - 1]!);
  let hv = 0;
  for (let i = 0; i < pts.length; i++) {
    const zNext = i + 1 < pts.length ? pts[i + 1]![m - 1]! : ref[m - 1]!;
    const dz = zNext - pts[i]![m - 1]!;
    if (dz > 0) hv += hvSlice(pts.slice(0, i + 1).map((p) => p.slice(0, m - 1)), ref.slice(0, m - 1)) * dz;
  }
  return hv;
};

const hv3 = (ys: ReadonlyArray<ReadonlyArray<number>>, ref: ReadonlyArray<number>): number => {
  const pts = [...ys].sort((a, b) => a[2]! - b[2]!);
  let hv = 0;
  const slice: (readonly number[])[] = [];
  for (let i = 0; i < pts.length; i++) {
    slice.push([pts[i]![0]!, pts[i]![1]!]);
    const zNext = i + 1 < pts.length ? pts[i + 1]![2]! : ref[2]!;
    const dz = zNext - pts[i]![2]!;
    if (dz > 0) hv += hv2(slice, ref) * dz;
  }
  return hv;
};
