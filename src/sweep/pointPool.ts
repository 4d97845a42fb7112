/**
 * Backends that evaluate sweep points, behind one interface (`PointBackend`): in-process (tests, tiny sweeps)
 * and a piscina pool of long-lived worker threads (`minThreads = maxThreads = jobs`, no idle timeout), so each
 * worker keeps its warm state and JIT across points. A queue backend (BullMQ, issue 14) would implement the
 * same interface and call the same `evaluatePoint` in its workers.
 *
 * Failures are values: a point that exceeds the timeout is aborted (piscina terminates that worker and starts
 * a new one) and reported `failed`; a worker that dies or throws gives `failed` with its message; a result is
 * decoded with its codec before it is trusted.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeOutcome, evaluatePoint, newWarmState, type PointOutcome, type PointTask } from './point.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface PointBackend {
  /** Evaluate one point; never rejects. `timeoutMs` null = no limit. */
  readonly run: (task: PointTask, timeoutMs: number | null) => Promise<PointOutcome>;
  readonly close: () => Promise<void>;
  readonly jobs: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Evaluate in this thread (no timeouts: nothing can interrupt a synchronous evaluation here). */
export const inProcessBackend = (evaluate: (task: PointTask) => PointOutcome = ((w) => (task: PointTask) => evaluatePoint(task, w))(newWarmState())): PointBackend => ({
  jobs: 1,
  run: async (task) => {
    try {
      return decodeOutcome(JSON.parse(JSON.stringify(evaluate(task))) as unknown);
    } catch (err) {
      return { status: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
  },
  close: async () => undefined,
});

/**
 * The default worker file: beside this module (`.ts` under tsx / vitest; `.js` in the per-module build) or one
 * folder up (this module in a bundle chunk, `dist/bundle/chunks/`).
 */
export const defaultWorkerUrl = (): URL =>
  import.meta.url.endsWith('.ts')
    ? new URL('./pointWorker.ts', import.meta.url)
    : ([new URL('./pointWorker.js', import.meta.url), new URL('../pointWorker.js', import.meta.url)].find((u) => existsSync(fileURLToPath(u))) ?? new URL('./pointWorker.js', import.meta.url));

/** A piscina pool of `jobs` long-lived workers running `workerUrl` (default: `pointWorker`). */
export const piscinaBackend = (jobs: number, workerUrl: URL = defaultWorkerUrl()): PointBackend => {
  // piscina is loaded (and the threads started) on the first point: importing this module costs nothing.
  let started: Promise<import('piscina').Piscina> | undefined;
  const poolP = (): Promise<import('piscina').Piscina> =>
    (started ??= import('piscina').then(
      ({ Piscina }) =>
        new Piscina({
          filename: workerUrl.href,
          minThreads: jobs,
          maxThreads: jobs,
          idleTimeout: Number.MAX_SAFE_INTEGER,
          // A .ts worker needs tsx's loader (vitest-dev/vitest#6040); a compiled build does not.
          execArgv: workerUrl.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [],
        }),
    ));
  return {
    jobs,
    run: async (task, timeoutMs) => {
      const ac = new AbortController();
      let timedOut = false;
      const timer = timeoutMs === null ? null : setTimeout(() => {
        timedOut = true;
        ac.abort();
      }, timeoutMs);
      try {
        const pool = await poolP();
        return decodeOutcome(await pool.run(task, { signal: ac.signal }));
      } catch (err) {
        if (timedOut) return { status: 'failed', error: `timed out after ${(timeoutMs ?? 0) / 1000} s (point timeout)` };
        const msg = err instanceof Error ? err.message : String(err);
        return { status: 'failed', error: `worker failed: ${msg}` };
      } finally {
        if (timer !== null) clearTimeout(timer);
      }
    },
    close: async () => {
      if (started !== undefined) await (await started).destroy();
    },
  };
};
