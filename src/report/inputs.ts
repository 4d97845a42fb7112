/**
 * The inputs of `codesim report`: codesim's own JSON outputs, recognised by their shape.
 *
 * - `eval --json`              → `EvalInput`     (has `layers[]` and `total`)
 * - `compare-dataflows --json` → `CompareInput`  (has `dataflows[]`)
 * - `compare-pruning --json`   → `PruningInput`  (has `methods[]` and `baseline`)
 * - `compress --json`          → `CompressInput` (has `stages[]`)
 * - a sweep's `results.jsonl`  → `SweepInput`    (one `PointRecord` per line; `sweep.json` beside it names the
 *   method, seed, parameters and objectives)
 *
 * Each shape has an io-ts codec; decoding is total (never throws) and what does not decode comes back as
 * `ConfigIssue`s with their paths, which the CLI places in the file. Codecs are lenient about extra keys on
 * purpose: the report reads the outputs of other commands, whose shapes may grow; it checks the fields it draws.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

const Num = t.number;
const NumRecord = t.record(t.string, Num);

const EnergyCodec = t.intersection([
  t.type({ total: Num, compute: Num, network: Num, perMac: Num, byLevel: NumRecord, byTensor: NumRecord }),
  t.partial({ unit: t.string }),
]);

const EvalLayerCodec = t.intersection([
  t.type({ name: t.string, kind: t.string, macs: Num, cycles: Num, utilization: Num, energy: EnergyCodec }),
  t.partial({ bottleneck: t.union([t.string, t.null]), mapping: t.unknown, effectualMacs: Num }),
]);

export const EvalInputCodec = t.intersection([
  t.type({
    arch: t.string,
    network: t.string,
    energyUnit: t.string,
    costSources: t.record(t.string, t.string),
    layers: t.array(EvalLayerCodec),
    total: t.type({ macs: Num, cycles: Num, energy: EnergyCodec }),
  }),
  t.partial({ archSource: t.string, clockMHz: Num }),
]);
export type EvalInput = t.TypeOf<typeof EvalInputCodec>;

const CompareEntryCodec = t.intersection([
  t.type({
    name: t.string,
    energyPerMac: Num,
    byLevel: NumRecord,
    byTensor: NumRecord,
    conv: t.type({ energyPerMac: Num, macs: Num }),
    fc: t.type({ energyPerMac: Num, macs: Num }),
  }),
  t.partial({ description: t.string }),
]);

export const CompareInputCodec = t.intersection([
  t.type({ arch: t.string, network: t.string, energyUnit: t.string, dataflows: t.array(CompareEntryCodec) }),
  t.partial({ batch: Num, objective: t.string, strategy: t.string }),
]);
export type CompareInput = t.TypeOf<typeof CompareInputCodec>;

const PruneEnergyCodec = t.intersection([t.type({ total: Num }), t.partial({ byLevel: NumRecord, byTensor: NumRecord })]);

const CurvePointCodec = t.intersection([
  t.type({ accuracy: Num, energy: t.union([Num, PruneEnergyCodec]) }),
  t.partial({ sparsity: Num, weightsKept: Num, macsKept: Num }),
]);

export const PruningInputCodec = t.intersection([
  t.type({
    network: t.string,
    baseline: t.intersection([t.type({ accuracy: Num }), t.partial({ energy: t.union([Num, PruneEnergyCodec]), macs: Num, weights: Num })]),
    methods: t.array(
      t.intersection([
        t.type({ name: t.string, accuracy: Num, energy: PruneEnergyCodec }),
        t.partial({ weightsKept: Num, macsKept: Num, layers: t.unknown }),
      ]),
    ),
  }),
  t.partial({
    arch: t.string,
    archSource: t.string,
    data: t.string,
    savingsSupport: t.array(t.string),
    accuracyBudget: Num,
    energyUnit: t.string,
    costSources: t.record(t.string, t.string),
    seed: Num,
    curves: t.array(t.intersection([t.type({ points: t.array(CurvePointCodec) }), t.partial({ method: t.string, name: t.string })])),
  }),
]);
export type PruningInput = t.TypeOf<typeof PruningInputCodec>;

export const CompressInputCodec = t.intersection([
  t.type({
    stages: t.array(
      t.intersection([
        t.type({ name: t.string, accuracy: Num, energy: t.intersection([t.type({ total: Num }), t.partial({ byLevel: NumRecord })]) }),
        t.partial({ weightsKept: Num, effectualMacs: Num, savings: Num, cumulativeSavings: Num }),
      ]),
    ),
  }),
  t.partial({ arch: t.string, archSource: t.string, network: t.string, pipeline: t.string, data: t.string, savingsSupport: t.array(t.string), energyUnit: t.string, costSources: t.record(t.string, t.string), seed: Num }),
]);
export type CompressInput = t.TypeOf<typeof CompressInputCodec>;

const Value = t.union([Num, t.string]);
const MetricsCodec = t.intersection([
  t.type({ energyUnit: t.string, energy: Num, cycles: Num, latencyUs: Num, byLevel: NumRecord, network: Num, compute: Num }),
  t.partial({ energyPerMac: Num, edp: Num, macs: Num, weightMemoryBits: Num, powerMW: t.union([Num, t.null]) }),
]);

/** One line of a sweep's `results.jsonl` (the fields the report draws). */
export const SweepRecordCodec = t.intersection([
  t.type({ id: t.string, index: Num, params: t.record(t.string, Value), status: t.union([t.literal('ok'), t.literal('infeasible'), t.literal('failed')]) }),
  t.partial({ metrics: MetricsCodec, error: t.string, seed: Num, seconds: Num, areaMm2: Num }),
]);
export type SweepRecord = t.TypeOf<typeof SweepRecordCodec>;

