/**
 * Exact optima of the AlexNet and VGG-16 CONV layers on configs/eyeriss.yaml (row-stationary, batch 1, objective
 * energy), found by the exhaustive branch-and-bound search (`codesim map --strategy exhaustive`, compiled CLI,
 * layers spread over 2 worker threads). Writes bench/results/exact-optima.json, which bench/mapper.ts reads to
 * report the heuristic's gap to the true optimum per layer. Slow (tens of minutes on 2 cores): run it when the
 * model or the mapspace changes.  Run: npm run build && npx tsx bench/exact.ts [--jobs N]  (default 2)
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ZOO } from '../src/workload/zoo/index.js';

const jobs = process.argv.includes('--jobs') ? process.argv[process.argv.indexOf('--jobs') + 1]! : '2';
const cli = new URL('../bin/codesim.mjs', import.meta.url).pathname;
const out: Array<Record<string, unknown>> = [];
for (const net of ['alexnet', 'vgg16']) {
  const convs = ZOO[net]!({ batch: 1 }).layers.filter((l) => l.kind === 'conv2d').map((l) => l.name);
  const t0 = performance.now();
  const json = execFileSync(
    process.execPath,
    [cli, 'map', '--net', net, '--layer', convs.join(','), '--strategy', 'exhaustive', '--budget', '2000000000', '--jobs', jobs, '--json'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 },
  );
  const wall = (performance.now() - t0) / 1000;
  const d = JSON.parse(json);
  for (const l of d.layers) {
    const row = { network: net, layer: l.name, energy: l.energy, cycles: l.cycles, complete: l.complete, mappingsEvaluated: l.mappingsEvaluated, seconds: +l.seconds.toFixed(1) };
    console.log(JSON.stringify({ bench: 'exact-optimum', ...row }));
    out.push({ ...row, mapping: l.mapping });
  }
  console.log(JSON.stringify({ bench: 'exact-network', network: net, layers: d.layers.length, wallSeconds: +wall.toFixed(1), mappingsEvaluated: d.mappingsEvaluated }));
}
writeFileSync(
  new URL('./results/exact-optima.json', import.meta.url),
  JSON.stringify({ arch: 'configs/eyeriss.yaml', dataflow: 'row-stationary', objective: 'energy', batch: 1, note: 'written by bench/exact.ts', layers: out }, null, 1) + '\n',
);
