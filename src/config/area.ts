/**
 * The optional `area:` section of an accelerator file: a per-level area model with cited costs, and its pure
 * decoder `decodeArea` (checked against the decoded arch) and evaluation `areaOf`.
 *
 * ```yaml
 * area:
 *   source: "where every figure below comes from"   # required: a citation
 *   perPEmm2: 0.02          # per compute instance (MAC + control), storage excluded
 *   fixedMm2: 0             # optional: everything else (I/O, control), default 0
 *   levels:                 # per-kB costs of on-chip levels (any subset of the levels; DRAM is off-chip)
 *     GLB: { mm2PerKB: 0.01 }
 *     RF:  { mm2PerKB: 0.05 }
 * ```
 *
 * area (mm²) = fixedMm2 + compute.instances × perPEmm2 + Σ_levels instances × kB × mm2PerKB, with kB =
 * capacityWords × wordBits / 8 / 1024 (per instance): linear in capacity. Equal-area comparisons (Eyeriss ISCA'16
 * §VI-A) are an `areaMm2` constraint in a sweep, or `equalAreaSplits` (`areaSplit.ts`) for compare-dataflows.
 * The shipped configs (eyeriss.yaml, eyeriss-256.yaml) price RF, GLB and MAC with Accelergy 40 nm figures.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Arch } from '../arch/index.js';
import { isRecord, NonNegativeNumber, strictStruct, Text } from './codecs.js';
import { configIssue, issuesFromErrors, type ConfigIssue } from './issue.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface AreaModel {
  readonly source: string;
  readonly perPEmm2: number;
  readonly fixedMm2: number;
  /** mm² per kB of capacity, by level name. */
  readonly mm2PerKB: Readonly<Record<string, number>>;
}

/** An area and its parts (mm²). */
export interface AreaBreakdown {
  readonly totalMm2: number;
  readonly computeMm2: number;
  readonly fixedMm2: number;
  readonly byLevelMm2: Readonly<Record<string, number>>;
}

const LevelAreaCodec = strictStruct('a level area', { mm2PerKB: NonNegativeNumber }, {});
const AreaCodec = strictStruct('an area model', { source: Text, perPEmm2: NonNegativeNumber }, { fixedMm2: NonNegativeNumber, levels: t.unknown });

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Decode the `area` value of an accelerator document (undefined → `Right(null)`); paths start at `area`. */
export const decodeArea = (u: unknown, arch: Arch): E.Either<ReadonlyArray<ConfigIssue>, AreaModel | null> => {
  if (u === undefined) return E.right(null);
  const r = AreaCodec.decode(u);
  const at = (issues: ReadonlyArray<ConfigIssue>): ReadonlyArray<ConfigIssue> => issues.map((i) => ({ ...i, path: ['area', ...i.path] }));
  if (E.isLeft(r)) return E.left(at(issuesFromErrors(r.left)));
  const issues: ConfigIssue[] = [];
  if (r.right.source.trim() === '') issues.push(configIssue(['area', 'source'], 'expected a citation for the area figures'));
  const mm2PerKB: Record<string, number> = {};
  const levels = r.right.levels;
  if (levels !== undefined) {
    if (!isRecord(levels)) issues.push(configIssue(['area', 'levels'], 'expected a mapping of level names to { mm2PerKB }'));
    else {
      for (const [name, v] of Object.entries(levels)) {
        const lvl = arch.levels.find((l) => l.name === name);
        if (lvl === undefined) {
          issues.push(configIssue(['area', 'levels', name], `no level '${name}' in the accelerator (levels: ${arch.levels.map((l) => l.name).join(', ')})`));
          continue;
        }
        if (lvl.kind === 'dram') {
          issues.push(configIssue(['area', 'levels', name], 'the DRAM is off-chip: it has no area here'));
          continue;
        }
        const d = LevelAreaCodec.decode(v);
        if (E.isLeft(d)) issues.push(...issuesFromErrors(d.left).map((i) => ({ ...i, path: ['area', 'levels', name, ...i.path] })));
        else mm2PerKB[name] = d.right.mm2PerKB;
      }
    }
  }
  if (issues.length > 0) return E.left(issues);
  return E.right({ source: r.right.source, perPEmm2: r.right.perPEmm2, fixedMm2: r.right.fixedMm2 ?? 0, mm2PerKB });
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** The area of `arch` under `model` (see the module doc for the formula). */
export const areaOf = (model: AreaModel, arch: Arch): AreaBreakdown => {
  const byLevelMm2: Record<string, number> = {};
  for (const l of arch.levels) {
    const c = model.mm2PerKB[l.name];
    if (c === undefined) continue;
    byLevelMm2[l.name] = l.instances * ((l.capacityWords * l.wordBits) / 8 / 1024) * c;
  }
  const computeMm2 = arch.compute.instances * model.perPEmm2;
  const totalMm2 = model.fixedMm2 + computeMm2 + Object.values(byLevelMm2).reduce((a, b) => a + b, 0);
  return { totalMm2, computeMm2, fixedMm2: model.fixedMm2, byLevelMm2 };
};