/** Where a sweep's energies come from (written by `codesim sweep` into `sweep.json`): the base accelerator and its costs. */
export const SweepProvenanceCodec = t.partial({ arch: t.string, archSource: t.string, energyUnit: t.string, costSources: t.record(t.string, t.string) });
export type SweepProvenance = t.TypeOf<typeof SweepProvenanceCodec>;

/** `sweep.json` beside the results (the decoded sweep file and its provenance), the fields the report uses. */
export const SweepMetaCodec = t.intersection([
  t.type({
    spec: t.intersection([
      t.type({
        name: t.string,
        method: t.string,
        seed: Num,
        objectives: t.array(t.string),
        parameters: t.array(t.intersection([t.type({ name: t.string }), t.partial({ path: t.string })])),
      }),
      t.partial({ base: t.partial({ arch: t.string, network: t.string }) }),
    ]),
  }),
  t.partial({ provenance: SweepProvenanceCodec }),
]);
export type SweepMeta = t.TypeOf<typeof SweepMetaCodec>['spec'] & { readonly provenance?: SweepProvenance };

export interface SweepInput {
  readonly meta: SweepMeta;
  readonly records: ReadonlyArray<SweepRecord>;
}

/** A recognised input, tagged by the command that wrote it. */
export type ReportInput =
  | { readonly _tag: 'eval'; readonly file: string; readonly data: EvalInput }
  | { readonly _tag: 'compare'; readonly file: string; readonly data: CompareInput }
  | { readonly _tag: 'pruning'; readonly file: string; readonly data: PruningInput }
  | { readonly _tag: 'compress'; readonly file: string; readonly data: CompressInput }
  | { readonly _tag: 'sweep'; readonly file: string; readonly data: SweepInput };

/** A problem with an input: a path into the document and what is wrong (the CLI adds file, line, column). */
export interface InputIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * Recognise a JSON document (not a sweep) by its distinguishing keys, then decode it with that shape's codec.
 * `Left`: the first few issues (an unknown shape is one issue at the root).
 */
