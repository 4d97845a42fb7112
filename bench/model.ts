/**
 * Model benchmark: mapping evaluations per second (nest analysis + pricing) for one layer (AlexNet CONV3) on a
 * 4-level Eyeriss-like hierarchy, over a pool of 2,000 random mappings. (Whole-network `evaluateNetwork` time is
 * bench/network.ts.) Two paths, interleaved, BENCH_RUNS (5) runs of BENCH_N (1M) evaluations each: the fused
 * `analyzeCost` (the mapper's inner loop) and `analyze` + `priceTotal` (every count). Each path's line gives the
 * median / min / max rate per wall-clock second and per CPU second of this process (steadier on a shared
 * machine). `npm run bench` runs it bundled (as the CLI ships) and under tsx. Then the fused path under each
 * counting convention (issue 13: the arch's `countingConvention`), interleaved the same way.
 * Run: npx tsx bench/model.ts   (prints a JSON line per path and per convention)
 */
import { performance } from 'node:perf_hooks';
import { Global, analyze, analyzeCost, globalBase, makeContext, prepareCost } from '../src/dataflow/index.js';
import { buildErt, priceTotal } from '../src/energy/index.js';
import { flatten, type FlatMapping, type Mapping } from '../src/mapping/index.js';
import { DIMS, toProblem, isMacLayer, type Dim, type DimVector } from '../src/workload/index.js';
import { ZOO } from '../src/workload/zoo/index.js';
import { makeRng, type Rng } from '../src/core/index.js';
import { COUNTING_CONVENTIONS, type Arch } from '../src/arch/index.js';

export const benchArch = (): Arch => {
  const fmt = { format: 'uncompressed' as const, metadataBits: 0 };
  const lvl = (name: string, kind: 'dram' | 'sram' | 'regfile', instances: number, mx: number, my: number, e: number) => ({
    name, kind, capacityWords: kind === 'dram' ? Infinity : 1 << 30, partitionWords: null, wordBits: 16, blockWords: 1,
    instances, meshX: mx, meshY: my, bandwidthWordsPerCycle: kind === 'dram' ? 4 : Infinity,
    keeps: { W: true, I: true, O: true }, energy: { read: e, write: e, gatedFraction: 0, metadataPerWord: 1 },
    formats: { W: fmt, I: fmt, O: fmt }, actionOptimizations: [], costSource: 'bench',
  });
  return {
    name: 'eyeriss-like-4level', source: 'bench', clockMHz: 200, energyUnit: 'MAC-normalized',
    levels: [lvl('DRAM', 'dram', 1, 1, 1, 200), lvl('GLB', 'sram', 1, 1, 1, 6), lvl('PEbuf', 'regfile', 168, 14, 12, 2), lvl('RF', 'regfile', 168, 14, 12, 1)],
    networks: [0, 0, 2, 0].map((e) => ({ energyPerWord: e, multicast: true, spatialReduction: true })),
    compute: { instances: 168, meshX: 14, meshY: 12, multiplyEnergy: 0.94, addEnergy: 0.06, refBits: 16, sparse: 'none', gatedFraction: 0, costSource: 'bench' },
    scaleAccessEnergyWithBits: false,
  };
};

const divisors = (n: number): number[] => [...Array(n).keys()].map((i) => i + 1).filter((d) => n % d === 0);

/** A random mapping: random divisor splits over 4 levels, spatial X/Y at GLB within 14 × 12, random orders. */
export const randomMapping = (rng: Rng, bounds: DimVector): Mapping => {
  const levels = Array.from({ length: 4 }, () => ({
    temporal: { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 } as Record<Dim, number>,
    sx: { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 } as Record<Dim, number>,
    sy: { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 } as Record<Dim, number>,
  }));
  let roomX = 14;
  let roomY = 12;
  for (const d of DIMS) {
    let left = bounds[d];
    const sxOpts = divisors(left).filter((f) => f <= roomX);
    const fx = rng.next() < 0.3 ? sxOpts[rng.int(sxOpts.length)]! : 1;
    levels[1]!.sx[d] = fx; roomX = Math.floor(roomX / fx); left /= fx;
    const syOpts = divisors(left).filter((f) => f <= roomY);
    const fy = rng.next() < 0.3 ? syOpts[rng.int(syOpts.length)]! : 1;
    levels[1]!.sy[d] = fy; roomY = Math.floor(roomY / fy); left /= fy;
    for (let l = 3; l >= 1; l--) {
      const opts = divisors(left);
      const f = opts[rng.int(opts.length)]!;
      levels[l]!.temporal[d] = f;
      left /= f;
    }
    levels[0]!.temporal[d] = left;
  }
  return {
    origin: 'bench',
    levels: levels.map((l) => {
      const perm = [...DIMS];
      for (let i = perm.length - 1; i > 0; i--) { const j = rng.int(i + 1); [perm[i], perm[j]] = [perm[j]!, perm[i]!]; }
      return { temporal: l.temporal as DimVector, permutation: perm, spatialX: l.sx as DimVector, spatialY: l.sy as DimVector, keep: { W: true, I: true, O: true } };
    }),
  };
};

