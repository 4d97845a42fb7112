/**
 * The worker task of parallel layer mapping: plain JSON in, plain JSON out (it crosses a structured-clone
 * boundary). The task carries the accelerator document and is decoded again in the worker with the same
 * codecs as the CLI uses, so nothing unchecked enters the model.
 */
import * as E from 'fp-ts/lib/Either.js';
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

export type MapTaskResult =
  | { readonly ok: true; readonly mapping: Mapping; readonly energy: number; readonly cycles: number; readonly evaluated: number; readonly complete: boolean; readonly ms: number }
  | { readonly ok: false; readonly error: string };

/**
 * Run one task (the worker's whole job; also callable in-process). `now` times the search; `onProgress`
 * (in-process only: functions don't cross to a worker) hears every 100,000 evaluations.
 */
export const runMapTask = (task: MapTask, now: () => number, onProgress?: (evaluated: number, best: number) => void): MapTaskResult => {
  const arch = decodeArch(task.archDoc);
  if (E.isLeft(arch)) return { ok: false, error: 'worker: the accelerator document does not decode' };
  const dfs = decodeDataflows((task.archDoc as { dataflows?: unknown }).dataflows, arch.right);
  if (E.isLeft(dfs)) return { ok: false, error: 'worker: the dataflows do not decode' };
  const spec = task.dataflowIndex >= 0 ? dfs.right[task.dataflowIndex] : undefined;
  if (task.dataflowIndex >= 0 && !spec) return { ok: false, error: `worker: no dataflow #${task.dataflowIndex}` };
  const a = spec ? withStorage(arch.right, spec) : arch.right;
  const t0 = now();
  const options = onProgress ? { ...task.options, onProgress, progressEvery: 100_000 } : task.options;
  const r = mapProblem(a, task.problem, spec ? spec.dataflow : { name: 'any', description: '', levels: {} }, options);
  const ms = now() - t0;
  if (E.isLeft(r)) return { ok: false, error: r.left.map(describeInvalid).join('; ') };
  return { ok: true, mapping: r.right.mapping, energy: r.right.energy, cycles: r.right.cycles, evaluated: r.right.evaluated, complete: r.right.complete, ms };
};
