/**
 * Mapper benchmark (JSON line per measurement):
 * 1. heuristic vs exact exhaustive, per layer, where the exhaustive search completes (LeNet-5, MNIST MLP on
 *    configs/eyeriss.yaml, row-stationary) — the gap to the true optimum of the mapspace;
 * 2. AlexNet and VGG-16 CONV layers, whose mapspaces (~1e9–1e10 points) are beyond exhaustive enumeration:
 *    the default heuristic vs a 5× longer heuristic search, best of 3 seeds (a reference, NOT the optimum);
 * 3. mappings evaluated per second in the search (one thread);
 * 4. wall time of `codesim map` for AlexNet and VGG-16 with 1 and 2 workers (compiled CLI; run `npm run build`).
 * Run: npx tsx bench/mapper.ts
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

let evals = 0;
let secs = 0;
for (const net of ['lenet5', 'mnist-mlp']) {
  for (const layer of ZOO[net]!({ batch: 1 }).layers.filter(isMacLayer)) {
    const ex = run(net, layer.name, { ...base, strategy: 'exhaustive', budget: 3_000_000 });
    const h = run(net, layer.name, base);
    evals += ex.evaluated + h.evaluated;
    secs += ex.seconds + h.seconds;
    print({ bench: 'heuristic-vs-exhaustive', network: net, layer: layer.name, exhaustiveComplete: ex.complete, exhaustiveEvaluated: ex.evaluated, exhaustiveSeconds: +ex.seconds.toFixed(2), heuristicEvaluated: h.evaluated, heuristicSeconds: +h.seconds.toFixed(3), gapPercent: +((h.energy / ex.energy - 1) * 100).toFixed(4) });
  }
}
for (const net of ['alexnet', 'vgg16']) {
  for (const layer of ZOO[net]!({ batch: 1 }).layers.filter((l) => l.kind === 'conv2d')) {
    const h = run(net, layer.name, base);
    const refs = [1, 2, 3].map((seed) => run(net, layer.name, { ...base, seed, samples: 2000, climbs: 12, kicks: 40 }));
    const ref = Math.min(...refs.map((r) => r.energy));
    evals += h.evaluated + refs.reduce((a, r) => a + r.evaluated, 0);
    secs += h.seconds + refs.reduce((a, r) => a + r.seconds, 0);
    print({ bench: 'heuristic-vs-long-search', network: net, layer: layer.name, heuristicEvaluated: h.evaluated, heuristicSeconds: +h.seconds.toFixed(3), referenceEvaluated: refs.reduce((a, r) => a + r.evaluated, 0), gapPercent: +((h.energy / ref - 1) * 100).toFixed(4) });
  }
}
print({ bench: 'mapper-search-throughput', mappingsEvaluated: evals, seconds: +secs.toFixed(1), mappingsPerSecond: Math.round(evals / secs) });

const cli = new URL('../bin/codesim.mjs', import.meta.url).pathname;
for (const net of ['alexnet', 'vgg16']) {
  for (const jobs of [1, 2]) {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, [cli, 'map', '--net', net, '--json', '--jobs', String(jobs)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const wall = (performance.now() - t0) / 1000;
    const d = JSON.parse(out);
    print({ bench: 'map-network', network: net, jobs, layers: d.layers.length, mappingSeconds: +d.seconds.toFixed(2), wallSecondsIncludingStartup: +wall.toFixed(2), mappingsEvaluated: d.mappingsEvaluated, mappingsPerSecond: Math.round(d.mappingsPerSecond) });
  }
}
