/**
 * Piscina worker: a thin shell around `runMapTask` (unit-tested directly). The task is decoded with its codec
 * first; an exception becomes a `WorkerError` value.
 */
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { decodeMapTask, runMapTask, type MapTaskResult } from './mapTask.js';

export default (u: unknown): MapTaskResult => {
  const task = decodeMapTask(u);
  if (E.isLeft(task)) return task.left;
  try {
    return runMapTask(task.right, () => performance.now());
  } catch (err) {
    return { ok: false, _tag: 'WorkerError', error: `worker: ${err instanceof Error ? err.message : String(err)}` };
  }
};
