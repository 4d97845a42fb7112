/**
 * One design point's evaluation: the task interface every backend shares — the in-process path, the piscina
 * worker (`pointWorker.ts`) and a future queue worker (issue 14) all call `evaluatePoint(task, warm)`.
 *
 *   PointTask (plain JSON: base documents + the point's values)
 *     → apply the values (design.ts) → decode the accelerator document with the arch codecs
 *     → map each MAC layer (mapper, cached per (accelerator, dataflow, problem) in the worker's warm state)
 *     → evaluateNetwork → PointMetrics
 *
 * Tasks and results cross a structured-clone boundary and are decoded again on each side with the codecs
 * below (`decodeTask`, `decodeOutcome`); what does not decode becomes a tagged value carrying the decoder's
 * issues, never an exception.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Arch } from '../arch/index.js';
import { evaluateNetwork, evaluateProblem, mapProblem, weightResidency, type MappingChooser } from '../codesign/index.js';
import { areaOf, decodeArch, decodeArea, decodeDataflows, decodeNetwork, formatIssue, issuesFromErrors, withStorage, type ConfigIssue, type DataflowSpec } from '../config/index.js';
import { checkDataflow, describeInvalid, validateMapping, type Dataflow, type Mapping } from '../mapping/index.js';
import type { SearchOptions } from '../mapper/index.js';
import type { Network, Problem } from '../workload/index.js';
import { zooNetwork, zooNames } from '../workload/index.js';
import { applyToArchDoc, applyToNetwork, dataflowOf, trainingOf, weightMemoryBits } from './design.js';
import type { TrainingResult, TrainingTask } from './training.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

const Value = t.union([t.number, t.string]);
const MapperCodec = t.intersection([
  t.type({
    strategy: t.union([t.literal('heuristic'), t.literal('exhaustive')]),
    objective: t.union([t.literal('energy'), t.literal('delay'), t.literal('edp')]),
    seed: t.number,
    warmStart: t.boolean,
  }),
  t.partial({ samples: t.number, climbs: t.number }),
]);

/** The codec of a point task (decoded again in the worker). */
export const PointTaskCodec = t.type({
  id: t.string,
  index: t.number,
  params: t.record(t.string, Value),
  /** The accelerator document as parsed from its file (dataflows included). */
  archDoc: t.unknown,
  /** A zoo network name, or a network document. */
  network: t.union([t.type({ zoo: t.string }), t.type({ doc: t.unknown })]),
  batch: t.number,
  /** The base dataflow name (null: the file's first; `any`: unconstrained). */
  dataflow: t.union([t.string, t.null]),
  mapper: MapperCodec,
  targets: t.array(t.type({ name: t.string, path: t.string, scale: t.number })),
  /** Train each point's network (the `error` objective); null: hardware metrics only. */
  training: t.union([
    t.null,
    t.intersection([
      t.type({ epochs: t.number, trainLimit: t.number, testLimit: t.number, seed: t.number, optimizer: t.union([t.literal('adam'), t.literal('sgd')]), pruneSteps: t.number, retrainEpochs: t.number }),
      t.partial({ learningRate: t.number, batchSize: t.number, weightDecay: t.number, equalizeEpochs: t.boolean }),
    ]),
  ]),
  /** Hardware constraints checked BEFORE training: a point violating one is not trained (HyperPower). */
  hwLimits: t.array(t.intersection([t.type({ metric: t.string }), t.partial({ max: t.number, min: t.number })])),
});
export type PointTask = t.TypeOf<typeof PointTaskCodec>;

/** Every metric of an evaluated point. Energies in `energyUnit` (the accelerator's cost preset). */
export interface PointMetrics {
  readonly energyUnit: string;
  /** Energy per inference (the batch's energy / batch). */
  readonly energy: number;
  /** Energy of the whole batch. */
  readonly energyTotal: number;
  readonly energyPerMac: number;
  /** Cycles for the whole batch. */
  readonly cycles: number;
  readonly latencyUs: number;
  /** Energy of the batch × cycles. */
  readonly edp: number;
  readonly macs: number;
  readonly weightMemoryBits: number;
  /** Average power in mW (pJ cost presets only; null for normalized energy units). */
  readonly powerMW: number | null;
  /** Storage energy per level, network and compute energy. */
  readonly byLevel: Readonly<Record<string, number>>;
  readonly network: number;
  readonly compute: number;
  readonly mappingsEvaluated: number;
  /** With training: test error and accuracy on the held-out digits, and training time. */
  readonly error?: number;
  readonly accuracy?: number;
  readonly trainSeconds?: number;
  /** With training: why this point was not trained (a hardware constraint it violates). */
  readonly trainingSkipped?: string;
}

