/**
 * The mapping file format (YAML, already parsed to `unknown`): one loop-nest mapping per layer, decoded
 * against an `Arch` into the domain `Mapping` (src/mapping/mapping.ts) by `decodeMapping`, and written back by
 * `encodeMapping` (decode ∘ encode = identity), so the mapper can save what it finds.
 *
 * ## Format (Timeloop-like)
 * ```yaml
 * mappings:
 *   - layer: conv1                  # a layer name, or '*' for every layer without an entry of its own
 *     origin: user                  # optional (default "user"): shown in reports
 *     levels:                       # one entry per storage level it constrains, by `target` name, any order
 *       - target: DRAM
 *         temporal: { K: 2, C: 3 }  # loop factors (positive integers) for dims N G C K P Q R S; absent = 1
 *         permutation: [K, C]       # loop order, OUTERMOST FIRST; unlisted dims follow, inside, in N G C K P Q R S order
 *       - target: GLB
 *         temporal: { P: 5 }
 *         bypass: [weights]         # tensors this level does not keep for this layer
 *       - target: RF
 *         spatial: { X: { Q: 14 }, Y: { S: 3 } }   # factors over the fan-out below this level
 *         temporal: { R: 11 }
 *         keep: [weights]           # alternative to `bypass`: exactly these tensors (not both keys)
 * ```
 *
 * **PERMUTATION ORDER DIFFERS FROM TIMELOOP.** Timeloop's `permutation: MCRSNPQ` string lists loops
 * INNERMOST first; here `permutation` is a list written OUTERMOST first, the order the loops appear in a
 * printed loop nest. To convert a Timeloop string, reverse it (and rename M → K).
 *
 * Defaults: a level without an entry has all factors 1, the canonical order, no spatial factors, and keeps
 * every tensor its hardware level may keep (likewise for an entry without `bypass` / `keep`).
 *
 * Checks here (structure and what the arch alone decides; all collected, each with its path): known keys
 * only; factors positive integers; dims among N G C K P Q R S; permutation without repeats; `layer` names a
 * layer of the network (or `*`), at most one entry per layer; `target` names a storage level, at most once per
 * entry; `keep` / `bypass` name tensors, once each, not both; a level keeps nothing its hardware bypasses; the
 * DRAM (level 0) bypasses nothing; spatial factors fit the fan-out below the level. Whether factors multiply
 * out to a layer's dimensions and whether tiles fit is the job of `validateMapping` (src/mapping/validate.ts),
 * which needs the layer.
 *
 * @example decodeMapping(YAML.parse(text), arch, ['conv1', 'conv2']) // Right(Map { 'conv1' => mapping, ... })
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { fanout, type Arch } from '../arch/index.js';
import { DATA_SPACES, DATA_SPACE_NAMES, type DataSpace, type PerDataSpace } from '../core/index.js';
import { completePermutation, type LevelMapping, type Mapping } from '../mapping/index.js';
import { DIMS, dimVector, type Dim, type DimVector } from '../workload/index.js';
import { Name, PositiveInt, Tensor, TENSOR, listOf, oneOf, strictStruct, type TensorName } from './codecs.js';
import { configIssue, issuesFromErrors, type ConfigIssue } from './issue.js';

// ---------------------------------------------------------------------------------------------------------
// model — codecs of the file format
// ---------------------------------------------------------------------------------------------------------

/** `{ K: 2, C: 3 }`: a factor per dimension, all optional. */
export const FactorsCodec = strictStruct('loop factors', {}, {
  N: PositiveInt, G: PositiveInt, C: PositiveInt, K: PositiveInt, P: PositiveInt, Q: PositiveInt, R: PositiveInt, S: PositiveInt,
});
type Factors = t.TypeOf<typeof FactorsCodec>;

/** `{ X: {...}, Y: {...} }`. */
export const SpatialCodec = strictStruct('spatial factors', {}, { X: FactorsCodec, Y: FactorsCodec });

const DimCodec = oneOf<Dim>('a dimension', DIMS);

/** One level of one layer's mapping. */
export const LevelEntryCodec = strictStruct(
  'mapping level',
  { target: Name },
  { temporal: FactorsCodec, spatial: SpatialCodec, permutation: listOf(DimCodec, 'dimensions'), bypass: listOf(Tensor, 'tensors'), keep: listOf(Tensor, 'tensors') },
);
type LevelEntry = t.TypeOf<typeof LevelEntryCodec>;

/** One layer's mapping. */
export const MappingEntryCodec = strictStruct(
  'layer mapping',
  { layer: Name, levels: listOf(LevelEntryCodec, 'mapping levels') },
  { origin: Name },
);

/** The whole document. */
export const MappingFileCodec = strictStruct('mapping file', { mappings: listOf(MappingEntryCodec, 'layer mappings') }, {});
export type MappingFileDoc = t.TypeOf<typeof MappingFileCodec>;

