/**
 * Sweeps on many machines: BullMQ on Redis behind the same `PointBackend` interface as the local pool.
 *
 *   driver (codesim sweep --queue URL)                    worker (codesim worker --queue URL --jobs N)
 *   runSweep ─ queueBackend.run(task) ─ add job ──Redis──▶ BullMQ Worker (concurrency N)
 *                                   ◀─ job finished ──────   └─ piscinaBackend(N).run(task) → evaluatePoint
 *
 * - One task interface: a job's data is `{ task: PointTask, timeoutMs }`, the plain JSON the piscina workers
 *   get; the worker decodes it with `decodeTask` and evaluates it on its own long-lived piscina pool (the same
 *   `pointWorker.ts`), and the driver decodes the job's return value with `decodeOutcome`.
 * - Idempotent: the job id is a hash of the task's content (everything that determines the evaluation; not its
 *   ask index), so re-adding a point — a resumed driver, two drivers — finds the existing job and its result
 *   instead of evaluating again. The driver stays the only writer of `results.jsonl`, keyed by point id, so a
 *   point is recorded exactly once.
 * - At least once: a worker killed mid-point stops renewing its job's lock; after the lock expires the stall
 *   checker of any live worker (every `stallIntervalMs`) puts the job back in the queue, and another worker
 *   evaluates it. After `maxStalls` such recoveries it is failed.
 * - Poison points: an evaluation that fails (throws, times out, kills its worker thread) is retried up to
 *   `attempts` times in all, then recorded `failed` with the last error and the attempt count. Results that are
 *   values — ok or infeasible — are never retried.
 *
 * bullmq (and ioredis under it) load on the first `queueBackend` / `startQueueWorker` call, so importing this
 * module (through the sweep index) costs nothing.
 */
import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { Job } from 'bullmq';
import { formatIssue } from '../config/index.js';
import { decodeOutcome, decodeTask, type PointOutcome, type PointTask } from './point.js';
import { piscinaBackend, type PointBackend } from './pointPool.js';
import type { RedisAddress } from './redisUrl.js';
import { connect } from 'node:net';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The one queue all codesim drivers and workers share (job ids are content hashes, so sweeps never collide). */
export const QUEUE_NAME = 'codesim-points';

/** What a job carries: the point task, exactly as the local pool gets it, and the per-point time limit. */
export interface PointJob {
  readonly task: PointTask;
  readonly timeoutMs: number | null;
}

export interface QueueDriverOptions {
  /** Evaluations of a failing point in all before it is recorded failed (default 3). */
  readonly attempts?: number;
  /** Named in progress lines and the summary. */
  readonly onEvent?: (e: string) => void;
}

export interface QueueWorkerOptions {
  /** Points evaluated at once (= piscina threads). */
  readonly jobs: number;
  /** The piscina worker file (default: `pointWorker`); tests pass a fixture around it. */
  readonly workerUrl?: URL;
  /** How long a job's lock lasts without renewal (default 30 s); a dead worker's point is free after it. */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (default 30 s). */
  readonly stallIntervalMs?: number;
  /** Stall recoveries of one job before it is failed (default 2: a point may kill 3 workers). */
  readonly maxStalls?: number;
  readonly log?: (line: string) => void;
}