const MetricsCodec0 = t.type({
  energyUnit: t.string,
  energy: t.number,
  energyTotal: t.number,
  energyPerMac: t.number,
  cycles: t.number,
  latencyUs: t.number,
  edp: t.number,
  macs: t.number,
  weightMemoryBits: t.number,
  powerMW: t.union([t.number, t.null]),
  byLevel: t.record(t.string, t.number),
  network: t.number,
  compute: t.number,
  mappingsEvaluated: t.number,
});
const MetricsCodec = t.intersection([MetricsCodec0, t.partial({ error: t.number, accuracy: t.number, trainSeconds: t.number, trainingSkipped: t.string })]);

/**
 * What an evaluation produced: metrics, or why the design is infeasible (does not decode, no mapping fits),
 * or a failure (an exception, a timeout, a worker that died, a task or result that did not decode).
 */
export type PointOutcome =
  | { readonly status: 'ok'; readonly metrics: PointMetrics }
  | { readonly status: 'infeasible'; readonly error: string }
  | { readonly status: 'failed'; readonly error: string; readonly issues?: ReadonlyArray<ConfigIssue> };

export const PointOutcomeCodec: t.Type<PointOutcome, unknown, unknown> = t.union([
  t.type({ status: t.literal('ok'), metrics: MetricsCodec }),
  t.type({ status: t.literal('infeasible'), error: t.string }),
  t.intersection([
    t.type({ status: t.literal('failed'), error: t.string }),
    t.partial({ issues: t.array(t.type({ path: t.array(t.union([t.string, t.number])), message: t.string })) }),
  ]),
]) as unknown as t.Type<PointOutcome, unknown, unknown>;

/**
 * A worker's warm state, kept across points: mapper results by (accelerator document, dataflow, problem,
 * options) — a cache, so results do not depend on which worker ran what — and, when `warmStart` is on, the
 * last mapping found per layer problem (a neighbouring point's, on another accelerator), tried first.
 */
export interface WarmState {
  readonly mapped: Map<string, { readonly mapping: Mapping; readonly evaluated: number }>;
  readonly lastByLayer: Map<string, Mapping>;
  readonly nets: Map<string, Network>;
  hits: number;
  warmUsed: number;
}

/**
 * Trains and tests a point's network (`training.ts`'s `trainAndTest`, injected by the worker so that importing
 * this module does not load the trainer).
 */
export type Trainer = (
  net: Network,
  t: TrainingTask,
  overrides: Readonly<Record<string, number | string>>,
  now: () => number,
  target: { readonly arch: Arch; readonly dataflow: Dataflow },
) => TrainingResult;

export const newWarmState = (): WarmState => ({ mapped: new Map(), lastByLayer: new Map(), nets: new Map(), hits: 0, warmUsed: 0 });

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Decode a task that crossed a boundary; `Left` carries the decoder's issues. */
export const decodeTask = (u: unknown): E.Either<ReadonlyArray<ConfigIssue>, PointTask> => E.mapLeft(issuesFromErrors)(PointTaskCodec.decode(u));

/** Decode an outcome that crossed a boundary; what does not decode is a `failed` outcome with the issues. */
export const decodeOutcome = (u: unknown): PointOutcome => {
  const r = PointOutcomeCodec.decode(u);
  if (E.isRight(r)) return r.right;
  const issues = issuesFromErrors(r.left);
  return { status: 'failed', error: `worker result does not decode: ${issues.slice(0, 3).map(formatIssue).join('; ')}`, issues };
};

