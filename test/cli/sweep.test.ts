/** `codesim sweep`: --help, located errors (exit 2, nothing on stdout), and a small real sweep with --json. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const ROOT = resolve(__dirname, '../..');
const run = async (argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
};
const write = (text: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'codesim-cli-sweep-'));
  const f = join(dir, 'sweep.yaml');
  writeFileSync(f, text);
  return f;
};
const SMALL = `name: small
base: { arch: ${join(ROOT, 'configs/eyeriss.yaml')}, network: mnist-mlp }
mapper: { samples: 40, climbs: 2 }
parameters:
  - { name: peY, path: arch.pe.y, values: [6, 12] }
  - { name: wbits, path: net.bits.weights, values: [8, 16] }
objectives: [energy, latency]
method: grid
budget: 4
batch: 2
`;

describe('codesim sweep', () => {
  it('--help', async () => {
    const r = await run(['sweep', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: codesim sweep FILE/);
    expect(r.stdout).toMatch(/--point-timeout S/);
  });
  it('an unknown key, a bad level name and an error objective: one located line each, exit 2, nothing on stdout', async () => {
    const f = write(SMALL.replace('budget: 4', 'budget: 4\nbudgte: 5'));
    const r = await run(['sweep', f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`${f}:10:1: budgte: unknown key "budgte" in a sweep (allowed: name, base, parameters, objectives, method, budget, mapper, derived, constraints, batch, seed, training)`);
    const g = write(SMALL.replace('arch.pe.y', 'arch.levels.L2.capacityWords'));
    const r2 = await run(['sweep', g]);
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim()).toBe(`${g}:5:18: parameters[0].path: no level 'L2' in the accelerator (levels: DRAM, GLB, RF)`);
    const h = write(SMALL.replace('objectives: [energy, latency]', 'objectives: [energy, error]'));
    const r3 = await run(['sweep', h]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/the error objective and accuracy \/ error constraints need a training: section/);
  });
  it('runs a small sweep on 2 workers: JSON summary, JSONL and CSV', async () => {
    const f = write(SMALL);
    const out = join(mkdtempSync(join(tmpdir(), 'codesim-out-')), 'o');
    const r = await run(['sweep', f, '--out', out, '--jobs', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { points: number; best: Array<{ params: Record<string, number> }>; sources: Record<string, string> };
    expect(j.points).toBe(4);
    expect(j.best.length).toBeGreaterThan(0);
    expect(j.sources['energy']).toMatch(/mapper heuristic/);
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(4);
    const recs = lines.map((l) => JSON.parse(l) as { status: string; metrics: { energy: number; byLevel: Record<string, number> }; params: Record<string, number> });
    for (const x of recs) {
      expect(x.status).toBe('ok');
      expect(Object.keys(x.metrics.byLevel)).toEqual(['DRAM', 'GLB', 'RF']);
    }
    // 8-bit weights move fewer DRAM words: less energy than 16-bit at the same array.
    const e = (y: number, b: number) => recs.find((x) => x.params['peY'] === y && x.params['wbits'] === b)!.metrics.energy;
    expect(e(12, 8)).toBeLessThan(e(12, 16));
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^id,index,status,peY,wbits,energy,/);
    expect(csv.length).toBe(5);
    // sweep.json names where the energies come from, and the report's sweep header shows it.
    const meta = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { provenance: { arch: string; energyUnit: string; costSources: Record<string, string> } };
    expect(meta.provenance.arch).toBe('eyeriss');
    expect(meta.provenance.energyUnit).toBe('MAC-normalized');
    expect(Object.keys(meta.provenance.costSources)).toEqual(['DRAM', 'GLB', 'RF', 'MAC']);
    expect(meta.provenance.costSources['GLB']).toMatch(/ISCA 2016 Table IV/);
    const html = join(out, 'report.html');
    const rep = await run(['report', out, '--out', html]);
    expect(rep.code, rep.stderr).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).toContain('cost GLB');
    expect(text).toContain('accelerator source');
  });
});
