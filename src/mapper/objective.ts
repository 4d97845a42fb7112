/**
 * Mapper objectives: `energy` (arch energy unit), `delay` (cycles), `edp` (energy × cycles). Ties break on
 * the other quantity (energy for delay, cycles for energy), so results are deterministic.
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export type Objective = 'energy' | 'delay' | 'edp';
export const OBJECTIVES: ReadonlyArray<Objective> = ['energy', 'delay', 'edp'];

/** Primary score (lower is better). */
export const score = (objective: Objective, energy: number, cycles: number): number =>
  objective === 'energy' ? energy : objective === 'delay' ? cycles : energy * cycles;

/** Secondary score used to break ties. */
export const tieBreak = (objective: Objective, energy: number, cycles: number): number => (objective === 'energy' ? cycles : energy);

/** `true` when (s1, t1) is strictly better than (s2, t2), with a relative tolerance for float noise. */
export const better = (s1: number, t1: number, s2: number, t2: number): boolean => {
  const eps = 1e-12 * Math.max(Math.abs(s1), Math.abs(s2));
  if (s1 < s2 - eps) return true;
  if (s1 > s2 + eps) return false;
  return t1 < t2;
};
