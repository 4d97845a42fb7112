/**
 * The golden regression corpus: its record format, the observation it pins and the field-by-field diff.
 * Shared by the test (`golden.test.ts`) and the deliberate regenerator (`generate.ts`, `npm run golden:update`).
 *
 * Files (JSON lines; JSON prints every double in its shortest round-tripping form, so numbers read back exactly):
 * - `archs.jsonl`: every accelerator the corpus uses, as the domain `Arch` (Infinity written as "Infinity"), keyed
 *   by name — the corpus does not depend on the YAML decoder or on later edits of `configs/*.yaml`;
 * - `<config>.jsonl`: one record per line: `{ id, arch, problem, mapping, expect }` for MAC layers (the mapping
 *   stored in the compact form below, so the corpus does not depend on the mapspace generator), or
 *   `{ id, arch, vector, expect }` for pooling / element-wise layers.
 *
 * What is pinned (`observe`): per level × tensor every field of `TensorLevelStats` (in the order of
 * `TENSOR_FIELDS`), the utilized instances, the global stats (MACs, splits, cycles, bottleneck, utilization,
 * MAC-network words), the priced breakdown (total, compute, network, by level, by tensor, by network) from
 * `analyze` + `price`, `priceTotal` of the same result array, and the fused `analyzeCost` total and per-tensor costs.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../../src/arch/index.js';
import { analyze, analyzeCost, makeContext, prepareCost, toLayerStats, type LayerStats } from '../../src/dataflow/index.js';
import { buildErt, price, priceTotal } from '../../src/energy/index.js';
import { evaluateNetwork } from '../../src/codesign/index.js';
import { flatten, type LevelMapping, type Mapping } from '../../src/mapping/index.js';
import { DIMS, isDim, type Dim, type DimVector, type Problem, type VectorLayer } from '../../src/workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** One level of a mapping, compact: loops as `"K2 C3"` (temporal: outer → inner; factors of 1 omitted), keep as `"WIO"`. */
export interface CompactLevel {
  readonly t: string;
  readonly x: string;
  readonly y: string;
  readonly k: string;
}

/** The numbers of `TensorLevelStats`, in this order, per level × tensor. */
export const TENSOR_FIELDS = [
  'kept', 'tileElements', 'partitionElements', 'reads', 'fills', 'updates', 'drains',
  'actual.reads.random', 'actual.reads.gated', 'actual.reads.skipped',
  'actual.fills.random', 'actual.fills.gated', 'actual.fills.skipped',
  'actual.updates.random', 'actual.updates.gated', 'actual.updates.skipped',
  'vectorAccesses.reads', 'vectorAccesses.gatedReads', 'vectorAccesses.writes', 'vectorAccesses.gatedWrites',
  'vectorAccesses.metadataReads', 'vectorAccesses.metadataWrites', 'networkWords',
] as const;

export interface Observation {
  /** Per level: name, utilized instances, and W / I / O arrays in `TENSOR_FIELDS` order. */
  readonly levels: ReadonlyArray<{ readonly name: string; readonly utilized: number; readonly W: number[]; readonly I: number[]; readonly O: number[] }>;
  readonly global: {
    readonly macs: number; readonly effectualMacs: number; readonly macActions: [number, number, number];
    readonly computeCycles: number; readonly cycles: number; readonly bottleneck: string;
    readonly utilization: number; readonly spatialUtilization: number; readonly macNetworkWords: [number, number, number];
  };
  readonly energy: {
    readonly total: number; readonly compute: number; readonly network: number;
    readonly byLevel: Record<string, number>; readonly byTensor: [number, number, number]; readonly byNetwork: Record<string, number>;
  };
  /** `priceTotal` of `analyze`'s array, and the fused `analyzeCost`: total and per-tensor cost. */
  readonly priceTotal: number;
  readonly fused: { readonly total: number; readonly tensors: [number, number, number]; readonly cycles: number };
}

export interface VectorObservation {
  readonly total: number;
  readonly byLevel: Record<string, number>;
  readonly byTensor: [number, number, number];
  readonly cycles: number;
}

export interface MacRecord {
  readonly id: string;
  readonly arch: string;
  readonly problem: Problem;
  readonly mapping: ReadonlyArray<CompactLevel>;
  readonly expect: Observation;
}
export interface VectorRecord {
  readonly id: string;
  readonly arch: string;
  readonly vector: VectorLayer;
  readonly expect: VectorObservation;
}
export type GoldenRecord = MacRecord | VectorRecord;

/** Relative tolerance on energies (float sums a refactor may legitimately reorder); counts and cycles are exact. */
export const ENERGY_RTOL = 1e-12;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

const loops = (v: DimVector, order: ReadonlyArray<Dim>): string =>
  order.filter((d) => v[d] !== 1).map((d) => `${d}${v[d]}`).join(' ');

