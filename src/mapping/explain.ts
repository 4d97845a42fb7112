/**
 * Why no mapping of a layer fits (issue 10 item 3): the constraint that blocks it — a dataflow rule that
 * asks for more than a level has, or a tile that cannot fit a level's capacity even at its smallest — each
 * with the place to change (`DataflowRule` / `LevelLimit`, which the CLI locates in the arch file).
 *
 * Method: the *smallest mapping the dataflow allows* puts in every slot only what the dataflow forces there
 * (`all` → the whole bound, an exact number → that number, otherwise 1), keeps only the tensors the dataflow
 * forces a level to keep (the backing store keeps everything), and leaves the rest of every bound to the
 * backing store's temporal loop. Tiles and fan-out only grow with factors and keeps, so if this mapping
 * breaks a fan-out or a capacity, every mapping under the dataflow does, and `validateMapping`'s reasons are
 * the blockers. When it is valid, a mapping exists and the search just did not find one (`searchMissed`).
 */
import { fanout, packing, type Arch } from '../arch/index.js';
import { DATA_SPACES, DATA_SPACE_NAMES, type DataSpace } from '../core/index.js';
import { DIMS, type Dim, type DimVector, type Problem } from '../workload/index.js';
import { levelConstraint, ruleOf, type Dataflow, type FactorRule } from './constraints.js';
import type { LevelMapping, Mapping } from './mapping.js';
import { validateMapping, type MappingInvalid } from './validate.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Where a blocker can be changed. */
export type BlockerSite =
  /** A rule of the dataflow: `dataflows[i].levels.<level>.<slot>.<dim>` in the arch file. */
  | { readonly _tag: 'DataflowRule'; readonly level: string; readonly slot: 'temporal' | 'spatialX' | 'spatialY'; readonly dim: Dim }
  /** A property of a storage level (`levels[i].<key>`): its capacity, a partition, its word width, its mesh. */
  | { readonly _tag: 'LevelLimit'; readonly level: string; readonly key: 'capacityWords' | 'partitionWords' | 'mesh'; readonly tensor?: DataSpace };

export interface Blocker {
  readonly site: BlockerSite;
  /** What blocks, with the numbers (e.g. `row-stationary needs R = 11 on spatial Y below GLB; the array has 8 rows`). */
  readonly message: string;
}

