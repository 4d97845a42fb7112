/**
 * The sweep runner (IO): the driver's sliding window over a `PointBackend`, the append-only results store and
 * `--resume`.
 *
 * Resume: the recorded points are read back (by id); the driver replays its deterministic sequence of asks and
 * tells from `init(seed)`, taking each recorded point's outcome from the store instead of evaluating it again,
 * so no finished point is lost and none is evaluated twice; points that were in flight when the process died
 * are evaluated now.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { decodeArch, encodeSweep, type SweepSpec } from '../config/index.js';
import { costSourcesOf } from '../report/index.js';
import type { Point } from '../optimize/index.js';
import { bestIndices, makeDriver, observation, objectiveValue, type APrioriMetrics, type Evaluated } from './driver.js';
import { applyToNetwork, weightMemoryBits } from './design.js';
import { baseNetwork, designArea, designOnChipKB, newWarmState, type PointOutcome, type PointTask } from './point.js';
import type { PointBackend } from './pointPool.js';
import { appendRecord, CSV, readJson, readRecords, repairTail, RESULTS, SPEC, STATE, syncRecords, toCsv, writeJson, type PointRecord } from './store.js';
import { isMacLayer, problemMacs, toProblem } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The base design, loaded by the caller (the CLI reads the files). */
export interface SweepBase {
  readonly archDoc: unknown;
  readonly network: PointTask['network'];
}

export interface RunOptions {
  readonly outDir: string;
  readonly resume: boolean;
  /** Overrides the file's budget. */
  readonly budget?: number;
  /** Per-point limit in seconds (null: none). */
  readonly pointTimeoutS: number | null;
  readonly backend: PointBackend;
  /** Area of a design (mm²) from the base accelerator document and a point; default: the document's `area` model (`designArea`). */
  readonly area?: (archDoc: unknown, p: Point) => number | null;
  readonly onPoint?: (ev: PointEvent) => void;
}

/** Reported after each point is told to the driver. */
export interface PointEvent {
  readonly record: PointRecord;
  readonly done: number;
  readonly budget: number;
  readonly reused: boolean;
  /** Points per second evaluated in this run (reused points excluded). */
  readonly pointsPerSecond: number;
  readonly etaSeconds: number;
  /** Best value of the first objective among feasible points so far. */
  readonly best: number | undefined;
}

export interface SweepSummary {
  readonly records: ReadonlyArray<PointRecord>;
  /** Best point (1 objective) or the Pareto set, as records. */
  readonly best: ReadonlyArray<PointRecord>;
  readonly evaluatedNow: number;
  readonly reused: number;
  readonly seconds: number;
  /** Why the driver stopped before the budget (grid exhausted, no admissible candidate), if it did. */
  readonly stoppedEarly: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** The id of a point: a hash of its values (keys sorted), stable across runs. */
export const pointId = (params: Point): string =>
  createHash('sha1')
    .update(JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]])))
    .digest('hex')
    .slice(0, 12);

