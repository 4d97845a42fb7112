/**
 * `codesim worker --queue redis://HOST:PORT [--jobs N] [--lock-duration S] [--stall-interval S] [--max-stalls N]`:
 * evaluates the points that `codesim sweep FILE --queue redis://HOST:PORT` drivers put on the queue, on a pool of
 * N long-lived worker threads (the same task code as a local sweep). Runs until SIGINT / SIGTERM (it then
 * finishes the points in progress) or, with --idle-exit S, once no point finished for S seconds.
 * bullmq and ioredis load lazily (only this command and `sweep --queue`).
 */
import { availableParallelism } from 'node:os';
import * as E from 'fp-ts/lib/Either.js';
import { positiveInt } from './args.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import type { Out } from './out.js';

/** The command's option table (parser flags and `--help` come from it). */
export const WORKER_COMMAND: CommandDef = {
  name: 'worker',
  summary: 'evaluate the points that `codesim sweep FILE --queue URL` drivers put on the BullMQ queue in Redis',
  options: [
    { name: 'queue', arg: 'URL', help: 'the Redis of the sweep drivers: redis://HOST:PORT[/DB] (required)' },
    { name: 'jobs', arg: 'N', help: 'points evaluated at once, one worker thread each (default: the cores of this machine)' },
    { name: 'lock-duration', arg: 'S', help: "seconds a point's lock lasts without renewal; a killed worker's point\nis free again after it (default 30)" },
    { name: 'stall-interval', arg: 'S', help: "seconds between this worker's checks for points whose worker died (default 30)" },
    { name: 'max-stalls', arg: 'N', help: 'times a point may lose its worker before it is failed (default 2)' },
    { name: 'idle-exit', arg: 'S', help: 'exit when no point finished for S seconds (default: run until SIGINT / SIGTERM)' },
  ],
  notes: ['Start any number of workers, on any machines that reach the Redis, before or after the driver.'],
};

/** Test hook: the piscina worker file (a fixture around the real one); not a command-line option. */
export interface WorkerHooks {
  readonly workerUrl?: URL;
  /** Resolves when the worker should stop (default: SIGINT or SIGTERM). */
  readonly stop?: Promise<void>;
}

export const workerCommand = async (argv: ReadonlyArray<string>, out: Out, hooks: WorkerHooks = {}): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseCommand(argv, WORKER_COMMAND);
  if (E.isLeft(args)) return fail([`codesim worker: ${args.left}`, usageLine(WORKER_COMMAND)]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(commandHelp(WORKER_COMMAND));
    return 0;
  }
  if (a.positional.length > 0) return fail([`codesim worker: unexpected argument '${a.positional[0]}'`, usageLine(WORKER_COMMAND)]);
  const url = a.values['queue'];
  if (url === undefined) return fail(['codesim worker: --queue redis://HOST:PORT is required', usageLine(WORKER_COMMAND)]);
  const { parseRedisUrl } = await import('../sweep/index.js');
  const addr = parseRedisUrl(url);
  if (E.isLeft(addr)) return fail([`codesim worker: ${addr.left}`]);
  const ints: Record<string, number> = {};
  for (const [k, d] of [['jobs', availableParallelism()], ['lock-duration', 30], ['stall-interval', 30], ['max-stalls', 2], ['idle-exit', 0]] as const) {
    const v = positiveInt(k, a.values[k], d);
    if (E.isLeft(v)) return fail([`codesim worker: ${v.left}`]);
    ints[k] = v.right;
  }
  const { startQueueWorker } = await import('../sweep/index.js');
  const log = (s: string): void => out.stderr(`codesim worker: ${s}\n`);
  let w;
  let last = Date.now();
  try {
    w = await startQueueWorker(addr.right, {
      jobs: ints['jobs']!,
      lockDurationMs: ints['lock-duration']! * 1000,
      stallIntervalMs: ints['stall-interval']! * 1000,
      maxStalls: ints['max-stalls']!,
      ...(hooks.workerUrl !== undefined ? { workerUrl: hooks.workerUrl } : {}),
      log: (s) => {
        last = Date.now();
        log(s);
      },
    });
  } catch (err) {
    return fail([`codesim worker: --queue ${url}: cannot reach Redis (${err instanceof Error ? err.message : String(err)})`]);
  }
  log(`${ints['jobs']} thread${ints['jobs'] === 1 ? '' : 's'} on the queue at ${url}; waiting for points`);
  const idle = ints['idle-exit']!;
  let timer: ReturnType<typeof setInterval> | undefined;
  let onSignal: (() => void) | undefined;
  await new Promise<void>((res) => {
    onSignal = (): void => res();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    void hooks.stop?.then(res);
    if (idle > 0) timer = setInterval(() => (Date.now() - last > idle * 1000 ? res() : undefined), 250);
  });
  if (timer !== undefined) clearInterval(timer);
  if (onSignal !== undefined) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  log(`stopping after the points in progress (${w.done()} done)`);
  await w.close();
  return 0;
};