/** The layer name that applies an entry to every layer without its own. */
export const ALL_LAYERS = '*';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Decode a parsed mapping file against `arch`: a `Mapping` per layer of `layerNames` that has an entry (its
 * own or `*`), keyed by layer name, in `layerNames` order. Layers without one are absent (the caller picks a
 * default). All issues are collected; never throws.
 */
export const decodeMapping = (
  doc: unknown,
  arch: Arch,
  layerNames: ReadonlyArray<string>,
): E.Either<ReadonlyArray<ConfigIssue>, ReadonlyMap<string, Mapping>> => {
  const decoded = MappingFileCodec.decode(doc);
  if (E.isLeft(decoded)) return E.left(issuesFromErrors(decoded.left));
  const issues: ConfigIssue[] = [];
  const byLayer = new Map<string, Mapping>();
  const entryIndex = new Map<string, number>();
  decoded.right.mappings.forEach((entry, i) => {
    const at = (...rest: ReadonlyArray<string | number>): ReadonlyArray<string | number> => ['mappings', i, ...rest];
    if (entry.layer !== ALL_LAYERS && !layerNames.includes(entry.layer)) {
      const known = layerNames.length > 8 ? `${layerNames.slice(0, 8).join(', ')}, ...` : layerNames.join(', ');
      issues.push(configIssue(at('layer'), `unknown layer "${entry.layer}" (layers: ${known}; or '${ALL_LAYERS}' for all)`));
    }
    const prev = entryIndex.get(entry.layer);
    if (prev !== undefined) issues.push(configIssue(at('layer'), `a second mapping for "${entry.layer}" (already given by mappings[${prev}])`));
    else entryIndex.set(entry.layer, i);
    const m = resolveEntry(entry.levels, entry.origin ?? 'user', arch, at, issues);
    if (prev === undefined) byLayer.set(entry.layer, m);
  });
  if (issues.length > 0) return E.left(issues);
  const out = new Map<string, Mapping>();
  for (const name of layerNames) {
    const m = byLayer.get(name) ?? byLayer.get(ALL_LAYERS);
    if (m !== undefined) out.set(name, m);
  }
  return E.right(out);
};

/**
 * The file form of `mappings` (layer name → mapping, `'*'` allowed) for `arch`: a plain, JSON/YAML-safe
 * object that `decodeMapping` turns back into the same mappings. Factors of 1, default orders, default keeps
 * and levels equal to the default are omitted; `bypass` is written when the kept set is a subset of the
 * hardware's, `keep` otherwise.
 */
export const encodeMapping = (mappings: ReadonlyMap<string, Mapping>, arch: Arch): { readonly mappings: ReadonlyArray<Record<string, unknown>> } => ({
  mappings: [...mappings].map(([layer, m]) => {
    const levels: Array<Record<string, unknown>> = [];
    m.levels.forEach((lm, l) => {
      const hw = arch.levels[l];
      const entry: Record<string, unknown> = { target: hw?.name ?? `level${l}` };
      const temporal = encodeFactors(lm.temporal);
      if (temporal !== undefined) entry['temporal'] = temporal;
      const sx = encodeFactors(lm.spatialX);
      const sy = encodeFactors(lm.spatialY);
      if (sx !== undefined || sy !== undefined) entry['spatial'] = { ...(sx === undefined ? {} : { X: sx }), ...(sy === undefined ? {} : { Y: sy }) };
      const perm = shortestPermutation(lm.permutation);
      if (perm.length > 0) entry['permutation'] = perm;
      const hwKeeps = hw?.keeps ?? { W: true, I: true, O: true };
      const subset = DATA_SPACES.every((d) => !lm.keep[d] || hwKeeps[d]);
      if (subset) {
        const bypass = DATA_SPACES.filter((d) => hwKeeps[d] && !lm.keep[d]).map((d) => DATA_SPACE_NAMES[d]);
        if (bypass.length > 0) entry['bypass'] = bypass;
      } else entry['keep'] = DATA_SPACES.filter((d) => lm.keep[d]).map((d) => DATA_SPACE_NAMES[d]);
      if (Object.keys(entry).length > 1) levels.push(entry);
    });
    return { layer, ...(m.origin === 'user' ? {} : { origin: m.origin }), levels };
  }),
});

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const toVector = (f: Factors | undefined): DimVector => dimVector(f ?? {});

const encodeFactors = (v: DimVector): Record<string, number> | undefined => {
  const out: Record<string, number> = {};
  for (const d of DIMS) if (v[d] !== 1) out[d] = v[d];
  return Object.keys(out).length > 0 ? out : undefined;
};

/** The shortest prefix whose completion is `perm` (a full permutation), so files list only what matters. */
const shortestPermutation = (perm: ReadonlyArray<Dim>): ReadonlyArray<Dim> => {
  for (let k = 0; k <= perm.length; k++) {
    const prefix = perm.slice(0, k);
    const full = completePermutation(prefix);
    if (full.length === perm.length && full.every((d, i) => d === perm[i])) return prefix;
  }
  return perm;
};

