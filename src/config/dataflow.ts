/**
 * The `dataflows:` section of an accelerator file → `Dataflow`s (constraint sets on mappings; see
 * mapping/constraints.ts). Decoded against the decoded `Arch` so level names are checked.
 *
 * ```yaml
 * dataflows:                      # the first one is the default for `codesim map` / `codesim eval`
 *   - name: row-stationary
 *     description: "Eyeriss RS (Chen, Emer, Sze, ISCA 2016)"
 *     levels:
 *       RF:
 *         temporal: { S: all, Q: free, C: free, K: free, N: free }   # rules: free | all | 1 | <n>
 *         temporalDefault: one       # dimensions not listed: one (no loop) or free (default)
 *         permutation: [C, Q, S]     # the level's innermost loops, outermost first
 *         keep: [weights, inputs, outputs]
 *       GLB:
 *         spatialX: { P: free, K: free, N: free }   # dimensions not listed must be 1 on that axis
 *         spatialY: { R: all, C: free }
 *         bypass: [weights]
 *     storage: { GLB: 131072 }      # optional: capacity override in words (equal-area comparisons)
 * ```
 * A level not listed is unconstrained (any spatial factor, any order, any keep the hardware allows).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Arch } from '../arch/index.js';
import { isDim, type Dim } from '../workload/index.js';
import type { Dataflow, FactorRule, LevelConstraint } from '../mapping/index.js';
import { Name, PositiveInt, TENSOR, Tensor, Text, isRecord, listOf, oneOf, strictStruct } from './codecs.js';
import { configIssue, issuesFromErrors, showValue, type ConfigIssue } from './issue.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A dataflow plus its optional storage re-allocation (level name → capacity in words). */
export interface DataflowSpec {
  readonly dataflow: Dataflow;
  readonly storage: Readonly<Record<string, number>>;
}

const Rule = new t.Type<FactorRule, unknown, unknown>(
  'factor rule',
  (u): u is FactorRule => isRecord(u) && typeof u['kind'] === 'string',
  (u, c) => {
    if (u === 'free') return t.success({ kind: 'free' });
    if (u === 'all') return t.success({ kind: 'all' });
    if (u === 1) return t.success({ kind: 'one' });
    if (typeof u === 'number' && Number.isSafeInteger(u) && u > 1) return t.success({ kind: 'exact', n: u });
    return t.failure(u, c, `expected a factor rule (free, all, 1 or a positive integer), got ${showValue(u)}`);
  },
  t.identity,
);
const Rules = t.record(t.string, Rule);
const Dims = listOf(oneOf<Dim>('a dimension', ['N', 'G', 'C', 'K', 'P', 'Q', 'R', 'S']), 'dimensions');

const LevelSpec = strictStruct('dataflow level', {}, {
  temporal: Rules,
  temporalDefault: oneOf('a default rule', ['free', 'one'] as const),
  spatialX: Rules,
  spatialY: Rules,
  permutation: Dims,
  keep: listOf(Tensor, 'tensors'),
  bypass: listOf(Tensor, 'tensors'),
});
const DataflowCodec = strictStruct('dataflow', { name: Name, levels: t.record(t.string, LevelSpec) }, { description: Text, storage: t.record(t.string, PositiveInt) });
const DataflowsCodec = listOf(DataflowCodec, 'dataflows');

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Decode the `dataflows` value of an accelerator document (`undefined` → none). Paths are relative to the
 * document root (`dataflows[0].levels.RF.temporal.S`).
 */
export const decodeDataflows = (value: unknown, arch: Arch): E.Either<ReadonlyArray<ConfigIssue>, ReadonlyArray<DataflowSpec>> => {
  if (value === undefined) return E.right([]);
  const decoded = DataflowsCodec.decode(value);
  if (E.isLeft(decoded)) return E.left(issuesFromErrors(decoded.left).map((i) => ({ ...i, path: ['dataflows', ...i.path] })));
  const issues: ConfigIssue[] = [];
  const names = new Set<string>();
  const levelNames = arch.levels.map((l) => l.name);
  const out = decoded.right.map((df, i): DataflowSpec => {
    const at = (...p: ReadonlyArray<string | number>) => ['dataflows', i, ...p];
    if (names.has(df.name)) issues.push(configIssue(at('name'), `a second dataflow named "${df.name}"`));
    names.add(df.name);
    const levels: Record<string, LevelConstraint> = {};
    for (const [lname, spec] of Object.entries(df.levels)) {
      if (!levelNames.includes(lname)) {
        issues.push(configIssue(at('levels', lname), `unknown level "${lname}" (levels: ${levelNames.join(', ')})`));
        continue;
      }
      const rules = (field: 'temporal' | 'spatialX' | 'spatialY'): Partial<Record<Dim, FactorRule>> => {
        const r: Partial<Record<Dim, FactorRule>> = {};
        for (const [k, v] of Object.entries(spec[field] ?? {})) {
          if (!isDim(k)) issues.push(configIssue(at('levels', lname, field, k), `unknown dimension "${k}" (N G C K P Q R S)`));
          else r[k] = v;
        }
        return r;
      };
      const keep = (spec.keep ?? []).map((n) => TENSOR[n]);
      const bypass = (spec.bypass ?? []).map((n) => TENSOR[n]);
      for (const ds of keep) if (bypass.includes(ds)) issues.push(configIssue(at('levels', lname, 'bypass'), `a tensor cannot be both kept and bypassed`));
      levels[lname] = {
        temporal: rules('temporal'),
        temporalDefault: spec.temporalDefault ?? 'free',
        // A level that gives no spatial rules leaves its fan-out unconstrained.
        spatialX: spec.spatialX === undefined && spec.spatialY === undefined ? allFree() : rules('spatialX'),
        spatialY: spec.spatialX === undefined && spec.spatialY === undefined ? allFree() : rules('spatialY'),
        permutation: spec.permutation ?? [],
        keep,
        bypass,
      };
    }
    for (const lname of Object.keys(df.storage ?? {})) {
      if (!levelNames.includes(lname) || lname === levelNames[0]) issues.push(configIssue(at('storage', lname), `storage override names no on-chip level "${lname}"`));
    }
    return { dataflow: { name: df.name, description: df.description ?? '', levels }, storage: df.storage ?? {} };
  });
  return issues.length > 0 ? E.left(issues) : E.right(out);
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const allFree = (): Partial<Record<Dim, FactorRule>> => ({
  N: { kind: 'free' }, G: { kind: 'free' }, C: { kind: 'free' }, K: { kind: 'free' },
  P: { kind: 'free' }, Q: { kind: 'free' }, R: { kind: 'free' }, S: { kind: 'free' },
});

/** The arch with a dataflow's storage re-allocation applied (capacities in words). */
export const withStorage = (arch: Arch, spec: DataflowSpec): Arch =>
  Object.keys(spec.storage).length === 0
    ? arch
    : {
        ...arch,
        levels: arch.levels.map((l) => {
          // Own keys only: a level named like an Object.prototype member ('constructor') must not pick it up.
          const words = Object.prototype.hasOwnProperty.call(spec.storage, l.name) ? spec.storage[l.name] : undefined;
          return words !== undefined ? { ...l, capacityWords: words, partitionWords: null } : l;
        }),
      };