/** Evaluate one point (pure apart from the warm-state cache it fills). Never throws for a bad design. */
export const evaluatePoint = (task: PointTask, warm: WarmState = newWarmState(), now: () => number = () => 0, trainer?: Trainer): PointOutcome => {
  const doc = applyToArchDoc(task.archDoc, task.targets, task.params);
  if (!doc.ok) return { status: 'infeasible', error: doc.error };
  const archR = decodeArch(stripArea(doc.doc));
  if (E.isLeft(archR)) return { status: 'infeasible', error: `the accelerator does not decode: ${archR.left.slice(0, 3).map(formatIssue).join('; ')}` };
  const dfsR = decodeDataflows((doc.doc as { dataflows?: unknown }).dataflows, archR.right);
  if (E.isLeft(dfsR)) return { status: 'infeasible', error: `the dataflows do not decode: ${dfsR.left.slice(0, 3).map(formatIssue).join('; ')}` };
  const dfName = dataflowOf(task.targets, task.params, task.dataflow);
  const spec = pickDataflow(dfsR.right, dfName);
  if (spec === undefined) return { status: 'infeasible', error: `no dataflow '${dfName}' in the accelerator file` };
  const arch = spec === null ? archR.right : withStorage(archR.right, spec);
  const dataflow: Dataflow = spec === null ? { name: 'any', description: '', levels: {} } : spec.dataflow;

  const base = baseNetwork(task, warm);
  if (!base.ok) return { status: 'failed', error: base.error };
  const netR = applyToNetwork(base.net, task.targets, task.params);
  if (!netR.ok) return { status: 'infeasible', error: netR.error };
  const net = netR.net;
  // A weights-resident design (an on-chip backing store) must hold every layer's weights at once: as eval does.
  const resident = weightResidency(arch, net);
  if (resident !== null && !resident.fits) {
    return { status: 'infeasible', error: `${arch.levels[0]?.name ?? 'levels[0]'} is an on-chip backing store (weights resident): the weights need ${resident.words} words together, its ${resident.limitedBy === 'partition' ? 'weights partition' : 'capacity'} is ${resident.capacityWords} words` };
  }

  let evaluated = 0;
  const archKey = JSON.stringify(doc.doc);
  const options: SearchOptions = {
    objective: task.mapper.objective,
    strategy: task.mapper.strategy,
    seed: task.mapper.seed,
    ...(task.mapper.samples !== undefined ? { samples: task.mapper.samples } : {}),
    ...(task.mapper.climbs !== undefined ? { climbs: task.mapper.climbs } : {}),
  };
  const choose: MappingChooser = (a: Arch, problem: Problem) => {
    const key = `${archKey}|${dataflow.name}|${JSON.stringify(problem)}|${JSON.stringify(task.mapper)}`;
    const hit = warm.mapped.get(key);
    if (hit !== undefined) {
      warm.hits++;
      return E.right(hit.mapping);
    }
    const found = task.mapper.warmStart ? warmSearch(a, problem, dataflow, options, warm) : mapProblem(a, problem, dataflow, options);
    if (E.isLeft(found)) return found;
    evaluated += found.right.evaluated;
    warm.mapped.set(key, { mapping: found.right.mapping, evaluated: found.right.evaluated });
    warm.lastByLayer.set(JSON.stringify(problem), found.right.mapping);
    return E.right(found.right.mapping);
  };
  const r = evaluateNetwork(arch, net, new Map(), choose);
  if (E.isLeft(r)) return { status: 'infeasible', error: `layer ${r.left.layer}: ${r.left.reasons.map(describeInvalid).join('; ')}` };
  const total = r.right.total;
  const batch = net.layers[0]?.batch ?? 1;
  const latencyUs = total.cycles / arch.clockMHz;
  const e = total.energy;
  const hw: PointMetrics = {
    energyUnit: arch.energyUnit,
      energy: e.total / batch,
      energyTotal: e.total,
      energyPerMac: total.macs > 0 ? e.total / total.macs : 0,
      cycles: total.cycles,
      latencyUs,
      edp: e.total * total.cycles,
      macs: total.macs,
      weightMemoryBits: weightMemoryBits(net),
      powerMW: arch.energyUnit === 'pJ' && latencyUs > 0 ? e.total / latencyUs / 1000 : null,
      byLevel: e.byLevel,
      network: e.network,
      compute: e.compute,
      mappingsEvaluated: evaluated,
  };
  if (task.training === null) return { status: 'ok', metrics: hw };
  const violated = task.hwLimits.find((c) => {
    const v = (hw as unknown as Record<string, unknown>)[c.metric];
    return typeof v !== 'number' || (c.max !== undefined && v > c.max) || (c.min !== undefined && v < c.min);
  });
  if (violated !== undefined) {
    return { status: 'ok', metrics: { ...hw, trainingSkipped: `${violated.metric} ${violated.max !== undefined ? `> ${violated.max}` : `< ${violated.min}`}: not trained` } };
  }
  if (trainer === undefined) return { status: 'failed', error: 'this evaluator has no trainer (training points run in the point worker)' };
  const tr = trainer(net, task.training, trainingOf(task.targets, task.params), now, { arch, dataflow });
  return { status: 'ok', metrics: { ...hw, error: tr.error, accuracy: tr.accuracy, trainSeconds: tr.trainSeconds } };
};

/** The base network of a task (zoo or document, at the task's batch), cached in the warm state. */
export const baseNetwork = (task: Pick<PointTask, 'network' | 'batch'>, warm?: WarmState): { ok: true; net: Network } | { ok: false; error: string } => {
  const key = `${JSON.stringify(task.network)}|${task.batch}`;
  const cached = warm?.nets.get(key);
  if (cached !== undefined) return { ok: true, net: cached };
  let net: Network;
  if ('zoo' in task.network) {
    const z = zooNetwork(task.network.zoo, { batch: task.batch });
    if (z === undefined) return { ok: false, error: `unknown network '${task.network.zoo}' (built-in: ${zooNames.join(', ')})` };
    net = z;
  } else {
    const d = decodeNetwork(task.network.doc);
    if (E.isLeft(d)) return { ok: false, error: `the network does not decode: ${d.left.slice(0, 3).map(formatIssue).join('; ')}` };
    net = { ...d.right, layers: d.right.layers.map((l) => ({ ...l, batch: task.batch })) };
  }
  warm?.nets.set(key, net);
  return { ok: true, net };
};

