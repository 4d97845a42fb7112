/**
 * Sweeps on a BullMQ queue against a real redis-server (started per test on a free loopback port, no
 * persistence): drivers and workers are real child processes.
 * 1. `codesim sweep --queue` + 2 × `codesim worker` (the real evaluator): every point recorded once, the
 *    records equal a local run's, both workers took points.
 * 2. `kill -9` of a worker mid-point: its point is picked up by the other worker after the lock expires; every
 *    point recorded once; the killed point evaluated twice, every other point once.
 * 3. `kill -9` of the driver, then `--resume` against the same queue and results: nothing lost, nothing
 *    recorded twice, and no point evaluated twice (points that finished on the queue while no driver ran are
 *    taken from the queue).
 * 4. A poison point (always throws) is recorded failed after exactly 3 evaluations; the rest are fine.
 * 5. A point that kills its worker process each time: with workers restarted as a supervisor would, it is
 *    recorded failed after --max-stalls + 1 = 2 evaluations (two dead workers); the other point is fine.
 * Evaluation counts come from the fixture worker's log (one line per evaluation start).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessBackend } from '../../src/sweep/pointPool.js';
import { runSweep } from '../../src/sweep/run.js';
import { readRecords } from '../../src/sweep/store.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { untimed } from '../helpers/sweep.js';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'test/sweep/fixtures/cli.ts');
const WORKER = join(ROOT, 'test/sweep/fixtures/queueWorker.ts');
const DRIVER = join(ROOT, 'test/sweep/fixtures/queueDriver.ts');

interface Child {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout: string;
  stderr: string;
}
const children: Child[] = [];
let redis: RedisServer | undefined;

const start = (script: string, args: ReadonlyArray<string>, env: Record<string, string> = {}): Child => {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const c: Child = { proc, exited: new Promise((res) => proc.once('exit', (code) => res(code))), stdout: '', stderr: '' };
  proc.stdout?.on('data', (d: Buffer) => (c.stdout += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (c.stderr += d.toString()));
  children.push(c);
  return c;
};

/** Poll `cond` every 25 ms for at most `ms`; false if it never held. */
const waitFor = async (cond: () => boolean, ms: number): Promise<boolean> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
};

const lines = (f: string): string[] => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '') : []);
const evalLog = (f: string): Array<{ pid: number; id: string }> =>
  lines(f).map((l) => {
    const [pid, id] = l.split(' ');
    return { pid: Number(pid), id: id ?? '' };
  });
const count = <T>(xs: ReadonlyArray<T>): Map<T, number> => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await c.exited;
  }
  await redis?.stop();
  redis = undefined;
});

const workerArgs = (url: string): string[] => ['--queue', url, '--jobs', '1', '--lock-duration', '1', '--stall-interval', '1'];

const syntheticSpec = (dir: string, doc: Record<string, unknown>): string => {
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify({ name: 'queue-test', base: { arch: 'a.yaml', network: 'mnist-mlp' }, objectives: ['energy'], method: 'grid', ...doc }));
  return file;
};

