/**
 * The worker task of parallel layer mapping: plain JSON in, plain JSON out (it crosses a structured-clone
 * boundary). Both directions are decoded with io-ts codecs: the task in the worker (`decodeMapTask`: the problem
 * and search options; the accelerator document again with the same codecs as the CLI uses), the result in the
 * caller (`decodeMapTaskResult`), so nothing unchecked enters the model or the report. A failure is a tagged
 * value: `TaskInvalid` / `ResultInvalid` carry the decoder's issues, `ArchInvalid` the arch decoder's,
 * `NoMapping` the mapper's reason, `WorkerError` the message of a worker that threw or died.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { issuesFromErrors, type ConfigIssue } from '../config/index.js';
import { mapProblem } from '../codesign/index.js';
import { decodeArch, decodeDataflows, withStorage } from '../config/index.js';
import type { Mapping } from '../mapping/index.js';
import { describeInvalid } from '../mapping/index.js';
import type { SearchOptions } from '../mapper/index.js';
import type { Problem } from '../workload/index.js';

export interface MapTask {
  readonly archDoc: unknown;
  /** Index into the document's dataflows, or −1 for the unconstrained mapspace. */
  readonly dataflowIndex: number;
  readonly problem: Problem;
  readonly options: Omit<SearchOptions, 'onProgress'>;
}

export type MapTaskFailureTag = 'TaskInvalid' | 'ArchInvalid' | 'NoMapping' | 'ResultInvalid' | 'WorkerError';

export type MapTaskResult =
  | { readonly ok: true; readonly mapping: Mapping; readonly energy: number; readonly cycles: number; readonly evaluated: number; readonly complete: boolean; readonly ms: number }
  | { readonly ok: false; readonly _tag: MapTaskFailureTag; readonly error: string; readonly issues?: ReadonlyArray<ConfigIssue> };

// ---------------------------------------------------------------------------------------------------------
// codecs
// ---------------------------------------------------------------------------------------------------------

const PosInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'a positive integer');
const Fraction01 = t.refinement(t.number, (n) => n > 0 && n <= 1, 'a density in (0, 1]');
const BitsC = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 64, 'bits in 1..64');
const dims = <C extends t.Mixed>(c: C) => t.type({ N: c, G: c, C: c, K: c, P: c, Q: c, R: c, S: c });
const perTensor = <C extends t.Mixed>(c: C) => t.type({ W: c, I: c, O: c });
const DimName = t.keyof({ N: null, G: null, C: null, K: null, P: null, Q: null, R: null, S: null });

const ProblemCodec = t.type({
  name: t.string,
  bounds: dims(PosInt),
  strideH: PosInt,
  strideW: PosInt,
  dilationH: PosInt,
  dilationW: PosInt,
  density: perTensor(Fraction01),
  bits: perTensor(BitsC),
});
const OptionsCodec = t.intersection([
  t.type({ objective: t.keyof({ energy: null, delay: null, edp: null }), strategy: t.keyof({ heuristic: null, exhaustive: null }), seed: t.number }),
  t.partial({
    budget: PosInt, prune: t.boolean, samples: PosInt, climbs: PosInt, kicks: t.number, victory: PosInt,
    spatialRounds: t.number, spatialSources: PosInt, spatialTop: PosInt, progressEvery: PosInt,
  }),
]);
/** The codec of a map task (the accelerator document is decoded separately, with the arch codecs). */
export const MapTaskCodec = t.type({ archDoc: t.unknown, dataflowIndex: t.Int, problem: ProblemCodec, options: OptionsCodec });

const LevelMappingCodec = t.type({
  temporal: dims(PosInt),
  permutation: t.array(DimName),
  spatialX: dims(PosInt),
  spatialY: dims(PosInt),
  keep: perTensor(t.boolean),
});
const MapTaskResultCodec = t.union([
  t.type({
    ok: t.literal(true),
    mapping: t.type({ levels: t.array(LevelMappingCodec), origin: t.string }),
    energy: t.number, cycles: t.number, evaluated: t.number, complete: t.boolean, ms: t.number,
  }),
  t.intersection([
    t.type({ ok: t.literal(false), _tag: t.keyof({ TaskInvalid: null, ArchInvalid: null, NoMapping: null, ResultInvalid: null, WorkerError: null }), error: t.string }),
    t.partial({ issues: t.array(t.type({ path: t.array(t.union([t.string, t.number])), message: t.string })) }),
  ]),
]);

/** Decode a task that crossed the worker boundary; a `TaskInvalid` failure carries the decoder's issues. */
export const decodeMapTask = (u: unknown): E.Either<MapTaskResult & { ok: false }, MapTask> =>
  E.mapLeft((errs: t.Errors) => {
    const issues = issuesFromErrors(errs);
    return { ok: false as const, _tag: 'TaskInvalid' as const, error: `worker: the task does not decode: ${issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, issues };
  })(MapTaskCodec.decode(u) as E.Either<t.Errors, MapTask>);

/** Decode a worker's result; one that does not decode is a `ResultInvalid` failure with the decoder's issues. */
export const decodeMapTaskResult = (u: unknown): MapTaskResult => {
  const r = MapTaskResultCodec.decode(u);
  if (E.isRight(r)) return r.right as MapTaskResult;
  const issues = issuesFromErrors(r.left);
  return { ok: false, _tag: 'ResultInvalid', error: `worker: the result does not decode: ${issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, issues };
};

/**
 * Run one task (the worker's whole job; also callable in-process). `now` times the search; `onProgress`
 * (in-process only: functions don't cross to a worker) hears every 100,000 evaluations.
 */
export const runMapTask = (task: MapTask, now: () => number, onProgress?: (evaluated: number, best: number) => void): MapTaskResult => {
  const arch = decodeArch(task.archDoc);
  if (E.isLeft(arch)) return { ok: false, _tag: 'ArchInvalid', error: 'worker: the accelerator document does not decode', issues: arch.left };
  const dfs = decodeDataflows((task.archDoc as { dataflows?: unknown }).dataflows, arch.right);
  if (E.isLeft(dfs)) return { ok: false, _tag: 'ArchInvalid', error: 'worker: the dataflows do not decode', issues: dfs.left };
  const spec = task.dataflowIndex >= 0 ? dfs.right[task.dataflowIndex] : undefined;
  if (task.dataflowIndex >= 0 && !spec) return { ok: false, _tag: 'TaskInvalid', error: `worker: no dataflow #${task.dataflowIndex}` };
  const a = spec ? withStorage(arch.right, spec) : arch.right;
  const t0 = now();
  const options = onProgress ? { ...task.options, onProgress, progressEvery: 100_000 } : task.options;
  const r = mapProblem(a, task.problem, spec ? spec.dataflow : { name: 'any', description: '', levels: {} }, options);
  const ms = now() - t0;
  if (E.isLeft(r)) return { ok: false, _tag: 'NoMapping', error: r.left.map(describeInvalid).join('; ') };
  return { ok: true, mapping: r.right.mapping, energy: r.right.energy, cycles: r.right.cycles, evaluated: r.right.evaluated, complete: r.right.complete, ms };
};