/**
 * The area (mm²) of the design a point makes of `archDoc`, from the document's `area` model; null when it has
 * none or the design does not decode. Cheap (no mapping): the driver uses it as an a-priori metric.
 */
export const designArea = (archDoc: unknown, targets: ReadonlyArray<{ readonly name: string; readonly path: string; readonly scale: number }>, params: Readonly<Record<string, number | string>>): number | null => {
  const areaDoc = typeof archDoc === 'object' && archDoc !== null ? (archDoc as { area?: unknown }).area : undefined;
  if (areaDoc === undefined) return null;
  const doc = applyToArchDoc(archDoc, targets, params);
  if (!doc.ok) return null;
  const arch = decodeArch(stripArea(doc.doc));
  if (E.isLeft(arch)) return null;
  const model = decodeArea((doc.doc as { area?: unknown }).area, arch.right);
  if (E.isLeft(model) || model.right === null) return null;
  return areaOf(model.right, arch.right).totalMm2;
};

/**
 * The on-chip storage capacity (kB = 1,024 bytes) of the design a point makes of `archDoc`: Σ over the
 * levels below the outermost (DRAM) of instances × capacityWords × wordBits / 8 / 1,024; null when the design
 * does not decode. Cheap (no mapping): an a-priori metric.
 * @example configs/eyeriss.yaml: GLB 55,296 words + 168 PEs × 260 words, 16-bit: 108 + 85.3125 = 193.3125 kB
 */
export const designOnChipKB = (archDoc: unknown, targets: ReadonlyArray<{ readonly name: string; readonly path: string; readonly scale: number }>, params: Readonly<Record<string, number | string>>): number | null => {
  const doc = applyToArchDoc(archDoc, targets, params);
  if (!doc.ok) return null;
  const arch = decodeArch(stripArea(doc.doc));
  if (E.isLeft(arch)) return null;
  return onChipKB(arch.right);
};

/** On-chip storage capacity of an accelerator (kB): every level but the outermost, all instances. */
export const onChipKB = (arch: Arch): number => arch.levels.slice(1).reduce((a, l) => a + (l.instances * l.capacityWords * l.wordBits) / 8 / 1024, 0);

/** The accelerator document without its optional `area` section (read by `area.ts`, not by the arch decoder). */
export const stripArea = (doc: unknown): unknown => {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('area' in doc)) return doc;
  const { area: _area, ...rest } = doc as Record<string, unknown>;
  return rest;
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** null = unconstrained (`any`, or a file without dataflows and no name asked); undefined = not found. */
const pickDataflow = (dfs: ReadonlyArray<DataflowSpec>, name: string | null): DataflowSpec | null | undefined => {
  if (name === 'any') return null;
  if (name === null) return dfs[0] ?? null;
  return dfs.find((d) => d.dataflow.name === name);
};

/**
 * Warm start: when the last mapping found for this layer problem is still valid here (it fits
 * the new accelerator, obeys the dataflow), a short search (1/5 of the samples and descents) is run and the
 * better of the two kept; otherwise the full search.
 */
const warmSearch = (arch: Arch, problem: Problem, dataflow: Dataflow, options: SearchOptions, warm: WarmState): ReturnType<typeof mapProblem> => {
  const prev = warm.lastByLayer.get(JSON.stringify(problem));
  if (prev === undefined || E.isLeft(validateMapping(arch, problem, prev)) || checkDataflow(dataflow, arch, prev).length > 0) {
    return mapProblem(arch, problem, dataflow, options);
  }
  const short = mapProblem(arch, problem, dataflow, { ...options, samples: Math.ceil((options.samples ?? 1000) / 5), climbs: Math.ceil((options.climbs ?? 60) / 5), spatialRounds: 1 });
  const ev = evaluateProblem(arch, problem, prev);
  if (E.isLeft(ev)) return short;
  warm.warmUsed++;
  const score = (energy: number, cycles: number): number => (options.objective === 'energy' ? energy : options.objective === 'delay' ? cycles : energy * cycles);
  const prevScore = score(ev.right.energy.total, ev.right.stats.cycles);
  if (E.isRight(short) && short.right.score <= prevScore) return short;
  return E.right({
    mapping: prev,
    energy: ev.right.energy.total,
    cycles: ev.right.stats.cycles,
    score: prevScore,
    evaluated: (E.isRight(short) ? short.right.evaluated : 0) + 1,
    complete: false,
  });
};
