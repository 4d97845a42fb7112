/**
 * Pareto dominance for minimization, fast non-dominated sorting and crowding distance (NSGA-II).
 *
 *   a ≺ b  ⇔  ∀i aᵢ ≤ bᵢ  ∧  ∃i aᵢ < bᵢ
 *
 * Shapes: a set of n objective vectors of equal length m (2–3 in practice); fronts are arrays of indices into it.
 *
 * Reference: Deb, Pratap, Agarwal & Meyarivan, "A fast and elitist multiobjective genetic algorithm: NSGA-II"
 * (IEEE TEC 2002), §III-A (sorting, O(m n²)) and §III-B (crowding distance).
 */

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Whether a dominates b (minimization). */
export const dominates = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => {
  let strict = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) strict = true;
  }
  return strict;
};

/**
 * Fast non-dominated sort: fronts F₁, F₂, … where F₁ is the non-dominated set and Fₖ₊₁ is non-dominated once
 * F₁…Fₖ are removed. Indices within a front are in increasing order.
 * @example nonDominatedSort([[1, 2], [2, 1], [2, 2]]) // [[0, 1], [2]]
 */
export const nonDominatedSort = (ys: ReadonlyArray<ReadonlyArray<number>>): number[][] => {
  const n = ys.length;
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (dominates(ys[i]!, ys[j]!)) {
        dominated[i]!.push(j);
        count[j]!++;
      } else if (dominates(ys[j]!, ys[i]!)) {
        dominated[j]!.push(i);
        count[i]!++;
      }
    }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (count[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current)
      for (const j of dominated[i]!) {
        count[j]!--;
        if (count[j] === 0) next.push(j);
      }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
};

/** Indices of the non-dominated points (the first front). */
export const paretoFront = (ys: ReadonlyArray<ReadonlyArray<number>>): number[] => {
  const out: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    let dom = false;
    for (let j = 0; j < ys.length && !dom; j++) if (j !== i && dominates(ys[j]!, ys[i]!)) dom = true;
    if (!dom) out.push(i);
  }
  return out;
};

/**
 * Crowding distance of each member of one front (same order as `front`): Σ over objectives of the normalized gap
 * between its neighbours; boundary points get +Infinity.
 */
export const crowdingDistance = (ys: ReadonlyArray<ReadonlyArray<number>>, front: ReadonlyArray<number>): number[] => {
  const k = front.length;
  const dist = new Array<number>(k).fill(0);
  if (k === 0) return dist;
  const m = ys[front[0]!]!.length;
  for (let o = 0; o < m; o++) {
    const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => ys[front[a]!]![o]! - ys[front[b]!]![o]! || a - b);
    const lo = ys[front[order[0]!]!]![o]!;
    const hi = ys[front[order[k - 1]!]!]![o]!;
    dist[order[0]!] = Infinity;
    dist[order[k - 1]!] = Infinity;
    if (hi > lo)
      for (let i = 1; i < k - 1; i++)
        dist[order[i]!]! += (ys[front[order[i + 1]!]!]![o]! - ys[front[order[i - 1]!]!]![o]!) / (hi - lo);
  }
  return dist;
};
