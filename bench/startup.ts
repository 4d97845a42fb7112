/**
 * Start-up (issue 10 item 12): wall time of a one-shot `codesim eval` of one layer with a fixed mapping
 * (`bench/startup/one-layer.yaml` + `one-layer-mapping.yaml`, the installed command — package.json "bin" — running the bundle), against
 * `node -e 0` on the same machine, whole-process timing (spawn → exit) as `/usr/bin/time` measures it.
 * The two are interleaved (a slow spell of the machine hits both) and repeated; medians are reported, with
 * the difference (what codesim adds to Node's own start-up), and the CPU time (user + sys, 10 ms resolution)
 * of each. Budget: ≤ 100 ms for the eval.
 * Run: npm run build && npx tsx bench/startup.ts [--runs N] [--root DIR] [--vs DIR]   (part of `npm run bench`).
 * --vs DIR times another checkout's build (e.g. main's, built) in the same interleaved loop, for before/after
 * comparisons on a busy machine; its figures are printed as `vs…`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 21;
// --root DIR: time another checkout's bin (e.g. an older build) the same way, for comparisons.
const rootArg = process.argv.indexOf('--root');
const root = rootArg >= 0 ? process.argv[rootArg + 1]! : fileURLToPath(new URL('..', import.meta.url));
// --vs DIR: a second checkout timed in the same loop (bin and inputs from that checkout).
const vsArg = process.argv.indexOf('--vs');
const vsRoot = vsArg >= 0 ? process.argv[vsArg + 1]! : null;
/** The installed command of a checkout: its package.json "bin" (bin/codesim.cjs; bin/codesim.mjs before it). */
const binOf = (dir: string): string => (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { bin: { codesim: string } }).bin.codesim;
const evalArgsOf = (dir: string): string[] => [binOf(dir), 'eval', '--net', 'bench/startup/one-layer.yaml', '--mapping', 'bench/startup/one-layer-mapping.yaml'];
const evalArgs = evalArgsOf(root);
const vsEvalArgs = vsRoot !== null ? evalArgsOf(vsRoot) : [];

/** Whole-process wall time, and CPU time (user + sys, from /usr/bin/time when present: less sensitive to a busy machine). */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const cpu: Record<string, number[]> = { node: [], codesim: [], vs: [] };
const wall = (args: ReadonlyArray<string>, key?: 'node' | 'codesim' | 'vs'): number => {
  const cwd = key === 'vs' ? vsRoot! : root;
  const t0 = performance.now();
  const r = TIME !== null
    ? spawnSync(TIME, ['-f', 'CPU %U %S', process.execPath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr.toString());
  if (key !== undefined && m !== null) cpu[key]!.push((Number(m[1]) + Number(m[2])) * 1000);
  return ms;
};
const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Whether a fresh `node` accepts the checkout's eval code cache (`dist/bundle/eval.cjs.cache`): a rejected or
 * missing cache would silently time the slow path. `null` for a build without one.
 */
const cacheStatus = (dir: string): string | null => {
  const loader = `${dir}/dist/cli/codeCache.js`;
  if (!existsSync(loader) || !existsSync(`${dir}/dist/bundle/eval.cjs`)) return null;
  const script = `import { loadBundle } from ${JSON.stringify(loader)}; process.stdout.write(loadBundle(${JSON.stringify(`${dir}/dist/bundle/eval.cjs`)}).cache);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : `error: ${r.stderr.trim().split('\n')[0]}`;
};

wall(evalArgs); // warm the file cache
if (vsRoot !== null) wall(vsEvalArgs, 'vs');
const node: number[] = [];
const codesim: number[] = [];
const vs: number[] = [];
for (let i = 0; i < runs; i++) {
  node.push(wall(['-e', '0'], 'node'));
  codesim.push(wall(evalArgs, 'codesim'));
  if (vsRoot !== null) vs.push(wall(vsEvalArgs, 'vs'));
}
const ms = (x: number): number => Number(x.toFixed(1));
console.log(JSON.stringify({
  bench: 'startup', runs, what: 'codesim eval, one layer, fixed mapping (bundled CLI)', bin: evalArgs[0], codeCache: cacheStatus(root),
  evalMedianMs: ms(median(codesim)), evalMinMs: ms(Math.min(...codesim)),
  nodeMedianMs: ms(median(node)), nodeMinMs: ms(Math.min(...node)),
  overheadMedianMs: ms(median(codesim.map((c, i) => c - node[i]!))),
  ...(cpu['codesim']!.length > 0 ? { evalCpuMedianMs: ms(median(cpu['codesim']!)), nodeCpuMedianMs: ms(median(cpu['node']!)) } : {}),
  ...(vsRoot !== null
    ? {
      vs: vsRoot, vsCodeCache: cacheStatus(vsRoot), vsEvalMedianMs: ms(median(vs)), vsEvalMinMs: ms(Math.min(...vs)), vsOverheadMedianMs: ms(median(vs.map((c, i) => c - node[i]!))),
      ...(cpu['vs']!.length > 0 ? { vsEvalCpuMedianMs: ms(median(cpu['vs']!)) } : {}),
    }
    : {}),
  budgetMs: 100,
}));
