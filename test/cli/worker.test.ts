/**
 * The queue's command-line surface without a Redis: `codesim worker --help`, missing or malformed `--queue`,
 * an unreachable Redis, and `codesim sweep`'s queue options — each one line on stderr, exit 2, nothing on
 * stdout (never a stack trace or a hang).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { jobIdOf, parseRedisUrl, type PointTask } from '../../src/sweep/index.js';

const ROOT = resolve(__dirname, '../..');
const run = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
};

/** A loopback port with nothing listening (bound, then released). */
const deadPort = (): Promise<number> =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a !== null ? a.port : 1));
    });
  });

describe('codesim worker / sweep --queue: usage errors', () => {
  it('worker --help exits 0 and lists its options', async () => {
    const r = await run(['worker', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--queue URL', '--jobs N', '--lock-duration S', '--stall-interval S', '--max-stalls N', '--idle-exit S']) expect(r.stdout).toContain(o);
  });
  it('bad or missing --queue, bad numbers, unreachable Redis: one line, exit 2', async () => {
    const port = await deadPort();
    const cases: Array<[string[], RegExp]> = [
      [['worker'], /--queue redis:\/\/HOST:PORT is required/],
      [['worker', '--queue', 'http://x:1'], /scheme redis:/],
      [['worker', '--queue', 'not a url'], /must be a redis:\/\/HOST:PORT URL/],
      [['worker', '--queue', 'redis://127.0.0.1:6379', '--jobs', '0'], /--jobs/],
      [['worker', '--queue', `redis://127.0.0.1:${port}`], /cannot reach Redis .*ECONNREFUSED/],
    ];
    for (const [argv, re] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(re);
    }
    const dir = mkdtempSync(join(tmpdir(), 'codesim-worker-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, `name: q\nbase: { arch: ${join(ROOT, 'configs/eyeriss.yaml')}, network: mnist-mlp }\nparameters:\n  - { name: peX, path: arch.pe.x, values: [7, 14] }\nobjectives: [energy]\nmethod: grid\nbudget: 2\n`);
    const sweepCases: Array<[string[], RegExp]> = [
      [['sweep', file, '--queue', 'redis://h:1', '--jobs', '2'], /--jobs is for local threads/],
      [['sweep', file, '--attempts', '2'], /--attempts applies to --queue/],
      [['sweep', file, '--queue', 'ftp://h'], /scheme redis:/],
      [['sweep', file, '--out', join(dir, 'out'), '--queue', `redis://127.0.0.1:${port}`], /cannot reach Redis/],
    ];
    for (const [argv, re] of sweepCases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('codesim sweep: q:')).join('\n')).toMatch(re);
    }
  });
  it('parseRedisUrl: host, port, db, credentials; job ids ignore the ask index only', () => {
    expect(parseRedisUrl('redis://10.0.0.5:6380/2')).toEqual(E.right({ host: '10.0.0.5', port: 6380, db: 2 }));
    expect(parseRedisUrl('redis://u:p%40ss@host')).toEqual(E.right({ host: 'host', port: 6379, db: 0, username: 'u', password: 'p@ss' }));
    expect(E.isLeft(parseRedisUrl('redis://host:1/x'))).toBe(true);
    const task = { id: 'a', index: 0, params: { x: 1 }, archDoc: { b: 1, a: 2 }, network: { zoo: 'lenet5' }, batch: 1, dataflow: null, mapper: { strategy: 'heuristic', objective: 'energy', seed: 1, warmStart: false }, targets: [] } as unknown as PointTask;
    expect(jobIdOf({ ...task, index: 7 })).toBe(jobIdOf(task));
    expect(jobIdOf({ ...task, archDoc: { a: 2, b: 1 } })).toBe(jobIdOf(task));
    expect(jobIdOf({ ...task, params: { x: 2 } })).not.toBe(jobIdOf(task));
    expect(jobIdOf(task)).toMatch(/^p[0-9a-f]{40}$/);
  });
});
