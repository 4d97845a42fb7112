/**
 * The BullMQ queue backend (issue 14), against a throw-away redis-server on a loopback port:
 * 1. overhead per point vs the local pool: the same zero-cost points (the test fixture evaluator, no model) on
 *    one local piscina thread, and through Redis to one `codesim worker` process with one thread;
 *    overhead = (queue time − local time) / points;
 * 2. throughput with 1 vs 2 worker processes over Redis (one thread each) on real points (mnist-mlp on
 *    configs/eyeriss.yaml, a grid over the PE array and GLB with a small mapper effort), next to the local
 *    pool with 1 and 2 threads.
 * Worker start-up is excluded (timing starts once every worker is waiting). Needs /usr/bin/redis-server.
 * Usage: npx tsx bench/queue.ts [--points N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { decodeSweep, type SweepSpec } from '../src/config/index.js';
import { parseRedisUrl, piscinaBackend, queueBackend, runSweep, type PointBackend, type SweepBase } from '../src/sweep/index.js';
import { startRedis } from '../test/helpers/redis.js';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const POINTS = arg('points', 200);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'codesim-bench-queue-'));
const specOf = (doc: Record<string, unknown>): SweepSpec => {
  const r = decodeSweep({ name: 'bench-queue', base: { arch: 'a.yaml', network: 'mnist-mlp' }, objectives: ['energy'], method: 'grid', ...doc });
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const redis = await startRedis();
const addr = parseRedisUrl(redis.url);
if (E.isLeft(addr)) throw new Error(addr.left);
const workers: ChildProcess[] = [];
const startWorkers = async (n: number, script: string, args: string[]): Promise<void> => {
  const ready: Array<Promise<void>> = [];
  for (let i = 0; i < n; i++) {
    const p = spawn(process.execPath, ['--import', 'tsx', script, ...args, '--queue', redis.url, '--jobs', '1'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    workers.push(p);
    ready.push(new Promise((res) => p.stderr?.on('data', (d: Buffer) => (d.toString().includes('waiting for points') ? res() : undefined))));
  }
  await Promise.all(ready);
};
const stopWorkers = async (): Promise<void> => {
  await Promise.all(workers.splice(0).map((p) => new Promise<void>((res) => (p.once('exit', () => res()), p.kill('SIGTERM')))));
};
const timeSweep = async (spec: SweepSpec, base: SweepBase, backend: PointBackend): Promise<number> => {
  const t0 = performance.now();
  const r = await runSweep(spec, base, { outDir: tmp(), resume: false, pointTimeoutS: null, backend });
  if (E.isLeft(r)) throw new Error(r.left.join('; '));
  return (performance.now() - t0) / 1000;
};

try {
  // 1. Overhead per point (zero-cost points, 1 thread, 8 in flight).
  const fixture = new URL('../test/sweep/fixtures/queueSlowWorker.ts', import.meta.url);
  const cheap = specOf({ parameters: [{ name: 'k', path: 'arch.x.k', integer: [1, POINTS] }], budget: POINTS, batch: 8 });
  const synthBase: SweepBase = { archDoc: {}, network: { zoo: 'mnist-mlp' } };
  const local = piscinaBackend(1, fixture);
  await timeSweep(specOf({ parameters: [{ name: 'k', path: 'arch.x.k', integer: [1, 8] }], budget: 8, batch: 8 }), synthBase, local); // warm-up
  const tLocal = await timeSweep(cheap, synthBase, local);
  await local.close();
  await startWorkers(1, join(ROOT, 'test/sweep/fixtures/queueWorker.ts'), []);
  const q = await queueBackend(addr.right);
  const tQueue = await timeSweep(cheap, synthBase, q);
  await stopWorkers();
  console.log(JSON.stringify({ bench: 'queue-overhead', points: POINTS, inFlight: 8, localMsPerPoint: Number(((tLocal / POINTS) * 1000).toFixed(2)), queueMsPerPoint: Number(((tQueue / POINTS) * 1000).toFixed(2)), overheadMsPerPoint: Number((((tQueue - tLocal) / POINTS) * 1000).toFixed(2)) }));

  // 2. Throughput, real points: 1 vs 2 workers over Redis, and the local pool with 1 and 2 threads.
  const archDoc = parse(readFileSync(join(ROOT, 'configs/eyeriss.yaml'), 'utf8')) as unknown;
  const realBase: SweepBase = { archDoc, network: { zoo: 'mnist-mlp' } };
  const real = (seed: number): SweepSpec =>
    specOf({
      parameters: [
        { name: 'peX', path: 'arch.pe.x', values: [7, 8, 12, 14] },
        { name: 'peY', path: 'arch.pe.y', values: [6, 12] },
        { name: 'glbKB', path: 'arch.levels.GLB.capacityWords', values: [32, 64, 108], scale: 512 },
      ],
      objectives: ['energy', 'latency'],
      mapper: { samples: 150, climbs: 6, seed },
      budget: 24,
      batch: 4,
    });
  const rates: Record<string, number> = {};
  for (const jobs of [1, 2]) {
    const b = piscinaBackend(jobs);
    await timeSweep(specOf({ parameters: [{ name: 'peX', path: 'arch.pe.x', values: [14] }], mapper: { samples: 20, climbs: 1 }, budget: 1, batch: 1 }), realBase, b); // warm-up
    rates[`local-${jobs}-threads`] = 24 / (await timeSweep(real(11 + jobs), realBase, b));
    await b.close();
  }
  for (const n of [1, 2]) {
    await startWorkers(n, join(ROOT, 'test/sweep/fixtures/cli.ts'), ['worker']);
    rates[`queue-${n}-workers`] = 24 / (await timeSweep(real(21 + n), realBase, q));
    await stopWorkers();
  }
  await q.close();
  console.log(JSON.stringify({ bench: 'queue-throughput', points: 24, network: 'mnist-mlp', pointsPerSecond: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Number(v.toFixed(2))])), queueSpeedup2vs1: Number(((rates['queue-2-workers'] ?? 0) / (rates['queue-1-workers'] ?? 1)).toFixed(2)) }));
} finally {
  await stopWorkers();
  await redis.stop();
}
