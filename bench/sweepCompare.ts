/**
 * Compare sweep methods on one sweep file over seeds (issue 12's tables): for each method, the best feasible
 * value of the first objective after k evaluations (median [q25, q75] over seeds; 2–3 objectives: the
 * hypervolume of the feasible front, objectives normalized by the reference point), the evaluations spent on
 * points that violate a constraint, and the evaluations to reach within `--near` of the best value any run found.
 *
 * Usage: npx tsx bench/sweepCompare.ts FILE --methods hw-ieci,bo,random --seeds 3 [--budget N] [--jobs 2]
 *        [--near 0.01] [--train-limit N] [--test-limit N] [--epochs N] [--out DIR]
 * `--train-limit` / `--test-limit` / `--epochs` override the file's training section (smaller runs: say so
 * with the table); `--out DIR` keeps every run's results in DIR/<method>-seed<k> (default: a temporary folder);
 * `--from DIR` prints the table from such kept results without running anything (e.g. another `--near`);
 * `--target V` (one objective) adds the evaluations each run needs to reach a best value ≤ V (a fixed
 * near-optimal region, less sensitive to one lucky run than `--near`).
 * Prints the command, the wall time of every run and the load average before and after, then the table.
 * Needs `npm run build` (the bundled point worker).
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { decodeSweep, type SweepMethod, type SweepSpec } from '../src/config/index.js';
import { hypervolume, paretoFront, quartiles } from '../src/optimize/index.js';
import { isFeasible, objectiveValue, piscinaBackend, readRecords, runSweep, type PointRecord } from '../src/sweep/index.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const file = argv[0];
if (file === undefined) throw new Error('usage: bench/sweepCompare.ts FILE --methods a,b --seeds S');
const methods = (opt('methods') ?? 'hw-ieci,bo,random').split(',') as SweepMethod[];
const seeds = Number(opt('seeds') ?? 3);
const jobs = Number(opt('jobs') ?? 2);
const near = Number(opt('near') ?? 0.01);
const target = opt('target') === undefined ? null : Number(opt('target'));
const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const dir = dirname(resolve(file));
const base0 = doc['base'] as { arch: string; network: string };
const archDoc = parse(readFileSync(resolve(dir, base0.arch), 'utf8'));
const worker = new URL('../dist/bundle/pointWorker.js', import.meta.url);
const trainingOverrides: Record<string, number> = {};
for (const [flag, key] of [['train-limit', 'trainLimit'], ['test-limit', 'testLimit'], ['epochs', 'epochs']] as const) {
  if (opt(flag) !== undefined) trainingOverrides[key] = Number(opt(flag));
}
const outRoot = opt('out');
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' / ');
const started = Date.now();
console.log(`command: npx tsx bench/sweepCompare.ts ${argv.join(' ')}`);
console.log(`started ${new Date(started).toISOString()}, load average (1 / 5 / 15 min) ${load()}`);

const runs: Record<string, PointRecord[][]> = {};
let spec0: SweepSpec | undefined;
for (const method of methods) {
  runs[method] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const training = doc['training'] === undefined ? {} : { training: { ...(doc['training'] as Record<string, unknown>), ...trainingOverrides } };
    const r0 = decodeSweep({ ...doc, ...training, method, seed, ...(opt('budget') ? { budget: Number(opt('budget')) } : {}) });
    if (E.isLeft(r0)) throw new Error(JSON.stringify(r0.left));
    const spec = r0.right;
    spec0 ??= spec;
    const from = opt('from');
    if (from !== undefined) {
      runs[method]!.push([...readRecords(join(from, `${method}-seed${seed}`)).records].sort((a, b) => a.index - b.index));
      continue;
    }
    const backend = piscinaBackend(jobs, worker);
    const t0 = Date.now();
    const outDir = outRoot === undefined ? mkdtempSync(join(tmpdir(), 'codesim-cmp-')) : join(outRoot, `${method}-seed${seed}`);
    if (outRoot !== undefined) mkdirSync(outDir, { recursive: true });
    const r = await runSweep(spec, { archDoc, network: { zoo: base0.network } }, { outDir, resume: false, pointTimeoutS: null, backend });
    await backend.close();
    if (E.isLeft(r)) throw new Error(r.left.join('\n'));
    runs[method]!.push([...r.right.records].sort((a, b) => a.index - b.index));
    console.log(`${method} seed ${seed}: ${r.right.records.length} points in ${((Date.now() - t0) / 1000).toFixed(1)} s (load average ${load()})`);
  }
}
const spec = spec0!;
const m = spec.objectives.length;
const values = (rec: PointRecord): number[] | null => (isFeasible(spec, rec) ? spec.objectives.map((o) => objectiveValue(o, rec)!) : null);
const all = Object.values(runs).flat(2).map(values).filter((v): v is number[] => v !== null);
const ref = spec.objectives.map((_, j) => Math.max(...all.map((v) => v[j]!)) * 1.1);
const score = (recs: PointRecord[]): number => {
  const vs = recs.map(values).filter((v): v is number[] => v !== null);
  if (m === 1) return vs.length === 0 ? NaN : Math.min(...vs.map((v) => v[0]!));
  const front = paretoFront(vs).map((i) => vs[i]!.map((x, j) => x / ref[j]!));
  return hypervolume(front, ref.map(() => 1));
};
const overall = m === 1 ? Math.min(...all.map((v) => v[0]!)) : Math.max(...Object.values(runs).flat().map((r) => score(r)));
const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(3) : '–');
const q = (xs: number[]): string => {
  const r = quartiles(xs.filter(Number.isFinite));
  return `${fmt(r.median)} [${fmt(r.q25)}, ${fmt(r.q75)}]`;
};
const n = Math.max(...Object.values(runs).flat().map((r) => r.length));
const checkpoints = [...new Set([Math.ceil(n / 4), Math.ceil(n / 2), Math.ceil((3 * n) / 4), n])];
console.log(`all runs: ${((Date.now() - started) / 1000).toFixed(0)} s wall, load average at the end ${load()}`);
console.log(`${spec.name}: ${m === 1 ? `best feasible ${spec.objectives[0]}` : `hypervolume of the feasible front (${spec.objectives.join(', ')}; normalized, reference 1.1 × worst)`}, median [q25, q75] over ${seeds} seeds`);
const targetHead = target === null || m !== 1 ? '' : ` evaluations to reach ≤ ${target} |`;
console.log(`| method | ${checkpoints.map((k) => `after ${k}`).join(' | ')} | evaluations on constraint-violating points | evaluations to within ${near * 100}% of the best any run found (${fmt(overall)}) |${targetHead}`);
console.log(`|---|${checkpoints.map(() => '---|').join('')}---|---|${targetHead === '' ? '' : '---|'}`);
for (const method of methods) {
  const rs = runs[method]!;
  const cols = checkpoints.map((k) => q(rs.map((r) => score(r.slice(0, k)))));
  const wasted = q(rs.map((r) => r.filter((x) => x.status === 'ok' && !isFeasible(spec, x)).length));
  const reach = rs.map((r) => {
    for (let k = 1; k <= r.length; k++) {
      const s = score(r.slice(0, k));
      if (m === 1 ? s <= overall * (1 + near) : s >= overall * (1 - near)) return k;
    }
    return NaN;
  });
  const reached = reach.filter(Number.isFinite).length;
  let targetCol = '';
  if (target !== null && m === 1) {
    const hit = rs.map((r) => {
      for (let k = 1; k <= r.length; k++) if (score(r.slice(0, k)) <= target) return k;
      return NaN;
    });
    targetCol = ` ${q(hit)} (${hit.filter(Number.isFinite).length}/${rs.length} runs reach it) |`;
  }
  console.log(`| ${method} | ${cols.join(' | ')} | ${wasted} | ${q(reach)} (${reached}/${rs.length} runs reach it) |${targetCol}`);
}
