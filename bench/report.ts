/**
 * `codesim report` on a 1,000-point sweep: generation time (first run in the process, which loads vega and
 * vega-lite, and the median of the next runs) and the size of the HTML file. The sweep is synthetic (a
 * deterministic function of 4 parameters, the shape of `results.jsonl`; no model run), so the figure is the
 * report's own cost. Usage: npx tsx bench/report.ts [--points N] [--reps R]
 */
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../src/cli/main.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const POINTS = arg('points', 1000);
const REPS = arg('reps', 3);

// A deterministic LCG (no Math.random: the same sweep every run).
let state = 12345;
const rnd = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: ReadonlyArray<T>): T => xs[Math.floor(rnd() * xs.length)]!;

const dir = mkdtempSync(join(tmpdir(), 'codesim-bench-report-'));
const sweep = join(dir, 'sweep');
mkdirSync(sweep);
const lines: string[] = [];
for (let i = 0; i < POINTS; i++) {
  const params = { peX: pick([8, 12, 14, 16, 20]), peY: pick([11, 12, 14, 16]), glbKB: pick([54, 108, 216]), batch: pick([1, 4, 16]) };
  const pe = params.peX * params.peY;
  const dram = 4e7 / Math.sqrt(params.glbKB) * (1 + rnd() * 0.2);
  const byLevel = { DRAM: dram, GLB: 2e5 * params.glbKB / 54, RF: 1.5e6 };
  const energyTotal = (dram + byLevel.GLB + byLevel.RF + 3e5 + 3.3e5) * params.batch;
  const cycles = Math.round((2e7 / pe) * params.batch * (1 + rnd() * 0.1));
  lines.push(
    JSON.stringify({
      id: `p${i.toString(16).padStart(11, '0')}`,
      index: i,
      params,
      seconds: 0.1,
      seed: 1,
      mapperSeed: 1,
      status: 'ok',
      metrics: { energyUnit: 'MAC-normalized', energy: energyTotal / params.batch, energyTotal, energyPerMac: energyTotal / 3.3e5 / params.batch, cycles, latencyUs: cycles / 200, edp: energyTotal * cycles, macs: 3.3e5 * params.batch, weightMemoryBits: 5e6, powerMW: null, byLevel: Object.fromEntries(Object.entries(byLevel).map(([k, v]) => [k, v * params.batch])), network: 3e5 * params.batch, compute: 3.3e5 * params.batch, mappingsEvaluated: 100 },
    }),
  );
}
writeFileSync(join(sweep, 'results.jsonl'), lines.join('\n') + '\n');
writeFileSync(join(sweep, 'sweep.json'), JSON.stringify({ spec: { name: 'bench', method: 'random', seed: 1, objectives: ['energy', 'latency'], parameters: ['peX', 'peY', 'glbKB', 'batch'].map((name) => ({ name })) } }));

const out = join(dir, 'report.html');
const quiet = { stdout: () => undefined, stderr: () => undefined };
const times: number[] = [];
for (let r = 0; r <= REPS; r++) {
  const t0 = performance.now();
  const code = await main(['report', sweep, '--out', out], quiet);
  times.push((performance.now() - t0) / 1000);
  if (code !== 0) throw new Error(`report exited ${code}`);
}
const warm = times.slice(1).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bench: 'report',
    points: POINTS,
    charts: 4,
    firstRunSeconds: Number(times[0]!.toFixed(2)),
    medianSeconds: Number((warm[Math.floor((warm.length - 1) / 2)] ?? NaN).toFixed(2)),
    htmlBytes: statSync(out).size,
  }),
);
