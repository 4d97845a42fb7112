/**
 * Kernel A/B (issue 9, "the kernel, readable at the same speed"): the two paths of `bench/model.ts` — fused
 * (`analyzeCost`, the mapper's inner loop) and full (`analyze` + `priceTotal`) — timed for several checkouts of the
 * repository, interleaved round by round (A, B, C, A, B, C, …), so that a busy spell of a shared machine hits every
 * checkout alike. Each checkout's own sources are bundled (esbuild, as the CLI ships) with one driver, the same for
 * all: the pool, arch and layer of `bench/model.ts` (its `benchArch` / `randomMapping`, which every checkout since
 * cd3ad81 exports). Each run is a fresh process: warm-up (both paths interleaved, then each alone), then BENCH_RUNS ×
 * BENCH_N evaluations per path.
 * Prints, per round, each checkout's rates (evaluations per CPU second of the process; wall in the JSON) and its
 * ratio to the first checkout, then the medians of the per-round ratios, with the load average.
 *
 * Run: npx tsx bench/abKernel.ts --rounds 6 BASE_DIR MAIN_DIR [THIS_DIR …]   (the first is the reference; e.g.
 *   `git worktree add --detach ../base cd3ad81 && cp -al node_modules ../base/`; THIS_DIR defaults to none: name
 *   `.` for this checkout). Env BENCH_N (500000), BENCH_RUNS (3). `--json` prints one JSON line per round instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, resolve } from 'node:path';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const json = args.includes('--json');
if (json) args.splice(args.indexOf('--json'), 1);
const rounds = Number(flag('--rounds') ?? 6);
const trees = args.map((d) => resolve(d));
if (trees.length < 2) {
  console.error('usage: tsx bench/abKernel.ts [--rounds N] [--json] REFERENCE_DIR OTHER_DIR …');
  process.exit(2);
}

/** The driver, bundled against each checkout's sources (imports resolve from the checkout's root). */
const DRIVER = `
import { performance } from 'node:perf_hooks';
import { Global, analyze, analyzeCost, globalBase, makeContext, prepareCost } from './src/dataflow/index.js';
import { buildErt, priceTotal } from './src/energy/index.js';
import { flatten } from './src/mapping/index.js';
import { toProblem, isMacLayer } from './src/workload/index.js';
import { ZOO } from './src/workload/zoo/index.js';
import { makeRng } from './src/core/index.js';
import { benchArch, randomMapping } from './bench/model.js';

const arch = benchArch();
const layer = ZOO['alexnet']({ batch: 1 }).layers.filter(isMacLayer).find((l) => l.name.toLowerCase().includes('conv3'));
const problem = toProblem(layer);
const rng = makeRng(1);
const pool = Array.from({ length: 2000 }, () => flatten(randomMapping(rng, problem.bounds)));
const ctx = makeContext(arch, problem);
const ert = buildErt(arch, problem);
const cost = prepareCost(ert, ctx.numLevels);
const out = new Float64Array(ctx.resultLength);
let sink = 0;
const timed = (body) => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  body();
  const c = process.cpuUsage(c0);
  return [performance.now() - t0, (c.user + c.system) / 1000];
};
const fused = (n) => timed(() => {
  for (let i = 0, k = 0; i < n; i++) {
    sink += analyzeCost(ctx, pool[k], cost) + ctx.lastGlobals[Global.Cycles];
    if (++k === pool.length) k = 0;
  }
});
const full = (n) => timed(() => {
  for (let i = 0, k = 0; i < n; i++) {
    analyze(ctx, pool[k], out);
    sink += priceTotal(ert, out, ctx.numLevels) + out[globalBase(ctx.numLevels) + Global.Cycles];
    if (++k === pool.length) k = 0;
  }
});
// Warm-up: both modes interleaved first, so that the kernel's first optimised code (and any on-stack-replacement
// code of its loops) already has feedback for both; warmed on fused alone, an OSR copy compiled without the full
// mode's feedback could deoptimise on every full evaluation for a while (seen in ~1 process in 20: both paths 25-35%
// slower in that process).
for (let i = 0, k = 0; i < 20000; i++) {
  sink += analyzeCost(ctx, pool[k], cost);
  analyze(ctx, pool[k], out);
  sink += priceTotal(ert, out, ctx.numLevels);
  if (++k === pool.length) k = 0;
}
fused(200000);
full(200000);
const n = Number(process.env.BENCH_N ?? 500000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const res = { fused: { wall: [], cpu: [] }, full: { wall: [], cpu: [] } };
for (let r = 0; r < runs; r++) {
  for (const [name, f] of [['fused', fused], ['full', full]]) {
    const [w, c] = f(n);
    res[name].wall.push(n / (w / 1000));
    res[name].cpu.push(n / (c / 1000));
  }
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(JSON.stringify({
  fused: { cpu: Math.round(med(res.fused.cpu)), wall: Math.round(med(res.fused.wall)) },
  full: { cpu: Math.round(med(res.full.cpu)), wall: Math.round(med(res.full.wall)) },
  sink: sink > 0,
}));
`;

interface Rates { readonly cpu: number; readonly wall: number }
interface Result { readonly fused: Rates; readonly full: Rates }

const bundleFor = async (tree: string): Promise<string> => {
  mkdirSync(`${tree}/dist/bench`, { recursive: true });
  const outfile = `${tree}/dist/bench/abKernelDriver.mjs`;
  await build({
    stdin: { contents: DRIVER, resolveDir: tree, loader: 'ts', sourcefile: 'abKernelDriver.ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning',
  });
  return outfile;
};

const runOnce = (driver: string): Result => {
  const r = spawnSync(process.execPath, [driver], { encoding: 'utf8', env: process.env });
  if (r.status !== 0) throw new Error(`${driver} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Result;
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const main = async (): Promise<void> => {
  const labels = trees.map((t, i) => `${i}:${basename(t)}`);
  const drivers: string[] = [];
  for (const t of trees) drivers.push(await bundleFor(t));
  const ratios: Record<'fused' | 'full', number[][]> = { fused: trees.map(() => []), full: trees.map(() => []) };
  const fmt = (x: number): string => `${(x / 1e6).toFixed(3)}M`;
  if (!json) console.log(`checkouts: ${labels.join(', ')} (ratios vs ${labels[0]}, evaluations per CPU second)`);
  for (let round = 0; round < rounds; round++) {
    const results = drivers.map(runOnce);
    const load = loadavg()[0]!.toFixed(2);
    for (const path of ['fused', 'full'] as const) results.forEach((r, i) => ratios[path][i]!.push(r[path].cpu / results[0]![path].cpu));
    if (json) console.log(JSON.stringify({ round, load, results }));
    else {
      const line = (path: 'fused' | 'full'): string =>
        results.map((r, i) => (i === 0 ? fmt(r[path].cpu) : `${fmt(r[path].cpu)} (${(r[path].cpu / results[0]![path].cpu).toFixed(3)})`)).join('  ');
      console.log(`round ${round + 1} load ${load}  fused ${line('fused')}  |  full ${line('full')}`);
    }
  }
  const summary = labels.slice(1).map((label, k) => ({
    checkout: label,
    fusedRatioMedian: Number(median(ratios.fused[k + 1]!).toFixed(3)),
    fullRatioMedian: Number(median(ratios.full[k + 1]!).toFixed(3)),
  }));
  console.log(JSON.stringify({ bench: 'kernel-ab', reference: labels[0], rounds, evaluationsPerRun: Number(process.env.BENCH_N ?? 500000), summary }));
};

await main();
