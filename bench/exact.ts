/**
 * Exact optima of the AlexNet and VGG-16 CONV layers on configs/eyeriss.yaml (row-stationary, batch 1, objective
 * energy), found by the exhaustive branch-and-bound search: one `codesim map --strategy exhaustive --layer L`
 * (compiled CLI) per layer shape, `--jobs N` of them at a time (default 2). Writes bench/results/exact-optima.json after
 * every layer; bench/mapper.ts reads it to report the heuristic's gap to the true optimum per layer. Slow (tens of
 * minutes on 2 cores): run it when the model or the mapspace changes.
 * Run: npm run build && npx tsx bench/exact.ts [--jobs N] [--only alexnet/conv3,vgg16/conv5_1]
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { toProblem } from '../src/workload/index.js';
import { ZOO } from '../src/workload/zoo/index.js';

const run = promisify(execFile);
const arg = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const jobs = Number(arg('--jobs') ?? 2);
const only = arg('--only')?.split(',');
const cli = new URL('../bin/codesim.mjs', import.meta.url).pathname;
const all = ['alexnet', 'vgg16'].flatMap((net) =>
  ZOO[net]!({ batch: 1 }).layers.filter((l) => l.kind === 'conv2d').map((l) => ({ net, layer: l.name, shape: JSON.stringify({ ...toProblem(l), name: '' }) })),
).filter((x) => !only || only.includes(`${x.net}/${x.layer}`));
// A layer with the same shape as an earlier one (VGG-16's conv3_3, conv4_3, conv5_2, conv5_3) has the same optimum:
// it is searched once. VGG-16 first: its layers take longest.
const queue = all.filter((x, i) => all.findIndex((y) => y.shape === x.shape) === i).sort((a, b) => (a.net === b.net ? 0 : a.net === 'vgg16' ? -1 : 1));
const done: Array<Record<string, unknown>> = [];

const write = (): void => {
  const order = (x: Record<string, unknown>) => all.findIndex((t) => t.net === x['network'] && t.layer === x['layer']);
  done.sort((a, b) => order(a) - order(b));
  writeFileSync(
    new URL('./results/exact-optima.json', import.meta.url),
    JSON.stringify({ arch: 'configs/eyeriss.yaml', dataflow: 'row-stationary', objective: 'energy', batch: 1, note: 'written by bench/exact.ts', layers: done }, null, 1) + '\n',
  );
};

const worker = async (): Promise<void> => {
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { net, layer } = next;
    const t0 = performance.now();
    const { stdout } = await run(process.execPath, [cli, 'map', '--net', net, '--layer', layer, '--strategy', 'exhaustive', '--budget', '2000000000', '--jobs', '1', '--json'], { maxBuffer: 1 << 26 });
    const l = JSON.parse(stdout).layers[0];
    const row = { network: net, layer, energy: l.energy, cycles: l.cycles, complete: l.complete, mappingsEvaluated: l.mappingsEvaluated, seconds: +((performance.now() - t0) / 1000).toFixed(1) };
    console.log(JSON.stringify({ bench: 'exact-optimum', ...row }));
    done.push({ ...row, mapping: l.mapping });
    for (const twin of all.filter((x) => x.shape === next.shape && x.layer !== layer)) {
      done.push({ ...row, network: twin.net, layer: twin.layer, sameShapeAs: layer, mapping: { ...l.mapping, layer: twin.layer } });
    }
    write();
  }
};

const t0 = performance.now();
await Promise.all(Array.from({ length: jobs }, worker));
write();
console.log(JSON.stringify({ bench: 'exact-total', layers: done.length, jobs, wallSeconds: +((performance.now() - t0) / 1000).toFixed(1) }));
