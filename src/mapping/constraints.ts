/**
 * Dataflows as data: a dataflow is a named set of constraints on mappings (Timeloop's mapspace constraints,
 * e.g. configs/mapper/eyeriss-256.yaml there). It never changes the model; it only narrows the mapspace.
 *
 * Per storage level (by name) a dataflow may fix:
 * - `temporal`: a rule per dimension for the level's temporal factor — `1` (no loop here), `all` (this slot
 *   holds the whole bound of the dimension: every other slot of it is 1), a fixed number, or `free`;
 *   dimensions not listed follow `temporalDefault` (`free` unless given);
 * - `spatialX` / `spatialY`: rules for the spatial factors on each axis of the fan-out below the level;
 *   dimensions not listed must be 1 on that axis;
 * - `permutation`: loops that must be innermost, in this order (outermost first of the listed ones); the
 *   other loops of the level come before them in any order;
 * - `keep` / `bypass`: tensors the level must keep / must bypass.
 */
import type { Arch } from '../arch/index.js';
import { DATA_SPACES, type DataSpace } from '../core/index.js';
import { DIMS, type Dim } from '../workload/index.js';
import type { Mapping } from './mapping.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export type FactorRule =
  | { readonly kind: 'free' }
  | { readonly kind: 'one' }
  | { readonly kind: 'all' }
  | { readonly kind: 'exact'; readonly n: number };

export interface LevelConstraint {
  readonly temporal: Partial<Readonly<Record<Dim, FactorRule>>>;
  readonly temporalDefault: 'free' | 'one';
  readonly spatialX: Partial<Readonly<Record<Dim, FactorRule>>>;
  readonly spatialY: Partial<Readonly<Record<Dim, FactorRule>>>;
  /** Innermost loops of the level, in order (outermost first). */
  readonly permutation: ReadonlyArray<Dim>;
  readonly keep: ReadonlyArray<DataSpace>;
  readonly bypass: ReadonlyArray<DataSpace>;
}

export interface Dataflow {
  readonly name: string;
  readonly description: string;
  /** Level name → its constraints; levels not listed are unconstrained (any spatial factor allowed). */
  readonly levels: Readonly<Record<string, LevelConstraint>>;
}

/** A violated constraint, for error messages and tests. */
export interface ConstraintViolation {
  readonly _tag: 'ConstraintViolation';
  readonly dataflow: string;
  readonly level: string;
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** A level constraint with everything free (spatial unconstrained is expressed by not listing the level). */
export const freeLevel = (): LevelConstraint => ({
  temporal: {},
  temporalDefault: 'free',
  spatialX: Object.fromEntries(DIMS.map((d) => [d, { kind: 'free' }])),
  spatialY: Object.fromEntries(DIMS.map((d) => [d, { kind: 'free' }])),
  permutation: [],
  keep: [],
  bypass: [],
});

/** The unconstrained dataflow (any mapping the hardware allows). */
export const ANY_DATAFLOW: Dataflow = { name: 'any', description: 'no constraints beyond the hardware', levels: {} };

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** The constraint of a level (the free one when the dataflow doesn't list it). */
export const levelConstraint = (df: Dataflow, levelName: string): LevelConstraint => df.levels[levelName] ?? freeLevel();

/** Effective rule of dimension d in a slot. */
export const ruleOf = (lc: LevelConstraint, slot: 'T' | 'X' | 'Y', d: Dim): FactorRule => {
  if (slot === 'T') return lc.temporal[d] ?? { kind: lc.temporalDefault === 'one' ? 'one' : 'free' };
  const r = (slot === 'X' ? lc.spatialX : lc.spatialY)[d];
  return r ?? { kind: 'one' };
};

/** Check that a mapping satisfies a dataflow; returns every violation. */
export const checkDataflow = (df: Dataflow, arch: Arch, m: Mapping): ReadonlyArray<ConstraintViolation> => {
  const out: ConstraintViolation[] = [];
  const v = (level: string, message: string): void => {
    out.push({ _tag: 'ConstraintViolation', dataflow: df.name, level, message });
  };
  // `all`: the slot holds the whole bound, so the product of the dimension's factors elsewhere is 1.
  const factorOf = (l: number, slot: 'T' | 'X' | 'Y', d: Dim): number => {
    const lm = m.levels[l]!;
    return slot === 'T' ? lm.temporal[d] : slot === 'X' ? lm.spatialX[d] : lm.spatialY[d];
  };
  m.levels.forEach((_, l) => {
    const lc = levelConstraint(df, arch.levels[l]!.name);
    for (const slot of ['T', 'X', 'Y'] as const) {
      for (const d of DIMS) {
        if (ruleOf(lc, slot, d).kind !== 'all') continue;
        const total = m.levels.reduce((acc, lm) => acc * lm.temporal[d] * lm.spatialX[d] * lm.spatialY[d], 1);
        if (factorOf(l, slot, d) !== total) v(arch.levels[l]!.name, `${slot === 'T' ? 'temporal' : `spatial ${slot}`} factor of ${d} must hold all of ${d} (${total}), is ${factorOf(l, slot, d)}`);
      }
    }
  });
  m.levels.forEach((lm, l) => {
    const name = arch.levels[l]!.name;
    const lc = levelConstraint(df, name);
    const check = (slot: 'T' | 'X' | 'Y', d: Dim, f: number): void => {
      const r = ruleOf(lc, slot, d);
      if (r.kind === 'one' && f !== 1) v(name, `${slot === 'T' ? 'temporal' : `spatial ${slot}`} factor of ${d} must be 1, is ${f}`);
      if (r.kind === 'exact' && f !== r.n) v(name, `${slot === 'T' ? 'temporal' : `spatial ${slot}`} factor of ${d} must be ${r.n}, is ${f}`);
    };
    for (const d of DIMS) {
      check('T', d, lm.temporal[d]);
      check('X', d, lm.spatialX[d]);
      check('Y', d, lm.spatialY[d]);
    }
    // Fixed innermost order: the listed loops with factor > 1 are the innermost of the level, in order.
    const big = lm.permutation.filter((d) => lm.temporal[d] > 1);
    const fixed = lc.permutation.filter((d) => lm.temporal[d] > 1);
    const tail = big.slice(big.length - fixed.length);
    if (fixed.some((d, i) => tail[i] !== d)) v(name, `innermost loops must be [${fixed.join(', ')}] in this order, are [${tail.join(', ')}]`);
    for (const ds of DATA_SPACES) {
      if (lc.keep.includes(ds) && !lm.keep[ds]) v(name, `must keep ${ds}`);
      if (lc.bypass.includes(ds) && lm.keep[ds]) v(name, `must bypass ${ds}`);
    }
  });
  return out;
};
