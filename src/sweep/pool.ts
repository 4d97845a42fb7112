/**
 * Parallel layer mapping on a piscina worker pool. With `jobs ≤ 1` (or a single task) tasks run in-process,
 * which avoids the worker start-up cost. Results come back in task order.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runMapTask, type MapTask, type MapTaskResult } from './mapTask.js';

/** The machine's cores. */
export const defaultJobs = (): number => Math.max(1, availableParallelism());

/**
 * Workers for `tasks` layer searches when the user gives none: 1 up to 16 (a worker's start-up and cold JIT
 * cost more than it saves there — measured on AlexNet and VGG-16), else every core.
 */
export const autoJobs = (tasks: number): number => (tasks > 16 ? defaultJobs() : 1);

/**
 * Map every task, `jobs` at a time; `onDone(i, result)` is called as each finishes, and in-process (one job)
 * `onProgress(i, evaluated, best)` during long searches (progress reporting).
 */
export const mapAll = async (
  tasks: ReadonlyArray<MapTask>,
  jobs: number,
  onDone: (i: number, r: MapTaskResult) => void = () => undefined,
  onProgress?: (i: number, evaluated: number, best: number) => void,
): Promise<ReadonlyArray<MapTaskResult>> => {
  if (jobs <= 1 || tasks.length <= 1) {
    return tasks.map((t, i) => {
      const r = runMapTask(t, () => performance.now(), onProgress ? (n, b) => onProgress(i, n, b) : undefined);
      onDone(i, r);
      return r;
    });
  }
  // The worker file sits beside this module (sources, per-module build) or one folder up (a bundle chunk).
  const url = import.meta.url.endsWith('.ts')
    ? new URL('./mapWorker.ts', import.meta.url)
    : [new URL('./mapWorker.js', import.meta.url), new URL('../mapWorker.js', import.meta.url)].find((u) => existsSync(fileURLToPath(u))) ?? new URL('./mapWorker.js', import.meta.url);
  // Loaded only when threads are used: a one-shot in-process run doesn't pay piscina's load time.
  const { Piscina } = await import('piscina');
  const pool = new Piscina({
    filename: url.href,
    maxThreads: jobs,
    minThreads: Math.min(jobs, tasks.length),
    // A .ts worker needs tsx's loader (vitest-dev/vitest#6040); a compiled build does not.
    execArgv: url.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [],
  });
  try {
    // Biggest problems first, so the pool's tail is short.
    const order = tasks.map((_, i) => i).sort((a, b) => macs(tasks[b]!) - macs(tasks[a]!));
    const results: MapTaskResult[] = new Array(tasks.length);
    await Promise.all(
      order.map(async (i) => {
        const r = (await pool.run(tasks[i])) as MapTaskResult;
        results[i] = r;
        onDone(i, r);
      }),
    );
    return results;
  } finally {
    await pool.destroy();
  }
};

const macs = (t: MapTask): number => Object.values(t.problem.bounds).reduce((a, b) => a * b, 1);
