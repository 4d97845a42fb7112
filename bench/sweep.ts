/**
 * Sweep benchmarks (issue 12), on the hardware sweep `sweeps/eyeriss-hw.yaml` (AlexNet, row-stationary):
 * 1. throughput in points/s on 1 and 2 long-lived workers (the bundled worker `dist/bundle/pointWorker.js`, as
 *    shipped; run `npm run build` first), the same random points for both, runs interleaved;
 * 2. the driver's overhead per point (a zero-cost synthetic evaluator in-process: asks, tells, JSONL appends with
 *    fsync, state file), for random search and BO;
 * 3. the gain of mapper warm starts: the same neighbouring points (grid order) evaluated in-process with and
 *    without `warmStart`, time and energy.
 *
 * Usage: npx tsx bench/sweep.ts [--points N] [--reps R]
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { decodeSweep, type SweepSpec } from '../src/config/sweep.js';
import { makeDriver } from '../src/sweep/driver.js';
import { evaluatePoint, newWarmState, type PointOutcome, type PointTask } from '../src/sweep/point.js';
import { inProcessBackend, piscinaBackend } from '../src/sweep/pointPool.js';
import { runSweep, type SweepBase } from '../src/sweep/run.js';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const POINTS = arg('points', 16);
const REPS = arg('reps', 2);
/** `--only throughput` runs part 1 only. */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

const specOf = (over: Record<string, unknown>): SweepSpec => {
  const doc = parse(readFileSync(join(ROOT, 'sweeps/eyeriss-hw.yaml'), 'utf8')) as Record<string, unknown>;
  const r = decodeSweep({ ...doc, ...over });
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};
const base: SweepBase = { archDoc: parse(readFileSync(join(ROOT, 'configs/eyeriss.yaml'), 'utf8')), network: { zoo: 'alexnet' } };
const tmp = (): string => mkdtempSync(join(tmpdir(), 'codesim-bench-sweep-'));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// 1. Throughput on 1 and 2 workers.
const worker = new URL('../dist/bundle/pointWorker.js', import.meta.url);
if (!existsSync(worker)) throw new Error('run `npm run build` first (dist/bundle/pointWorker.js)');
const hw = specOf({ method: 'random', budget: POINTS, batch: arg('batch', 4), seed: 7 });
const rate: Record<number, number[]> = { 1: [], 2: [] };
// CPU seconds of the whole process (driver + worker threads) per point: equal on 1 and 2 workers means running
// points side by side costs no extra work (no per-task start-up, no cold JIT), so on an idle 2-core machine the
// throughput would double; wall-clock rates are what a shared machine happens to give.
const cpuPerPoint: Record<number, number[]> = { 1: [], 2: [] };
for (let rep = 0; rep < REPS; rep++) {
  for (const jobs of [1, 2]) {
    const backend = piscinaBackend(jobs, worker);
    // Warm-up: one point per worker (thread start-up, module load), not timed.
    await runSweep(specOf({ method: 'random', budget: jobs, batch: jobs, seed: 1000 + rep }), base, { outDir: tmp(), resume: false, pointTimeoutS: null, backend });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await runSweep(hw, base, { outDir: tmp(), resume: false, pointTimeoutS: null, backend });
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    await backend.close();
    if (E.isLeft(r)) throw new Error(r.left.join('\n'));
    rate[jobs]!.push(r.right.records.length / s);
    cpuPerPoint[jobs]!.push((c.user + c.system) / 1e6 / r.right.records.length);
    console.log(`throughput rep ${rep + 1}, ${jobs} worker(s): ${r.right.records.length} points in ${s.toFixed(2)} s = ${(r.right.records.length / s).toFixed(3)} points/s; CPU ${((c.user + c.system) / 1e6).toFixed(2)} s = ${((c.user + c.system) / 1e6 / r.right.records.length).toFixed(3)} s per point`);
  }
}
const r1 = median(rate[1]!);
const r2 = median(rate[2]!);
console.log(`throughput (median of ${REPS}): 1 worker ${r1.toFixed(3)} points/s, 2 workers ${r2.toFixed(3)} points/s, speed-up ${(r2 / r1).toFixed(2)}x; CPU per point ${median(cpuPerPoint[1]!).toFixed(3)} s vs ${median(cpuPerPoint[2]!).toFixed(3)} s (ratio ${(median(cpuPerPoint[2]!) / median(cpuPerPoint[1]!)).toFixed(2)})`);
if (ONLY === 'throughput') process.exit(0);