export const detectDocument = (file: string, doc: unknown): E.Either<ReadonlyArray<InputIssue>, ReportInput> => {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return E.left([{ path: [], message: `not a codesim JSON output (expected an object from eval, compare-dataflows, compare-pruning or compress --json, or a sweep's results.jsonl)` }]);
  }
  const has = (k: string): boolean => k in doc;
  const decode = <A>(codec: t.Type<A, unknown, unknown>, make: (a: A) => ReportInput): E.Either<ReadonlyArray<InputIssue>, ReportInput> => {
    const r = codec.decode(doc);
    return E.isRight(r) ? E.right(make(r.right)) : E.left(issuesOf(r.left));
  };
  if (has('dataflows')) return decode(CompareInputCodec, (data) => ({ _tag: 'compare', file, data }));
  if (has('layers') && has('total')) return decode(EvalInputCodec, (data) => ({ _tag: 'eval', file, data }));
  if (has('methods') && has('baseline')) return decode(PruningInputCodec, (data) => ({ _tag: 'pruning', file, data }));
  if (has('stages')) return decode(CompressInputCodec, (data) => ({ _tag: 'compress', file, data }));
  if (has('id') && has('params') && has('status')) {
    return E.left([{ path: [], message: 'a single sweep record: give the results.jsonl file (one record per line) or its directory' }]);
  }
  return E.left([{ path: [], message: `not a codesim JSON output: no 'layers'+'total' (eval), 'dataflows' (compare-dataflows), 'methods'+'baseline' (compare-pruning) or 'stages' (compress) key` }]);
};

/** Decode one results.jsonl line (already JSON-parsed). */
export const decodeRecord = (u: unknown): E.Either<ReadonlyArray<InputIssue>, SweepRecord> => E.mapLeft(issuesOf)(SweepRecordCodec.decode(u));

/** Decode `sweep.json`. */
export const decodeSweepMeta = (u: unknown): E.Either<ReadonlyArray<InputIssue>, SweepMeta> =>
  E.map((m: t.TypeOf<typeof SweepMetaCodec>): SweepMeta => (m.provenance === undefined ? m.spec : { ...m.spec, provenance: m.provenance }))(
    E.mapLeft(issuesOf)(SweepMetaCodec.decode(u)),
  );

/** A stand-in for a results file without its `sweep.json`: the parameters from the records, objectives energy + latency. */
export const metaFromRecords = (name: string, records: ReadonlyArray<SweepRecord>): SweepMeta => ({
  name,
  method: 'unknown',
  seed: records[0]?.seed ?? 0,
  objectives: ['energy', 'latency'],
  parameters: [...new Set(records.flatMap((r) => Object.keys(r.params)))].map((n) => ({ name: n })),
});

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** io-ts errors → issues with the path of the innermost failing value (at most 3). */
const issuesOf = (errors: t.Errors): ReadonlyArray<InputIssue> => {
  const out: InputIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const clean = documentPath(e.context.slice(1).map((c) => ({ key: c.key, type: c.type.name })));
    const key = JSON.stringify(clean);
    if (seen.has(key)) continue;
    seen.add(key);
    const last = e.context[e.context.length - 1];
    out.push({ path: clean, message: `expected ${last?.type.name ?? 'a value'}, got ${show(e.value)}` });
    if (out.length >= 3) break;
  }
  return out;
};

/**
 * The path into the document of an io-ts error context: object keys, and array indices whose parent is an
 * array type (intersections and unions add their members as keys '0', '1', …, which address nothing).
 */
const documentPath = (ctx: ReadonlyArray<{ key: string; type: string }>): Array<string | number> => {
  const out: Array<string | number> = [];
  let parentType = '';
  for (const c of ctx) {
    if (/^\d+$/.test(c.key)) {
      if (/^Array<|^ReadonlyArray</.test(parentType)) out.push(Number(c.key));
    } else if (c.key !== '') out.push(c.key);
    parentType = c.type;
  }
  return out;
};

const show = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  const s = JSON.stringify(u);
  return s === undefined ? String(u) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
};
