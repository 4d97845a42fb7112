/**
 * Wall time of `codesim compare-pruning` on LeNet-5 (issue 11): the bundled CLI as it ships
 * (bin/codesim.mjs → dist/bundle), defaults (train the baseline with codesim train's LeNet-5 recipe on the
 * retraining digits, prune with the three methods at a 1-point budget on configs/eyeriss.yaml, the heuristic
 * mapper), start-up included. Extra arguments are passed on (e.g. `npx tsx bench/comparePruning.ts --limit
 * 2000` for a shorter run). Prints one JSON line with the seconds and the result summary; the compare-pruning
 * progress goes to stderr. `BENCH_SAVE=FILE` also writes the command's whole JSON document to FILE.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/codesim.mjs', import.meta.url));
const args = ['compare-pruning', '--net', 'lenet5', '--arch', fileURLToPath(new URL('../configs/eyeriss.yaml', import.meta.url)), '--json', ...process.argv.slice(2)];
const t0 = performance.now();
const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
const seconds = (performance.now() - t0) / 1000;
if (r.status !== 0) {
  console.log(JSON.stringify({ bench: 'compare-pruning', network: 'lenet5', error: `exit ${r.status}` }));
  process.exit(1);
}
const save = process.env['BENCH_SAVE'];
if (save !== undefined && save !== '') writeFileSync(save, r.stdout);
const doc = JSON.parse(r.stdout) as { baseline: { accuracy: number }; methods: ReadonlyArray<{ name: string; accuracy: number; weightsKept: number; energySavings: number }> };
console.log(JSON.stringify({
  bench: 'compare-pruning', network: 'lenet5', arch: 'eyeriss', args: args.slice(6), wallSeconds: Number(seconds.toFixed(1)),
  baselineAccuracy: doc.baseline.accuracy,
  methods: doc.methods.map((m) => ({ name: m.name, accuracy: m.accuracy, weightsKept: Number(m.weightsKept.toFixed(4)), energySavings: Number(m.energySavings.toFixed(3)) })),
}));