export const compactMapping = (m: Mapping): CompactLevel[] =>
  m.levels.map((lm) => ({
    t: loops(lm.temporal, lm.permutation),
    x: loops(lm.spatialX, DIMS),
    y: loops(lm.spatialY, DIMS),
    k: `${lm.keep.W ? 'W' : ''}${lm.keep.I ? 'I' : ''}${lm.keep.O ? 'O' : ''}`,
  }));

const parseLoops = (s: string): Array<[Dim, number]> =>
  s === ''
    ? []
    : s.split(' ').map((tok) => {
        const d = tok.slice(0, 1);
        const f = Number(tok.slice(1));
        if (!isDim(d) || !Number.isInteger(f) || f < 1) throw new Error(`golden: bad loop '${tok}'`);
        return [d, f];
      });

const vec = (ls: Array<[Dim, number]>): DimVector => {
  const v: Record<Dim, number> = { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 };
  for (const [d, f] of ls) v[d] = f;
  return v;
};

export const expandMapping = (levels: ReadonlyArray<CompactLevel>): Mapping => ({
  origin: 'golden',
  levels: levels.map((c): LevelMapping => {
    const t = parseLoops(c.t);
    const order = t.map(([d]) => d);
    return {
      temporal: vec(t),
      permutation: [...order, ...DIMS.filter((d) => !order.includes(d))],
      spatialX: vec(parseLoops(c.x)),
      spatialY: vec(parseLoops(c.y)),
      keep: { W: c.k.includes('W'), I: c.k.includes('I'), O: c.k.includes('O') },
    };
  }),
});

/** JSON with Infinity as the string "Infinity" (plain JSON has no Infinity). */
const INF = (_k: string, v: unknown): unknown => (v === Infinity ? 'Infinity' : v);
const UNINF = (_k: string, v: unknown): unknown => (v === 'Infinity' ? Infinity : v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The fields of `v` that differ from `base` (objects and equal-length arrays recursively, by key / index); undefined when equal. */
const patchOf = (base: unknown, v: unknown): unknown => {
  if (isObj(base) && isObj(v) && Array.isArray(base) === Array.isArray(v) && (!Array.isArray(v) || (base as unknown as unknown[]).length === v.length)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const d = patchOf(base[k], v[k]);
      if (d !== undefined) out[k] = d;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return JSON.stringify(base, INF) === JSON.stringify(v, INF) ? undefined : { $: v };
};
const applyPatch = (base: unknown, patch: unknown): unknown => {
  if (!isObj(patch)) return base;
  if ('$' in patch) return patch['$'];
  if (Array.isArray(base)) return base.map((x, i) => applyPatch(x, patch[String(i)]));
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, p] of Object.entries(patch)) out[k] = applyPatch(out[k], p);
  return out;
};

/**
 * One line per accelerator: the shipped configs in full (`{"key", "arch"}`), their variants as the fields that differ
 * (`{"key", "base", "patch"}`; a replaced value is written `{"$": value}`).
 */
export const archsToJsonl = (bases: Record<string, Arch>, variants: Record<string, { base: string; arch: Arch }>): string =>
  [
    ...Object.entries(bases).map(([key, arch]) => JSON.stringify({ key, arch }, INF)),
    ...Object.entries(variants).map(([key, v]) => JSON.stringify({ key, base: v.base, patch: patchOf(bases[v.base], v.arch) ?? {} }, INF)),
  ].join('\n') + '\n';

