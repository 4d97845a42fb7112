/**
 * Piscina worker for sweep points: a thin shell around `evaluatePoint` (with the trainer, `training.ts`). Long-lived: the warm state (mapper
 * results, networks) lives in this module for the worker thread's lifetime and is reused across points.
 * The task is decoded with its codec; one that does not decode is a `failed` outcome carrying the issues; an
 * exception is a `failed` outcome with its message.
 */
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { formatIssue } from '../config/index.js';
import { decodeTask, evaluatePoint, newWarmState, type PointOutcome } from './point.js';
import { trainAndTest } from './training.js';

const warm = newWarmState();

export default (u: unknown): PointOutcome => {
  const task = decodeTask(u);
  if (E.isLeft(task)) return { status: 'failed', error: `task does not decode: ${task.left.slice(0, 3).map(formatIssue).join('; ')}`, issues: task.left };
  try {
    return evaluatePoint(task.right, warm, () => performance.now(), trainAndTest);
  } catch (err) {
    return { status: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
};
