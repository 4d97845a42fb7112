/**
 * Mapper benchmark (JSON line per measurement), all on configs/eyeriss.yaml, row-stationary, objective energy:
 * 1. heuristic vs the exact exhaustive search (branch and bound), per layer, on LeNet-5 and the MNIST MLP;
 * 2. heuristic (seeds 1, 2, 3) vs the exact optima of the AlexNet and VGG-16 CONV layers, read from
 *    bench/results/exact-optima.json (written by bench/exact.ts, which takes tens of minutes);
 * 3. mappings evaluated per second in the searches above (one thread): the heuristic's and the exhaustive
 *    search's separately, and both together;
 * 4. wall time of `codesim map` for AlexNet and VGG-16 with 1 and 2 workers (compiled CLI; run `npm run build`).
 * Run: npx tsx bench/mapper.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { decodeArch } from '../src/config/arch.js';
import { decodeDataflows, withStorage } from '../src/config/dataflow.js';
import { makeMapspace } from '../src/mapping/index.js';
import { search, type SearchOptions, type SearchResult } from '../src/mapper/index.js';
import { isMacLayer, toProblem } from '../src/workload/index.js';
import { ZOO } from '../src/workload/zoo/index.js';

const doc = parse(readFileSync(new URL('../configs/eyeriss.yaml', import.meta.url), 'utf8'));
const archE = decodeArch(doc);
if (E.isLeft(archE)) throw new Error('configs/eyeriss.yaml');
const dfs = decodeDataflows(doc.dataflows, archE.right);
if (E.isLeft(dfs)) throw new Error('dataflows');
const spec = dfs.right[0]!;
const arch = withStorage(archE.right, spec);
const run = (net: string, layerName: string, opts: SearchOptions): SearchResult & { seconds: number } => {
  const layer = ZOO[net]!({ batch: 1 }).layers.filter(isMacLayer).find((l) => l.name === layerName)!;
  const t0 = performance.now();
  const r = search(makeMapspace(arch, toProblem(layer), spec.dataflow), opts);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return { ...r.right, seconds: (performance.now() - t0) / 1000 };
};
const base: SearchOptions = { objective: 'energy', strategy: 'heuristic', seed: 1 };
const print = (o: object) => console.log(JSON.stringify(o));

// Mappings evaluated and seconds spent, per strategy (the throughput line reports each and their sum).
const spent = { heuristic: { evals: 0, secs: 0 }, exhaustive: { evals: 0, secs: 0 } };
for (const net of ['lenet5', 'mnist-mlp']) {
  for (const layer of ZOO[net]!({ batch: 1 }).layers.filter(isMacLayer)) {
    const ex = run(net, layer.name, { ...base, strategy: 'exhaustive', budget: 200_000_000 });
    const h = run(net, layer.name, base);
    spent.exhaustive.evals += ex.evaluated;
    spent.exhaustive.secs += ex.seconds;
    spent.heuristic.evals += h.evaluated;
    spent.heuristic.secs += h.seconds;
    print({ bench: 'heuristic-vs-exhaustive', network: net, layer: layer.name, exhaustiveComplete: ex.complete, exhaustiveEvaluated: ex.evaluated, exhaustiveSeconds: +ex.seconds.toFixed(2), heuristicEvaluated: h.evaluated, heuristicSeconds: +h.seconds.toFixed(3), gapPercent: +((h.energy / ex.energy - 1) * 100).toFixed(4) });
  }
}
const optimaFile = new URL('./results/exact-optima.json', import.meta.url);
const optima: Array<{ network: string; layer: string; energy: number; complete: boolean }> = existsSync(optimaFile) ? JSON.parse(readFileSync(optimaFile, 'utf8')).layers : [];
if (optima.length === 0) print({ bench: 'heuristic-vs-exact-optimum', skipped: 'bench/results/exact-optima.json missing: run bench/exact.ts' });
let worstGap = 0;
for (const o of optima) {
  const hs = [1, 2, 3].map((seed) => run(o.network, o.layer, { ...base, seed }));
  spent.heuristic.evals += hs.reduce((a, h) => a + h.evaluated, 0);
  spent.heuristic.secs += hs.reduce((a, h) => a + h.seconds, 0);
  const gaps = hs.map((h) => +((h.energy / o.energy - 1) * 100).toFixed(3));
  worstGap = Math.max(worstGap, ...gaps);
  print({ bench: 'heuristic-vs-exact-optimum', network: o.network, layer: o.layer, exactComplete: o.complete, heuristicEvaluated: hs[0]!.evaluated, heuristicSeconds: +hs[0]!.seconds.toFixed(3), gapPercentSeeds123: gaps });
}
if (optima.length > 0) print({ bench: 'heuristic-vs-exact-optimum-worst', layers: optima.length, seeds: 3, worstGapPercent: worstGap });
const rate = (x: { evals: number; secs: number }) => ({ mappingsEvaluated: x.evals, seconds: +x.secs.toFixed(1), mappingsPerSecond: Math.round(x.evals / x.secs) });
const both = { evals: spent.heuristic.evals + spent.exhaustive.evals, secs: spent.heuristic.secs + spent.exhaustive.secs };
print({ bench: 'mapper-search-throughput', heuristic: rate(spent.heuristic), exhaustive: rate(spent.exhaustive), both: rate(both) });

const cli = new URL('../bin/codesim.mjs', import.meta.url).pathname;
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
for (const net of ['alexnet', 'vgg16']) {
  for (const jobs of [1, 2]) {
    // Three runs each (this VM's speed drifts): median and minimum.
    const mapping: number[] = [];
    const wall: number[] = [];
    let d: { layers: unknown[]; mappingsEvaluated: number; mappingsPerSecond: number } = { layers: [], mappingsEvaluated: 0, mappingsPerSecond: 0 };
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const out = execFileSync(process.execPath, [cli, 'map', '--net', net, '--json', '--jobs', String(jobs)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      wall.push((performance.now() - t0) / 1000);
      d = JSON.parse(out);
      mapping.push((d as unknown as { seconds: number }).seconds);
    }
    print({
      bench: 'map-network', network: net, jobs, layers: d.layers.length, runs: 3,
      mappingSecondsMedian: +median(mapping).toFixed(2), mappingSecondsMin: +Math.min(...mapping).toFixed(2),
      wallSecondsIncludingStartupMedian: +median(wall).toFixed(2), wallSecondsIncludingStartupMin: +Math.min(...wall).toFixed(2),
      mappingsEvaluated: d.mappingsEvaluated,
    });
  }
}