export const archsFromJsonl = (text: string): Record<string, Arch> => {
  const out: Record<string, Arch> = {};
  for (const line of text.trim().split('\n')) {
    const r = JSON.parse(line, UNINF) as { key: string; arch?: Arch; base?: string; patch?: unknown };
    if (r.arch) out[r.key] = r.arch;
    else {
      const b = out[r.base ?? ''];
      if (!b) throw new Error(`golden: accelerator ${r.key}: unknown base ${r.base}`);
      out[r.key] = applyPatch(b, r.patch) as Arch;
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

const tensorRow = (s: LayerStats['levels'][number]['tensors']['W']): number[] => [
  s.kept ? 1 : 0, s.tileElements, s.partitionElements, s.reads, s.fills, s.updates, s.drains,
  s.actual.reads.random, s.actual.reads.gated, s.actual.reads.skipped,
  s.actual.fills.random, s.actual.fills.gated, s.actual.fills.skipped,
  s.actual.updates.random, s.actual.updates.gated, s.actual.updates.skipped,
  s.vectorAccesses.reads, s.vectorAccesses.gatedReads, s.vectorAccesses.writes, s.vectorAccesses.gatedWrites,
  s.vectorAccesses.metadataReads, s.vectorAccesses.metadataWrites, s.networkWords,
];

/** Evaluate a MAC problem under a mapping by both paths (analyze + price, and the fused analyzeCost). */
export const observe = (arch: Arch, problem: Problem, mapping: Mapping): Observation => {
  const ctx = makeContext(arch, problem);
  const fm = flatten(mapping);
  const r = analyze(ctx, fm, new Float64Array(ctx.resultLength));
  const st = toLayerStats(ctx, r);
  const ert = buildErt(arch, problem);
  const e = price(ert, r, arch.levels.map((l) => l.name));
  const pt = priceTotal(ert, r, ctx.numLevels);
  // A fresh context for the fused path, so nothing carries over from analyze's scratch.
  const ctx2 = makeContext(arch, problem);
  const fusedTotal = analyzeCost(ctx2, fm, prepareCost(ert, ctx2.numLevels));
  const tc = ctx2.lastTensorCost;
  return {
    levels: st.levels.map((lv) => ({ name: lv.name, utilized: lv.utilizedInstances, W: tensorRow(lv.tensors.W), I: tensorRow(lv.tensors.I), O: tensorRow(lv.tensors.O) })),
    global: {
      macs: st.macs, effectualMacs: st.effectualMacs, macActions: [st.macActions.random, st.macActions.gated, st.macActions.skipped],
      computeCycles: st.computeCycles, cycles: st.cycles, bottleneck: st.bottleneck,
      utilization: st.utilization, spatialUtilization: st.spatialUtilization,
      macNetworkWords: [st.macNetworkWords.W, st.macNetworkWords.I, st.macNetworkWords.O],
    },
    energy: {
      total: e.total, compute: e.compute, network: e.network, byLevel: { ...e.byLevel },
      byTensor: [e.byTensor.W, e.byTensor.I, e.byTensor.O], byNetwork: { ...e.byNetwork },
    },
    priceTotal: pt,
    fused: { total: fusedTotal, tensors: [tc[0]!, tc[1]!, tc[2]!], cycles: ctx2.lastGlobals[6]! },
  };
};

/** Evaluate a pooling / element-wise layer (through `evaluateNetwork`, the only way in). */
export const observeVector = (arch: Arch, layer: VectorLayer): VectorObservation => {
  const r = evaluateNetwork(arch, { name: 'golden', source: 'golden', layers: [layer] }, new Map());
  if (E.isLeft(r)) throw new Error(`golden: vector layer failed: ${JSON.stringify(r.left)}`);
  const l = r.right.layers[0]!;
  return { total: l.energy.total, byLevel: { ...l.energy.byLevel }, byTensor: [l.energy.byTensor.W, l.energy.byTensor.I, l.energy.byTensor.O], cycles: l.cycles };
};

/** Which paths of an observation are energies (compared with `ENERGY_RTOL`); everything else is compared exactly. */
const isEnergyPath = (path: string): boolean => /^(energy|priceTotal|fused\.total|fused\.tensors|total|byLevel|byTensor)/.test(path);

/** Expand a tensor row's index into its field name. */
const fieldName = (path: ReadonlyArray<string | number>): string => {
  const parts = path.map(String);
  // levels.<l>.<T>.<i> → levels[<l> <name>].<T>.<field>
  if (parts[0] === 'levels' && parts.length === 4 && (parts[2] === 'W' || parts[2] === 'I' || parts[2] === 'O')) {
    return `levels[${parts[1]}].${parts[2]}.${TENSOR_FIELDS[Number(parts[3])] ?? parts[3]}`;
  }
  return parts.join('.');
};

/**
 * The first field (depth-first, in the expected record's key order) where `actual` differs from `expected`, as
 * `path: expected X, got Y`; null when they agree (counts exactly, energies to `ENERGY_RTOL`).
 */
export const firstDiff = (expected: unknown, actual: unknown, path: Array<string | number> = []): string | null => {
  const name = fieldName(path);
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `${name}: expected ${expected}, got ${String(actual)}`;
    if (Object.is(expected, actual)) return null;
    if (isEnergyPath(name) && Number.isFinite(expected) && Math.abs(actual - expected) <= ENERGY_RTOL * Math.max(Math.abs(expected), Math.abs(actual))) return null;
    return `${name}: expected ${expected}, got ${actual}`;
  }
  if (typeof expected !== 'object' || expected === null) return expected === actual ? null : `${name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  if (typeof actual !== 'object' || actual === null) return `${name}: expected an object, got ${JSON.stringify(actual)}`;
  const ek = Object.keys(expected);
  const ak = Object.keys(actual);
  for (const k of ek) {
    const d = firstDiff((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], [...path, k]);
    if (d !== null) return d;
  }
  const extra = ak.filter((k) => !ek.includes(k));
  return extra.length > 0 ? `${name}: unexpected field(s) ${extra.join(', ')}` : null;
};