export interface RunningWorker {
  /** Finish the points in progress, then stop. */
  readonly close: () => Promise<void>;
  /** Points finished by this worker. */
  readonly done: () => number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The job id of a task: a hash of its content without its ask index (same point of the same sweep = same job). */
export const jobIdOf = (task: PointTask): string => {
  const { index: _index, ...content } = task;
  return `p${createHash('sha1').update(stableJson(content)).digest('hex')}`;
};

/**
 * The driver's side: each `run(task)` adds (or finds) the point's job and waits for it to finish. `jobs` is
 * nominal (the sweep's `batch` decides how many points are in flight; the workers decide how many run).
 */
export const queueBackend = async (addr: RedisAddress, opts: QueueDriverOptions = {}): Promise<PointBackend> => {
  const attempts = opts.attempts ?? 3;
  await probe(addr);
  const { Queue, QueueEvents } = await import('bullmq');
  const connection = connectionOf(addr);
  const queue = new Queue<PointJob, unknown>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  return {
    jobs: 0,
    run: async (task, timeoutMs): Promise<PointOutcome> => {
      const jobId = jobIdOf(task);
      try {
        const job = await queue.add('point', { task, timeoutMs }, { jobId, attempts, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } });
        try {
          return decodeOutcome(await job.waitUntilFinished(events));
        } catch (err) {
          const fresh = await queue.getJob(jobId);
          const made = fresh?.attemptsMade ?? attempts;
          const msg = err instanceof Error ? err.message : String(err);
          return { status: 'failed', error: `failed after ${made} attempt${made === 1 ? '' : 's'} on the queue: ${msg}` };
        }
      } catch (err) {
        return { status: 'failed', error: `queue error: ${err instanceof Error ? err.message : String(err)}` };
      }
    },
    close: async () => {
      await events.close();
      await queue.close();
    },
  };
};

/**
 * A worker: takes point jobs from the queue and evaluates them on its own pool of `jobs` long-lived piscina
 * threads with the same task code as a local sweep. Runs until `close()`.
 */
export const startQueueWorker = async (addr: RedisAddress, opts: QueueWorkerOptions): Promise<RunningWorker> => {
  await probe(addr);
  const { UnrecoverableError, Worker } = await import('bullmq');
  const pool = piscinaBackend(opts.jobs, opts.workerUrl);
  let done = 0;
  const log = opts.log ?? (() => undefined);
  const worker = new Worker<PointJob, PointOutcome>(
    QUEUE_NAME,
    async (job: Job<PointJob, PointOutcome>) => {
      const data = job.data as unknown as { task?: unknown; timeoutMs?: unknown };
      const task = decodeTask(data.task);
      if (E.isLeft(task)) throw new UnrecoverableError(`task does not decode: ${task.left.slice(0, 3).map(formatIssue).join('; ')}`);
      const timeoutMs = typeof data.timeoutMs === 'number' && data.timeoutMs > 0 ? data.timeoutMs : null;
      const outcome = await pool.run(task.right, timeoutMs);
      // A failure is retried (up to the job's attempts); ok and infeasible are results.
      if (outcome.status === 'failed') throw new Error(outcome.error);
      return outcome;
    },
    {
      connection: connectionOf(addr),
      concurrency: opts.jobs,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stallIntervalMs ?? 30_000,
      maxStalledCount: opts.maxStalls ?? 2,
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  );
  worker.on('completed', (job) => {
    done++;
    log(`point ${job.data.task.id} done (${done} by this worker)`);
  });
  worker.on('failed', (job, err) => log(`point ${job?.data.task.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`));
  worker.on('error', (err) => log(`worker error: ${err.message}`));
  await worker.waitUntilReady();
  return {
    done: () => done,
    close: async () => {
      await worker.close();
      await pool.close();
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const connectionOf = (a: RedisAddress): Record<string, unknown> => ({
  host: a.host,
  port: a.port,
  db: a.db,
  ...(a.username !== undefined ? { username: a.username } : {}),
  ...(a.password !== undefined ? { password: a.password } : {}),
  // BullMQ workers block on Redis: commands must wait for a reconnect instead of failing.
  maxRetriesPerRequest: null,
});

/** Rejects with a plain message when nothing listens at the address within 5 s (ioredis would retry forever). */
const probe = (a: RedisAddress): Promise<void> =>
  new Promise((res, rej) => {
    const sock = connect({ host: a.host, port: a.port });
    const timer = setTimeout(() => {
      sock.destroy();
      rej(new Error(`no answer from ${a.host}:${a.port} within 5 s`));
    }, 5000);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.end();
      res();
    });
    sock.once('error', (err) => {
      clearTimeout(timer);
      rej(new Error(`${a.host}:${a.port}: ${err.message}`));
    });
  });

/** JSON with object keys sorted (a canonical form to hash). */
const stableJson = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
};