export type NoMappingExplanation =
  /** Nothing can fit: the blockers say why. `dataflowOnly`: without the dataflow's rules a mapping would fit. */
  | { readonly _tag: 'Blocked'; readonly blockers: ReadonlyArray<Blocker>; readonly dataflowOnly: boolean }
  /** A mapping fits (this one): the search did not find it. */
  | { readonly _tag: 'SearchMissed'; readonly example: Mapping };

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Explain why `problem` has no mapping on `arch` under `dataflow` (see the module doc). Pure, total. */
export const explainNoMapping = (arch: Arch, problem: Problem, dataflow: Dataflow): NoMappingExplanation => {
  const ruleBlockers = factorBlockers(arch, problem, dataflow);
  if (ruleBlockers.length > 0) return { _tag: 'Blocked', blockers: ruleBlockers, dataflowOnly: fitsUnconstrained(arch, problem) };
  const m = smallestMapping(arch, problem, dataflow);
  const v = validateMapping(arch, problem, m);
  if (v._tag === 'Right') return { _tag: 'SearchMissed', example: m };
  const blockers = v.left.flatMap((e) => invalidBlocker(arch, problem, dataflow, e));
  return { _tag: 'Blocked', blockers, dataflowOnly: dataflow.name !== 'any' && fitsUnconstrained(arch, problem) };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

type SlotName = 'temporal' | 'spatialX' | 'spatialY';
const SLOTS: ReadonlyArray<SlotName> = ['temporal', 'spatialX', 'spatialY'];
const slotKey = (s: SlotName): 'T' | 'X' | 'Y' => (s === 'temporal' ? 'T' : s === 'spatialX' ? 'X' : 'Y');

/**
 * The rule of a slot as the mapspace applies it (`makeMapspace`): a spatial slot without fan-out holds 1
 * whatever the dataflow says.
 */
const slotRule = (arch: Arch, df: Dataflow, l: number, slot: 'T' | 'X' | 'Y', d: Dim): FactorRule => {
  if (slot !== 'T') {
    const f = fanout(arch, l);
    if ((slot === 'X' ? f.x : f.y) <= 1) return { kind: 'one' };
  }
  return ruleOf(levelConstraint(df, arch.levels[l]!.name), slot, d);
};

/** The factor a rule forces in a slot (`undefined`: not forced, 1 in the smallest mapping). */
const forced = (r: FactorRule, bound: number): number | undefined => (r.kind === 'all' ? bound : r.kind === 'exact' ? r.n : undefined);

const fanText = (arch: Arch, l: number, slot: SlotName): string => {
  const f = fanout(arch, l);
  const child = l + 1 < arch.levels.length ? arch.levels[l + 1]!.name : 'MAC';
  return slot === 'spatialX' ? `${f.x} ${child} instance${f.x === 1 ? '' : 's'} along X (columns)` : `${f.y} ${child} instance${f.y === 1 ? '' : 's'} along Y (rows)`;
};

/** Rules that no factorization can satisfy: a forced spatial factor above the fan-out, forced factors that do not divide the bound. */
const factorBlockers = (arch: Arch, problem: Problem, df: Dataflow): Blocker[] => {
  const out: Blocker[] = [];
  for (const d of DIMS) {
    const bound = problem.bounds[d];
    let product = 1;
    const forcedSites: Array<{ level: string; slot: SlotName; f: number }> = [];
    arch.levels.forEach((lvl, l) => {
      for (const slot of SLOTS) {
        if (l === 0 && slot === 'temporal') continue; // the backing store's temporal slot is always free
        const rule = slotRule(arch, df, l, slotKey(slot), d);
        const f = forced(rule, bound);
        if (f === undefined) continue;
        forcedSites.push({ level: lvl.name, slot, f });
        product *= f;
        const fo = fanout(arch, l);
        const avail = slot === 'spatialX' ? fo.x : slot === 'spatialY' ? fo.y : Infinity;
        if (f > avail) {
          out.push({
            site: { _tag: 'DataflowRule', level: lvl.name, slot, dim: d },
            message: `dataflow '${df.name}' needs ${d} = ${f} on ${slot === 'spatialX' ? 'spatial X' : 'spatial Y'} below ${lvl.name} (rule ${d}: ${ruleText(rule)}); the array has ${fanText(arch, l, slot)}`,
          });
        }
      }
    });
    if (out.length === 0 && (product > bound || bound % product !== 0) && forcedSites.length > 0) {
      const last = forcedSites[forcedSites.length - 1]!;
      out.push({
        site: { _tag: 'DataflowRule', level: last.level, slot: last.slot, dim: d },
        message: `dataflow '${df.name}' forces ${d} factors ${forcedSites.map((s) => `${s.f} (${s.level} ${s.slot})`).join(' × ')}, which do not divide the layer's ${d} = ${bound}`,
      });
    }
  }
  return out;
};

const ruleText = (r: FactorRule): string => (r.kind === 'exact' ? String(r.n) : r.kind);

/** The smallest mapping the dataflow allows (module doc); the rest of each bound at the backing store. */
const smallestMapping = (arch: Arch, problem: Problem, df: Dataflow): Mapping => {
  const one = (): Record<Dim, number> => ({ N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 });
  const levels = arch.levels.map((lvl, l) => {
    const lc = levelConstraint(df, lvl.name);
    const t = one();
    const x = one();
    const y = one();
    for (const d of DIMS) {
      if (l > 0) t[d] = forced(slotRule(arch, df, l, 'T', d), problem.bounds[d]) ?? 1;
      x[d] = forced(slotRule(arch, df, l, 'X', d), problem.bounds[d]) ?? 1;
      y[d] = forced(slotRule(arch, df, l, 'Y', d), problem.bounds[d]) ?? 1;
    }
    const keep = { W: l === 0 || lc.keep.includes('W'), I: l === 0 || lc.keep.includes('I'), O: l === 0 || lc.keep.includes('O') };
    return { temporal: t, spatialX: x, spatialY: y, keep, permutation: [...DIMS] };
  });
  for (const d of DIMS) {
    const inner = levels.reduce((a, lm, l) => a * (l > 0 ? lm.temporal[d] : 1) * lm.spatialX[d] * lm.spatialY[d], 1);
    levels[0]!.temporal[d] = problem.bounds[d] / inner;
  }
  return {
    levels: levels.map((lm): LevelMapping => ({ ...lm, temporal: lm.temporal as DimVector, spatialX: lm.spatialX as DimVector, spatialY: lm.spatialY as DimVector })),
    origin: `smallest mapping allowed by dataflow '${df.name}'`,
  };
};

/** `true` when the all-ones mapping (everything at the backing store, nothing kept below) is valid. */
const fitsUnconstrained = (arch: Arch, problem: Problem): boolean =>
  validateMapping(arch, problem, smallestMapping(arch, problem, { name: 'any', description: '', levels: {} }))._tag === 'Right';

/** Blocker of one reason the smallest mapping is invalid. */
const invalidBlocker = (arch: Arch, problem: Problem, df: Dataflow, e: MappingInvalid): Blocker[] => {
  switch (e._tag) {
    case 'SpatialOverflow': {
      const l = arch.levels.findIndex((lvl) => lvl.name === e.level);
      const slot: SlotName = e.axis === 'X' ? 'spatialX' : 'spatialY';
      const rule = (d: Dim): FactorRule => slotRule(arch, df, l, e.axis, d);
      const dims = DIMS.filter((d) => forced(rule(d), problem.bounds[d]) !== undefined);
      return [{
        site: dims.length > 0 ? { _tag: 'DataflowRule', level: e.level, slot, dim: dims[0]! } : { _tag: 'LevelLimit', level: e.level, key: 'mesh' },
        message: `dataflow '${df.name}' needs ${dims.map((d) => `${d} = ${forced(rule(d), problem.bounds[d])}`).join(' × ')} = ${e.used} on spatial ${e.axis} below ${e.level}; the array has ${fanText(arch, l, slot)}`,
      }];
    }
    case 'CapacityOverflow': {
      const lvl = arch.levels.find((x) => x.name === e.level)!;
      const lc = levelConstraint(df, e.level);
      const tensors: ReadonlyArray<DataSpace> = e.tensor === 'all' ? DATA_SPACES.filter((ds) => lc.keep.includes(ds)) : [e.tensor];
      const packingNotes = tensors.flatMap((ds) => {
        if (!arch.scaleAccessEnergyWithBits) return [];
        const pk = packing(lvl.wordBits, problem.bits[ds]);
        return pk.wordsPer > 1 ? [`${DATA_SPACE_NAMES[ds]} are ${problem.bits[ds]}-bit in ${lvl.wordBits}-bit words: ${pk.wordsPer} words each`] : [];
      });
      const what = e.tensor === 'all' ? `the ${tensors.map((ds) => DATA_SPACE_NAMES[ds]).join(', ')} tile${tensors.length > 1 ? 's' : ''}` : `the ${DATA_SPACE_NAMES[e.tensor]} tile`;
      const forcedBy = df.name === 'any' ? '' : ` (the smallest that dataflow '${df.name}' allows${tensors.some((ds) => lc.keep.includes(ds)) ? `, which keeps ${tensors.filter((ds) => lc.keep.includes(ds)).map((ds) => DATA_SPACE_NAMES[ds]).join(', ')} in ${e.level}` : ''})`;
      const cap = e.tensor === 'all' ? (lvl.partitionWords ? 'the shared capacity' : 'the capacity') : `the ${DATA_SPACE_NAMES[e.tensor]} partition`;
      return [{
        site: { _tag: 'LevelLimit', level: e.level, key: e.tensor !== 'all' || lvl.partitionWords ? 'partitionWords' : 'capacityWords', ...(e.tensor !== 'all' ? { tensor: e.tensor } : {}) },
        message: `${e.level}: ${what} needs at least ${e.words.toLocaleString('en-US')} words${forcedBy}, but ${cap} is ${e.capacityWords.toLocaleString('en-US')} words${packingNotes.length > 0 ? ` (${packingNotes.join('; ')})` : ''}`,
      }];
    }
    default:
      return [];
  }
};