describe('sweeps on a BullMQ queue (real redis-server)', () => {
  it('codesim sweep --queue with 2 codesim workers: every point once, same records as a local run', async () => {
    redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'codesim-queue-'));
    const file = join(dir, 'sweep.yaml');
    writeFileSync(
      file,
      `name: queue
base: { arch: ${join(ROOT, 'configs/eyeriss.yaml')}, network: mnist-mlp }
parameters:
  - { name: peX, path: arch.pe.x, values: [7, 14] }
  - { name: peY, path: arch.pe.y, values: [6, 12] }
  - { name: glbKB, path: arch.levels.GLB.capacityWords, values: [32, 108], scale: 512 }
objectives: [energy, latency]
method: grid
budget: 8
batch: 2
mapper: { samples: 40, climbs: 2 }
`,
    );
    const w1 = start(CLI, ['worker', ...workerArgs(redis.url)]);
    const w2 = start(CLI, ['worker', ...workerArgs(redis.url)]);
    const out = join(dir, 'out');
    const driver = start(CLI, ['sweep', file, '--out', out, '--queue', redis.url, '--json']);
    expect(await driver.exited, driver.stderr).toBe(0);
    const summary = JSON.parse(driver.stdout) as { points: number; evaluatedNow: number; failed: number };
    expect(summary).toMatchObject({ points: 8, evaluatedNow: 8, failed: 0 });
    const { records } = readRecords(out);
    expect(records).toHaveLength(8);
    expect(new Set(records.map((r) => r.id)).size).toBe(8);
    for (const r of records) expect(r.status).toBe('ok');
    // The same records as the local runner (the same evaluatePoint), up to timing and order of completion.
    const { decodeSweep } = await import('../../src/config/sweep.js');
    const { parse } = await import('yaml');
    const s = decodeSweep(parse(readFileSync(file, 'utf8')));
    if (E.isLeft(s)) throw new Error('spec');
    const local = join(dir, 'local');
    const { readFile } = await import('node:fs/promises');
    const archDoc = parse(await readFile(join(ROOT, 'configs/eyeriss.yaml'), 'utf8')) as unknown;
    const r = await runSweep(s.right, { archDoc, network: { zoo: 'mnist-mlp' } }, { outDir: local, resume: false, pointTimeoutS: null, backend: inProcessBackend() });
    expect(E.isRight(r)).toBe(true);
    const key = (x: ReturnType<typeof untimed>): string => JSON.stringify(x);
    expect(records.map(untimed).map(key).sort()).toEqual(readRecords(local).records.map(untimed).map(key).sort());
    // Both workers took points.
    w1.proc.kill('SIGTERM');
    w2.proc.kill('SIGTERM');
    expect(await w1.exited).toBe(0);
    expect(await w2.exited).toBe(0);
    const done = (c: Child): number => (c.stderr.match(/ done \(/g) ?? []).length;
    expect(done(w1) + done(w2)).toBe(8);
    expect(done(w1)).toBeGreaterThan(0);
    expect(done(w2)).toBeGreaterThan(0);
  });

  it('kill -9 of a worker mid-point: the point is picked up again after the lock expires; recorded once', async () => {
    redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'codesim-queue-'));
    const log = join(dir, 'evals.log');
    const specFile = syntheticSpec(dir, { parameters: [{ name: 'k', path: 'arch.x.k', integer: [1, 4] }, { name: 'ms', path: 'arch.x.ms', values: [1000] }], budget: 4, batch: 2 });
    const victim = start(WORKER, workerArgs(redis.url), { CODESIM_TEST_EVAL_LOG: log });
    expect(await waitFor(() => victim.stderr.includes('waiting for points'), 30_000), victim.stderr).toBe(true);
    const survivor = start(WORKER, workerArgs(redis.url), { CODESIM_TEST_EVAL_LOG: log });
    expect(await waitFor(() => survivor.stderr.includes('waiting for points'), 30_000), survivor.stderr).toBe(true);
    const out = join(dir, 'out');
    const driver = start(DRIVER, [specFile, out, redis.url]);
    // Kill the first worker while it is evaluating a point (its evaluation started, not finished).
    expect(await waitFor(() => evalLog(log).some((e) => e.pid === victim.proc.pid), 30_000)).toBe(true);
    const killedPoint = evalLog(log).find((e) => e.pid === victim.proc.pid)!.id;
    victim.proc.kill('SIGKILL');
    expect(await driver.exited, driver.stderr).toBe(0);
    expect(JSON.parse(driver.stdout)).toEqual({ points: 4, evaluatedNow: 4, reused: 0 });
    const { records } = readRecords(out);
    expect(records.map((r) => r.id).sort()).toEqual([...new Set(records.map((r) => r.id))].sort());
    expect(records).toHaveLength(4);
    for (const r of records) expect(r.status).toBe('ok');
    // At least once: the killed point was evaluated again (by the survivor); every other point exactly once.
    const n = count(evalLog(log).map((e) => e.id));
    expect(n.get(killedPoint)).toBe(2);
    expect(evalLog(log).filter((e) => e.id === killedPoint).map((e) => e.pid)).toEqual([victim.proc.pid, survivor.proc.pid]);
    for (const r of records) if (r.id !== killedPoint) expect(n.get(r.id), r.id).toBe(1);
  });

  it('kill -9 of the driver, then --resume against the same queue: no point lost, none recorded or evaluated twice', async () => {
    redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'codesim-queue-'));
    const log = join(dir, 'evals.log');
    const specFile = syntheticSpec(dir, { parameters: [{ name: 'k', path: 'arch.x.k', integer: [1, 10] }, { name: 'ms', path: 'arch.x.ms', values: [300] }], budget: 10, batch: 2 });
    start(WORKER, workerArgs(redis.url), { CODESIM_TEST_EVAL_LOG: log });
    start(WORKER, workerArgs(redis.url), { CODESIM_TEST_EVAL_LOG: log });
    const out = join(dir, 'out');
    const results = join(out, 'results.jsonl');
    const first = start(DRIVER, [specFile, out, redis.url]);
    expect(await waitFor(() => lines(results).length >= 3, 60_000), first.stderr).toBe(true);
    first.proc.kill('SIGKILL');
    await first.exited;
    const before = lines(results).filter((l) => {
      try {
        JSON.parse(l);
        return true;
      } catch {
        return false;
      }
    });
    expect(before.length).toBeLessThan(10);
    // Let the points that were in flight finish on the queue while no driver runs.
    await waitFor(() => false, 1000);
    const second = start(DRIVER, [specFile, out, redis.url, '--resume']);
    expect(await second.exited, second.stderr).toBe(0);
    const summary = JSON.parse(second.stdout) as { points: number; evaluatedNow: number; reused: number };
    expect(summary.points).toBe(10);
    expect(summary.reused).toBe(before.length);
    const after = lines(results);
    expect(after.slice(0, before.length)).toEqual(before);
    const ids = after.map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    // Every point evaluated exactly once over both driver runs: the resumed driver found the in-flight points' jobs.
    const n = count(evalLog(log).map((e) => e.id));
    expect([...n.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(n.get(id), id).toBe(1);
  });

  it('a poison point is recorded failed after 3 attempts; the other points are evaluated once', async () => {
    redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'codesim-queue-'));
    const log = join(dir, 'evals.log');
    const specFile = syntheticSpec(dir, { parameters: [{ name: 'mode', path: 'train.optimizer', categories: ['ok', 'throw'] }, { name: 'k', path: 'arch.x.k', integer: [1, 2] }], budget: 4, batch: 2 });
    start(WORKER, workerArgs(redis.url), { CODESIM_TEST_EVAL_LOG: log });
    start(WORKER, workerArgs(redis.url), { CODESIM_TEST_EVAL_LOG: log });
    const out = join(dir, 'out');
    const driver = start(DRIVER, [specFile, out, redis.url]);
    expect(await driver.exited, driver.stderr).toBe(0);
    const { records } = readRecords(out);
    expect(records).toHaveLength(4);
    const n = count(evalLog(log).map((e) => e.id));
    for (const r of records) {
      if (r.params['mode'] === 'throw') {
        expect(r.status).toBe('failed');
        expect(r.status === 'failed' && r.error).toMatch(/^failed after 3 attempts on the queue: .*poison: this point always throws/);
        expect(n.get(r.id)).toBe(3);
      } else {
        expect(r.status).toBe('ok');
        expect(n.get(r.id)).toBe(1);
      }
    }
  });
  it('a point that kills its worker process: failed after --max-stalls + 1 evaluations, workers restarted by a supervisor', async () => {
    redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'codesim-queue-'));
    const log = join(dir, 'evals.log');
    const specFile = syntheticSpec(dir, { parameters: [{ name: 'mode', path: 'train.optimizer', categories: ['ok', 'crash'] }], budget: 2, batch: 2 });
    const args = [...workerArgs(redis!.url), '--max-stalls', '1'];
    // The supervisor: keeps 2 workers alive, at most 6 starts in all.
    let starts = 0;
    let deaths = 0;
    let stopping = false;
    const spawnWorker = (): void => {
      if (stopping || starts >= 6) return;
      starts++;
      const w = start(WORKER, args, { CODESIM_TEST_EVAL_LOG: log });
      void w.exited.then(() => {
        if (!stopping) {
          deaths++;
          spawnWorker();
        }
      });
    };
    spawnWorker();
    spawnWorker();
    const out = join(dir, 'out');
    const driver = start(DRIVER, [specFile, out, redis.url]);
    let code: number | null;
    try {
      code = await driver.exited;
    } finally {
      stopping = true; // no restarts once the driver is done (or the test fails): afterEach stops the rest
    }
    expect(code, driver.stderr).toBe(0);
    const { records } = readRecords(out);
    expect(records).toHaveLength(2);
    const n = count(evalLog(log).map((e) => e.id));
    const crash = records.find((r) => r.params['mode'] === 'crash')!;
    expect(crash.status).toBe('failed');
    expect(crash.status === 'failed' && crash.error).toMatch(/stalled/);
    expect(n.get(crash.id)).toBe(2);
    expect(deaths).toBe(2);
    const ok = records.find((r) => r.params['mode'] === 'ok')!;
    expect(ok.status).toBe('ok');
    expect(n.get(ok.id)).toBe(1);
  });
});