/** Run (or resume) a sweep. `Left` = a usage problem (out dir not resumable, …), one line each. */
export const runSweep = async (spec: SweepSpec, base: SweepBase, opts: RunOptions): Promise<E.Either<ReadonlyArray<string>, SweepSummary>> => {
  const budget = opts.budget ?? spec.budget;
  const specDoc = { ...encodeSweep(spec), budget: 0 };
  const dir = opts.outDir;
  if (existsSync(join(dir, RESULTS)) && !opts.resume) return E.left([`${dir}: already holds a sweep's results (use --resume to continue it, or another --out)`]);
  if (opts.resume && existsSync(join(dir, SPEC))) {
    const prev = readJson(dir, SPEC) as { spec?: unknown; base?: unknown } | undefined;
    if (JSON.stringify(prev?.spec) !== JSON.stringify(specDoc)) return E.left([`${dir}: holds the results of a different sweep (${SPEC} differs from the sweep file apart from the budget); cannot resume`]);
  }
  mkdirSync(dir, { recursive: true });
  // Where the sweep's energies come from (the base accelerator's costs; a point's parameters change sizes, not costs):
  // the report's provenance header reads it.
  const baseArch = decodeArch(base.archDoc);
  const provenance = E.isRight(baseArch)
    ? { arch: baseArch.right.name, archSource: baseArch.right.source, energyUnit: baseArch.right.energyUnit, costSources: costSourcesOf(baseArch.right) }
    : undefined;
  writeJson(dir, SPEC, provenance === undefined ? { spec: specDoc } : { spec: specDoc, provenance });
  repairTail(dir);
  const { records: prior } = readRecords(dir);
  const recorded = new Map<string, PointRecord>();
  for (const r of prior) if (!recorded.has(r.id)) recorded.set(r.id, r);

  const warm = newWarmState();
  const aprioriCache = new Map<string, APrioriMetrics | null>();
  const apriori = (p: Point): APrioriMetrics | null => {
    const key = JSON.stringify(p);
    const hit = aprioriCache.get(key);
    if (hit !== undefined || aprioriCache.has(key)) return hit ?? null;
    const v = aprioriMetrics(spec, base, p, warm, opts.area);
    aprioriCache.set(key, v);
    return v;
  };
  const drv = makeDriver(spec, apriori);
  if (E.isLeft(drv)) return E.left([drv.left]);
  const d = drv.right;
  const opt = d.optimizer;
  let state = opt.init(spec.seed);

  interface InFlight {
    readonly point: Point;
    readonly user: Point;
    readonly id: string;
    readonly index: number;
    readonly done: Promise<{ record: PointRecord; reused: boolean }>;
  }
  const window: InFlight[] = [];
  const byId = new Map<string, Promise<{ record: PointRecord; reused: boolean }>>();
  const records: PointRecord[] = [];
  const evaluated: Evaluated[] = [];
  // Worst (largest) log10 value told per objective; −∞ until some point has one.
  const worst: number[] = spec.objectives.map(() => -Infinity);
  // Points without a value for an objective that has no worst yet wait here (in ask order) and are told right
  // after the first point that gives one — instead of an arbitrary stand-in.
  const deferred: Array<{ readonly point: Point; readonly record: PointRecord }> = [];
  let processed = 0;
  let asked = 0;
  let told = 0;
  let evaluatedNow = 0;
  let reusedCount = 0;
  let stoppedEarly: string | null = null;
  let best: number | undefined;
  const t0 = performance.now();

  const evaluate = (user: Point, id: string, index: number): Promise<{ record: PointRecord; reused: boolean }> => {
    const prev = recorded.get(id);
    if (prev !== undefined) return Promise.resolve({ record: prev, reused: true });
    const task: PointTask = {
      id,
      index,
      params: { ...user },
      archDoc: base.archDoc,
      network: base.network,
      batch: spec.base.batch,
      dataflow: spec.base.dataflow,
      mapper: spec.mapper,
      targets: spec.parameters.map((p) => ({ name: p.name, path: p.path, scale: p.scale })),
      training: spec.training === null ? null : { ...spec.training, equalizeEpochs: spec.parameters.some((p) => p.path === 'net.density.weights') },
      hwLimits: spec.constraints.filter((c) => !['accuracy', 'error', 'areaMm2', 'onChipKB'].includes(c.metric)),
    };
    const started = performance.now();
    return opts.backend.run(task, opts.pointTimeoutS === null ? null : opts.pointTimeoutS * 1000).then((outcome: PointOutcome) => {
      const area = apriori(user)?.areaMm2 ?? null;
      const onChipKB = apriori(user)?.onChipKB ?? null;
      const record: PointRecord = {
        id,
        index,
        params: { ...user },
        seconds: Math.round((performance.now() - started) / 1e3 * 1e4) / 1e4,
        seed: spec.seed,
        mapperSeed: spec.mapper.seed,
        ...(area !== null ? { areaMm2: area } : {}),
        ...(onChipKB !== null ? { onChipKB } : {}),
        ...outcome,
      };
      appendRecord(dir, record);
      recorded.set(id, record);
      return { record, reused: false };
    });
  };

  /** Tell `items` in order with the current stand-ins; null, or why the optimizer refused. */
  const tellAll = (items: ReadonlyArray<{ readonly point: Point; readonly record: PointRecord }>, stand: ReadonlyArray<number>): string | null => {
    for (const it of items) {
      const tl = opt.tell(state, [it.point], [observation(spec, d, it.record, stand)]);
      if (E.isLeft(tl)) return `the ${spec.method} driver rejected a result: ${describeOptimizeError(tl.left)}`;
      state = tl.right;
      told++;
    }
    return null;
  };

  for (;;) {
    while (stoppedEarly === null && asked < budget && asked - processed < spec.batch) {
      const r = opt.ask(state, 1);
      if (E.isLeft(r)) {
        stoppedEarly = `the ${spec.method} driver stopped: ${describeOptimizeError(r.left)}`;
        break;
      }
      const [pts, s] = r.right;
      const point = pts[0];
      if (point === undefined) {
        stoppedEarly = `the ${spec.method} driver has no more points (${asked} asked)`;
        break;
      }
      state = s;
      const user = d.toUser(point);
      const id = pointId(user);
      const index = asked++;
      const done = byId.get(id) ?? evaluate(user, id, index);
      byId.set(id, done);
      window.push({ point, user, id, index, done });
    }
    const next = window.shift();
    if (next === undefined) {
      // Nothing ever gave a value: tell what waits with 0 (no optimizer will ask again anyway).
      const flushed = tellAll(deferred.splice(0), worst.map((w) => (Number.isFinite(w) ? w : 0)));
      if (flushed !== null) return E.left([flushed]);
      break;
    }
    const { record, reused } = await next.done;
    if (!records.some((r) => r.id === record.id)) {
      records.push(record);
      evaluated.push(record);
      if (reused) reusedCount++;
      else evaluatedNow++;
    }
    processed++;
    spec.objectives.forEach((o, j) => {
      const v = objectiveValue(o, record);
      if (v !== undefined) worst[j] = Math.max(worst[j]!, Math.log10(Math.max(v, 1e-300)));
    });
    const waits = spec.objectives.some((o, j) => objectiveValue(o, record) === undefined && !Number.isFinite(worst[j]!));
    if (waits) deferred.push({ point: next.point, record });
    else {
      const failed = tellAll([...(worst.every(Number.isFinite) ? deferred.splice(0) : []), { point: next.point, record }], worst);
      if (failed !== null) return E.left([failed]);
    }
    const first = spec.objectives[0];
    const v = first === undefined ? undefined : objectiveValue(first, record);
    if (v !== undefined && bestIndices(spec, [record]).length > 0 && (best === undefined || v < best)) best = v;
    writeJson(dir, STATE, { method: spec.method, seed: spec.seed, told, waiting: deferred.length, optimizer: state });
    const secs = (performance.now() - t0) / 1000;
    const pps = secs > 0 ? evaluatedNow / secs : 0;
    opts.onPoint?.({ record, done: processed, budget, reused, pointsPerSecond: pps, etaSeconds: pps > 0 ? (budget - processed) / pps : NaN, best });
  }
  syncRecords(dir);
  writeFileSync(join(dir, CSV), toCsv(readRecords(dir).records, spec.parameters.map((p) => p.name)));
  return E.right({
    records,
    best: bestIndices(spec, evaluated).map((i) => records[i]!),
    evaluatedNow,
    reused: reusedCount,
    seconds: (performance.now() - t0) / 1000,
    stoppedEarly,
  });
};

/** The a-priori metrics of a point: weight memory and MACs from its network; area from the area model. */
export const aprioriMetrics = (
  spec: SweepSpec,
  base: SweepBase,
  p: Point,
  warm = newWarmState(),
  area?: (archDoc: unknown, p: Point) => number | null,
): APrioriMetrics | null => {
  const targets = spec.parameters.map((x) => ({ name: x.name, path: x.path, scale: x.scale }));
  const b = baseNetwork({ network: base.network, batch: spec.base.batch }, warm);
  if (!b.ok) return null;
  const n = applyToNetwork(b.net, targets, p);
  if (!n.ok) return null;
  const macLayers = n.net.layers.filter(isMacLayer);
  const weightBits = weightMemoryBits(n.net);
  return {
    weightMemoryBits: weightBits,
    macs: macLayers.reduce((acc, l) => acc + problemMacs(toProblem(l)), 0),
    areaMm2: area ? area(base.archDoc, p) : designArea(base.archDoc, targets, p),
    onChipKB: designOnChipKB(base.archDoc, targets, p),
  };
};

const describeOptimizeError = (e: { readonly _tag: string; readonly message?: string }): string => (e.message !== undefined ? `${e._tag}: ${e.message}` : e._tag);
