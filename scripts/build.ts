/**
 * The bundled CLI (`npm run build`, after `tsc`; run by `npm install`'s `prepare`): esbuild bundles into
 * `dist/bundle/`
 * - `main.js` + `chunks/`: the CLI as ES modules, split per command (each command's code is imported when it runs);
 * - `mapWorker.js`, `pointWorker.js`: the piscina workers;
 * - `eval.cjs` + `eval.cjs.cache`: `codesim eval` as one CommonJS bundle, and its V8 code cache, made here by
 *   running eval's typical work once (start-up, issue 10 item 12; `src/cli/codeCache.ts` loads them);
 * - `evalEntry.cjs`: what `bin/codesim.cjs` (the installed command) requires to run eval from them.
 * The ESM builds of yaml / fp-ts / io-ts are bundled; packages loaded only by some commands (piscina, the progress
 * bar, charts, the job queue) stay external. The option objects are exported for `test/cli/startup.test.ts`, which
 * checks what eval's code contains.
 * Run: npx tsx scripts/build.ts [--outdir DIR] [--eval-only]   (default dist/bundle; --eval-only: eval.cjs and its cache)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { cacheFileOf, loadBundle, writeCache } from '../src/cli/codeCache.js';
import type { Out } from '../src/cli/out.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Packages no bundle contains: loaded (by `await import()`) only by the commands that need them. */
export const EXTERNAL = ['piscina', 'cli-progress', 'vega', 'vega-lite', '@resvg/resvg-js', 'bullmq', 'ioredis'];

const common: BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  // The ES module builds: tree-shaken, no CommonJS wrappers (the browser build of yaml is its ESM build).
  alias: { 'fp-ts/lib': 'fp-ts/es6', yaml: './node_modules/yaml/browser/index.js' },
  logLevel: 'warning',
};

/** The CLI as ES modules, split per command. */
export const cliOptions = (outdir: string): BuildOptions => ({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  format: 'esm',
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outdir,
  external: EXTERNAL,
});

/** A piscina worker (its own bundle: workers start fresh and load only what a task needs). */
export const workerOptions = (entry: string, outfile: string): BuildOptions => ({
  ...common,
  entryPoints: [entry],
  format: 'esm',
  outfile,
  external: ['piscina'],
});

/**
 * `codesim eval` as one CommonJS bundle, to run as a V8 script with a code cache. `import.meta.url` becomes the
 * loader's `__importMetaUrl` (the bundle's URL); `import()` of internal modules is inlined (the mapper, the pool,
 * the progress code: evaluated only when eval needs them), that of external packages becomes `require()`.
 * Whitespace and syntax are minified (names kept: less to read and hash; identical behaviour).
 */
export const evalOptions = (outfile: string): BuildOptions => ({
  ...common,
  entryPoints: ['src/cli/eval.ts'],
  format: 'cjs',
  outfile,
  define: { 'import.meta.url': '__importMetaUrl' },
  minifyWhitespace: true,
  minifySyntax: true,
  // External packages by require() (all of them ship CommonJS): a script compiled from a code cache made in
  // another process loses its dynamic-import callback in Node 20 ("A dynamic import callback was not specified").
  supported: { 'dynamic-import': false },
  external: EXTERNAL,
});

/**
 * The CommonJS entry's fast path for eval (`bin/codesim.cjs` requires it): the code-cache loader and the
 * terminal `Out`, a few kB; eval's code itself stays in `eval.cjs`.
 */
export const evalEntryOptions = (outfile: string): BuildOptions => ({
  ...common,
  entryPoints: ['src/cli/evalEntry.ts'],
  format: 'cjs',
  outfile,
});

/** Inputs of the typical eval runs that warm the code cache (one layer, fixed mapping: text, then --json). */
const WARM_RUNS: ReadonlyArray<ReadonlyArray<string>> = [
  ['--net', 'bench/startup/one-layer.yaml', '--mapping', 'bench/startup/one-layer-mapping.yaml'],
  ['--net', 'bench/startup/one-layer.yaml', '--mapping', 'bench/startup/one-layer-mapping.yaml', '--json'],
];

/**
 * Build `eval.cjs` in `outdir` with its first line `// codesim bundle <hash of the rest>` (the code cache's key),
 * then run eval's warm-up work from it and write the cache. Returns the bundle's size and the cache's.
 */
export const buildEval = async (outdir: string): Promise<{ readonly bundleBytes: number; readonly cacheBytes: number }> => {
  const file = join(outdir, 'eval.cjs');
  rmSync(cacheFileOf(file), { force: true });
  const r = await build({ ...evalOptions(file), write: false });
  const text = r.outputFiles![0]!.text;
  const bundle = `// codesim bundle ${createHash('sha256').update(text).digest('hex').slice(0, 32)}\n${text}`;
  mkdirSync(outdir, { recursive: true });
  writeFileSync(`${file}.${process.pid}.tmp`, bundle); // renamed into place: a concurrent eval sees the old or the new file
  renameSync(`${file}.${process.pid}.tmp`, file);
  const loaded = loadBundle(file);
  const evalCommand = loaded.exports['evalCommand'] as (argv: ReadonlyArray<string>, out: Out) => Promise<number>;
  const quiet: Out = { stdout: () => {}, stderr: () => {} };
  // The cache holds what the runs compiled; a run that fails (or inputs missing from a trimmed package) only
  // makes the cache smaller — worth a warning, not a failed install.
  for (const argv of WARM_RUNS) {
    const files = argv.filter((a) => a.endsWith('.yaml')).map((a) => resolve(ROOT, a));
    if (!files.every((f) => existsSync(f))) continue;
    const code = await evalCommand(argv.map((a) => (a.endsWith('.yaml') ? resolve(ROOT, a) : a)), quiet);
    if (code !== 0) process.stderr.write(`scripts/build.ts: warning: eval ${argv.join(' ')} exited ${code} while warming the code cache\n`);
  }
  return { bundleBytes: bundle.length, cacheBytes: writeCache(file, loaded) };
};

const buildAll = async (outdir: string): Promise<void> => {
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true }); // chunks of earlier builds (hashed names)
  await build(cliOptions(outdir));
  await build(workerOptions('src/sweep/mapWorker.ts', join(outdir, 'mapWorker.js')));
  await build(workerOptions('src/sweep/pointWorker.ts', join(outdir, 'pointWorker.js')));
  await build(evalEntryOptions(join(outdir, 'evalEntry.cjs')));
  await buildEval(outdir);
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir');
  const outdir = resolve(ROOT, i >= 0 ? process.argv[i + 1]! : 'dist/bundle');
  if (process.argv.includes('--eval-only')) await buildEval(outdir);
  else await buildAll(outdir);
}