/** Tensors of a keep / bypass list (issues for repeats). */
const tensorSet = (
  list: ReadonlyArray<TensorName>,
  at: (...rest: ReadonlyArray<string | number>) => ReadonlyArray<string | number>,
  key: string,
  issues: ConfigIssue[],
): Record<DataSpace, boolean> => {
  const s = { W: false, I: false, O: false };
  list.forEach((n, k) => {
    if (s[TENSOR[n]]) issues.push(configIssue(at(key, k), `"${n}" is listed twice`));
    s[TENSOR[n]] = true;
  });
  return s;
};

const resolveEntry = (
  entries: ReadonlyArray<LevelEntry>,
  origin: string,
  arch: Arch,
  atEntry: (...rest: ReadonlyArray<string | number>) => ReadonlyArray<string | number>,
  issues: ConfigIssue[],
): Mapping => {
  const names = arch.levels.map((l) => l.name);
  const byLevel = new Map<number, { readonly entry: LevelEntry; readonly j: number }>();
  entries.forEach((entry, j) => {
    const at = (...rest: ReadonlyArray<string | number>): ReadonlyArray<string | number> => atEntry('levels', j, ...rest);
    const l = names.indexOf(entry.target);
    if (l < 0) {
      issues.push(configIssue(at('target'), `unknown storage level "${entry.target}" (levels: ${names.join(', ')})`));
      return;
    }
    const prev = byLevel.get(l);
    if (prev !== undefined) {
      issues.push(configIssue(at('target'), `a second entry for level "${entry.target}" (already given by levels[${prev.j}])`));
      return;
    }
    byLevel.set(l, { entry, j });
  });
  const levels = arch.levels.map((hw, l): LevelMapping => {
    const given = byLevel.get(l);
    if (given === undefined) {
      return { temporal: dimVector(), permutation: DIMS, spatialX: dimVector(), spatialY: dimVector(), keep: { ...hw.keeps } };
    }
    const { entry, j } = given;
    const at = (...rest: ReadonlyArray<string | number>): ReadonlyArray<string | number> => atEntry('levels', j, ...rest);
    // permutation
    const perm = entry.permutation ?? [];
    perm.forEach((d, k) => {
      if (perm.indexOf(d) !== k) issues.push(configIssue(at('permutation', k), `dimension ${d} is listed twice`));
    });
    // keep / bypass
    let keep: PerDataSpace<boolean> = { ...hw.keeps };
    if (entry.keep !== undefined && entry.bypass !== undefined) {
      issues.push(configIssue(at('keep'), 'give either keep or bypass, not both'));
    } else if (entry.keep !== undefined) {
      const k = tensorSet(entry.keep, at, 'keep', issues);
      entry.keep.forEach((n, i) => {
        if (!hw.keeps[TENSOR[n]]) issues.push(configIssue(at('keep', i), `level ${hw.name} cannot keep ${n} (the hardware level bypasses them)`));
      });
      if (l === 0) {
        const missing = DATA_SPACES.filter((d) => !k[d]).map((d) => DATA_SPACE_NAMES[d]);
        if (missing.length > 0) issues.push(configIssue(at('keep'), `the backing store ${hw.name} must keep every tensor (missing: ${missing.join(', ')})`));
      }
      keep = k;
    } else if (entry.bypass !== undefined) {
      const b = tensorSet(entry.bypass, at, 'bypass', issues);
      if (l === 0) {
        entry.bypass.forEach((n, i) => issues.push(configIssue(at('bypass', i), `the backing store ${hw.name} must keep ${n}`)));
      }
      keep = { W: hw.keeps.W && !b.W, I: hw.keeps.I && !b.I, O: hw.keeps.O && !b.O };
    }
    // spatial fan-out
    const spatialX = toVector(entry.spatial?.X);
    const spatialY = toVector(entry.spatial?.Y);
    const fo = fanout(arch, l);
    const below = l + 1 < arch.levels.length ? arch.levels[l + 1]!.name : 'the MACs';
    const usedX = DIMS.reduce((a, d) => a * spatialX[d], 1);
    const usedY = DIMS.reduce((a, d) => a * spatialY[d], 1);
    if (usedX > fo.x) issues.push(configIssue(at('spatial', 'X'), `spatial X factors multiply to ${usedX}, but ${hw.name} fans out to ${fo.x} × ${fo.y} instances of ${below} (X = ${fo.x})`));
    if (usedY > fo.y) issues.push(configIssue(at('spatial', 'Y'), `spatial Y factors multiply to ${usedY}, but ${hw.name} fans out to ${fo.x} × ${fo.y} instances of ${below} (Y = ${fo.y})`));
    return { temporal: toVector(entry.temporal), permutation: completePermutation([...new Set(perm)]), spatialX, spatialY, keep };
  });
  return { levels, origin };
};