// 2. Driver overhead per point (synthetic evaluator, in-process).
const synthetic = (task: PointTask): PointOutcome => {
  const v = Object.values(task.params).reduce<number>((a, x) => a + (typeof x === 'number' ? x : 0), 0);
  return {
    status: 'ok',
    metrics: { energyUnit: 'pJ', energy: 1e9 + v * 1e6, energyTotal: 1e9, energyPerMac: 1, cycles: 1e6 - v * 100, latencyUs: 5000 - v, edp: 1e15, macs: 1, weightMemoryBits: 1, powerMW: null, byLevel: { DRAM: 1 }, network: 0, compute: 0, mappingsEvaluated: 0 },
  };
};
for (const [method, n] of [['random', 200], ['nsga2', 200], ['bo', 40]] as const) {
  const s = specOf({ method, budget: n, batch: 2, seed: 3 });
  const t0 = performance.now();
  const r = await runSweep(s, base, { outDir: tmp(), resume: false, pointTimeoutS: null, backend: inProcessBackend(synthetic) });
  const ms = performance.now() - t0;
  if (E.isLeft(r)) throw new Error(r.left.join('\n'));
  console.log(`driver overhead, ${method} (2 objectives, ${n} points): ${(ms / n).toFixed(2)} ms per point (asks, tells, JSONL append + fsync, state file)`);
}

// 3. Mapper warm starts: neighbouring points (grid order) with and without warmStart.
const grid = specOf({ method: 'grid', budget: 12, batch: 1 });
const drv = makeDriver(grid, () => ({ weightMemoryBits: 0, macs: 0, areaMm2: null, onChipKB: null }));
if (E.isLeft(drv)) throw new Error(drv.left);
let st = drv.right.optimizer.init(1);
const points: Array<Record<string, number | string>> = [];
while (points.length < 12) {
  const a = drv.right.optimizer.ask(st, 1);
  if (E.isLeft(a) || a.right[0].length === 0) break;
  points.push({ ...a.right[0][0]! });
  st = a.right[1];
}
const task = (params: Record<string, number | string>, warmStart: boolean): PointTask => ({
  id: 'x', index: 0, params, archDoc: base.archDoc, network: base.network, batch: 1, dataflow: grid.base.dataflow,
  mapper: { ...grid.mapper, warmStart }, targets: grid.parameters.map((p) => ({ name: p.name, path: p.path, scale: p.scale })),
  training: null,
  hwLimits: [],
});
const timed = (warmStart: boolean): { s: number; energies: number[]; evaluated: number } => {
  const w = newWarmState();
  const t0 = performance.now();
  const energies: number[] = [];
  let evaluated = 0;
  for (const p of points) {
    const o = evaluatePoint(task(p, warmStart), w);
    energies.push(o.status === 'ok' ? o.metrics.energy : NaN);
    evaluated += o.status === 'ok' ? o.metrics.mappingsEvaluated : 0;
  }
  return { s: (performance.now() - t0) / 1000, energies, evaluated };
};
timed(false); // JIT warm-up
const cold = [timed(false), timed(false)];
const warm = [timed(true), timed(true)];
const diffs = cold[0]!.energies.map((e, i) => (warm[0]!.energies[i]! - e) / e);
console.log(
  `warm starts, ${points.length} neighbouring eyeriss-hw points in-process: cold ${cold.map((c) => c.s.toFixed(2)).join(' / ')} s (${cold[0]!.evaluated.toLocaleString('en-US')} mappings evaluated), ` +
    `warm ${warm.map((c) => c.s.toFixed(2)).join(' / ')} s (${warm[0]!.evaluated.toLocaleString('en-US')} mappings); ` +
    `energy warm vs cold: mean ${(100 * diffs.reduce((a, b) => a + b, 0) / diffs.length).toFixed(3)}%, worst ${(100 * Math.max(...diffs)).toFixed(3)}%, best ${(100 * Math.min(...diffs)).toFixed(3)}%`,
);
