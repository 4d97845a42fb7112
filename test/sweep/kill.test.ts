/**
 * `kill -9` of a real sweep process (the CLI as a child process, 1 worker thread) part-way, then `--resume`:
 * every point recorded before the kill is kept verbatim, none is evaluated again, and the sweep completes with
 * every point exactly once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'test/sweep/fixtures/cli.ts');
const lines = (f: string): string[] => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '') : []);

describe('kill -9 and resume', () => {
  it('no point lost, none evaluated twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codesim-kill-'));
    const file = join(dir, 'sweep.yaml');
    writeFileSync(
      file,
      `name: kill
base: { arch: ${join(ROOT, 'configs/eyeriss.yaml')}, network: mnist-mlp }
parameters:
  - { name: peX, path: arch.pe.x, values: [7, 14] }
  - { name: peY, path: arch.pe.y, values: [3, 6, 12, 14] }
  - { name: glbKB, path: arch.levels.GLB.capacityWords, values: [32, 108], scale: 512 }
objectives: [energy, latency]
method: grid
budget: 16
batch: 1
mapper: { samples: 40, climbs: 2 }
`,
    );
    const out = join(dir, 'out');
    const results = join(out, 'results.jsonl');
    const args = ['--import', 'tsx', CLI, 'sweep', file, '--out', out, '--jobs', '1'];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // Wait until a few points are recorded, then kill -9 mid-sweep.
    const t0 = Date.now();
    while (lines(results).length < 4 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const before = lines(results);
    expect(before.length, stderr).toBeGreaterThanOrEqual(4);
    expect(before.length).toBeLessThan(16);

    const resumed = spawnSync(process.execPath, [...args, '--resume', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { points: number; evaluatedNow: number; reused: number };
    const after = lines(results);
    // The lines written before the kill are kept as they were (a torn last line is not a record).
    const complete = before.filter((l) => {
      try {
        JSON.parse(l);
        return true;
      } catch {
        return false;
      }
    });
    expect(after.slice(0, complete.length)).toEqual(complete);
    const ids = after.map((l) => (JSON.parse(l) as { id: string }).id);
    expect(new Set(ids).size).toBe(16);
    expect(ids.length).toBe(16);
    expect(summary.points).toBe(16);
    expect(summary.reused).toBe(complete.length);
    expect(summary.evaluatedNow).toBe(16 - complete.length);
  });
});