/** Median of a non-empty list. */
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const main = (): void => {
  const arch = benchArch();
  const net = ZOO['alexnet']!({ batch: 1 });
  const layer = net.layers.filter(isMacLayer).find((l) => l.name.toLowerCase().includes('conv3'))!;
  const problem = toProblem(layer);
  const rng = makeRng(1);
  const pool: FlatMapping[] = Array.from({ length: 2000 }, () => flatten(randomMapping(rng, problem.bounds)));
  const ctx = makeContext(arch, problem);
  const ert = buildErt(arch, problem);
  const cost = prepareCost(ert, ctx.numLevels);
  const out = new Float64Array(ctx.resultLength);
  let sink = 0;
  // Cycle through the pool in order (a wrapped index rather than i % length: no division in the timed loop).
  // fused: what the mapper runs per point (total energy and cycles, `analyzeCost`);
  // full: every count of the result layout, then priced (`analyze` + `priceTotal`, as reports use).
  // Each returns [wall ms, CPU ms of this process]: on a shared machine the CPU time is the steadier figure.
  const timed = (body: () => void): [number, number] => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    body();
    const c = process.cpuUsage(c0);
    return [performance.now() - t0, (c.user + c.system) / 1000];
  };
  const fused = (n: number): [number, number] =>
    timed(() => {
      for (let i = 0, k = 0; i < n; i++) {
        sink += analyzeCost(ctx, pool[k]!, cost) + ctx.lastGlobals[Global.Cycles]!;
        if (++k === pool.length) k = 0;
      }
    });
  const full = (n: number): [number, number] =>
    timed(() => {
      for (let i = 0, k = 0; i < n; i++) {
        analyze(ctx, pool[k]!, out);
        sink += priceTotal(ert, out, ctx.numLevels) + out[globalBase(ctx.numLevels) + Global.Cycles]!;
        if (++k === pool.length) k = 0;
      }
    });
  // Warm-up: both paths interleaved first, so that the kernel's first optimised code (and any on-stack-replacement
  // code of its loops) has feedback for both modes — warmed on the fused path alone, an OSR copy compiled without the
  // full mode's feedback could deoptimise on every full evaluation for a while (~1 process in 20 ran 25–35% slower);
  // then each path alone.
  for (let i = 0, k = 0; i < 20_000; i++) {
    sink += analyzeCost(ctx, pool[k]!, cost);
    sink += priceTotal(ert, analyze(ctx, pool[k]!, out), ctx.numLevels);
    if (++k === pool.length) k = 0;
  }
  fused(200_000);
  full(200_000);
  const n = Number(process.env.BENCH_N ?? 1_000_000);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const rates = { fused: [] as number[], full: [] as number[] };
  const cpuRates = { fused: [] as number[], full: [] as number[] };
  for (let r = 0; r < runs; r++) {
    for (const path of ['fused', 'full'] as const) {
      const [wallMs, cpuMs] = (path === 'fused' ? fused : full)(n);
      rates[path].push(n / (wallMs / 1000));
      cpuRates[path].push(n / (cpuMs / 1000));
    }
  }
  const runtime = process.argv[1]?.endsWith('.mjs') ? 'bundled (esbuild ESM, as the CLI and workers ship)' : 'tsx';
  // The fused path under each counting convention (one context per convention; the same pool), interleaved.
  const byConv = COUNTING_CONVENTIONS.map((c) => {
    const cctx = makeContext({ ...arch, countingConvention: c }, problem);
    const ccost = prepareCost(buildErt(arch, problem), cctx.numLevels);
    const run = (m: number): number => {
      const t0 = performance.now();
      for (let i = 0, k = 0; i < m; i++) {
        sink += analyzeCost(cctx, pool[k]!, ccost) + cctx.lastGlobals[Global.Cycles]!;
        if (++k === pool.length) k = 0;
      }
      return performance.now() - t0;
    };
    return { convention: c, run, rates: [] as number[] };
  });
  for (const b of byConv) b.run(200_000);
  for (let r = 0; r < runs; r++) for (const b of byConv) b.rates.push(n / (b.run(n) / 1000));
  for (const b of byConv) {
    console.log(JSON.stringify({
      bench: 'mapping-evaluations', path: 'fused', convention: b.convention, runtime, layer: layer.name, arch: arch.name, evaluationsPerRun: n, runs,
      evaluationsPerSecond: { median: Math.round(median(b.rates)), min: Math.round(Math.min(...b.rates)), max: Math.round(Math.max(...b.rates)) },
    }));
  }
  for (const [path, what] of [['fused', 'analyzeCost: energy + cycles, the mapper\'s path'], ['full', 'analyze + priceTotal: every count slot']] as const) {
    const xs = rates[path];
    console.log(JSON.stringify({
      bench: 'mapping-evaluations', path, what, runtime, layer: layer.name, arch: arch.name, poolMappings: pool.length, evaluationsPerRun: n, runs,
      evaluationsPerSecond: { median: Math.round(median(xs)), min: Math.round(Math.min(...xs)), max: Math.round(Math.max(...xs)) },
      evaluationsPerCpuSecond: { median: Math.round(median(cpuRates[path])), min: Math.round(Math.min(...cpuRates[path])), max: Math.round(Math.max(...cpuRates[path])) },
      sink: sink > 0,
    }));
  }
};

if (process.argv[1]?.endsWith("model.ts") || process.argv[1]?.endsWith("model.mjs")) main();
