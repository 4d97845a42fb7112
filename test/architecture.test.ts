/**
 * The layering and purity rules of ARCHITECTURE.md, checked on the source text:
 * - every module (folder of src/) has an `index.ts`, its public API, and other modules import it only through
 *   that file (`../<module>/index.js`);
 * - a module imports only from the modules it may depend on — static imports, re-exports, dynamic `import()`,
 *   `import('…')` types and `require` all count;
 * - the pure model core has no IO, clocks, randomness or console (only cli/, sweep/ and train/ may), whether
 *   imported statically, dynamically or with `require`;
 * - no import cycles between files.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');

/** Module → modules it may import (besides itself). */
const ALLOWED: Record<string, ReadonlyArray<string>> = {
  core: [],
  arch: ['core'],
  workload: ['core'],
  optimize: ['core'],
  mapping: ['core', 'arch', 'workload'],
  dataflow: ['core', 'arch', 'workload', 'mapping'],
  energy: ['core', 'arch', 'workload', 'dataflow'],
  config: ['core', 'arch', 'workload', 'mapping', 'energy'],
  mapper: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy'],
  train: ['core', 'workload'],
  timeloop: ['core', 'arch', 'workload', 'mapping', 'config'],
  codesign: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'optimize'],
  compress: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'codesign', 'train', 'config'],
  report: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'codesign', 'optimize'],
  sweep: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'codesign', 'optimize', 'config', 'report', 'compress', 'train'],
  // The public property-testing entry point (`codesim/testing`): reads the user's YAML and FC_* env variables.
  testing: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'codesign', 'config'],
  cli: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'codesign', 'optimize', 'config', 'report', 'compress', 'train', 'sweep', 'timeloop'],
};
const IMPURE_OK = new Set(['cli', 'sweep', 'train', 'testing']);
/** Node modules the pure core may not load. */
const IO_MODULES = String.raw`(?:node:)?(?:fs|fs\/promises|child_process|process|os|worker_threads|net|http|https|perf_hooks|readline)`;
const FORBIDDEN: Array<[RegExp, string]> = [
  [new RegExp(String.raw`from\s*['"]${IO_MODULES}['"]`), 'Node IO import'],
  [new RegExp(String.raw`\bimport\s*\(\s*['"]${IO_MODULES}['"]`), 'Node IO dynamic import()'],
  [/\brequire\s*\(/, 'require'],
  [/\bimport\s*\(\s*[^'"\s]/, 'dynamic import() of a computed specifier'],
  [/\bprocess\.[a-z]/, 'process'],
  [/\bMath\.random\s*\(/, 'Math.random'],
  [/\bDate\.now\s*\(|\bnew Date\s*\(/, 'clock'],
  [/\bperformance\.now\s*\(/, 'clock'],
  [/\bconsole\.[a-z]+\s*\(/, 'console'],
];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
const all = files(SRC);
const moduleOf = (file: string): string => relative(SRC, file).split('/')[0]!;
/** Source text without comments (rules apply to code, not to documentation). */
const code = (file: string): string => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
/**
 * Relative specifiers a file loads: `import … from`, `export … from`, side-effect `import '…'`, dynamic
 * `import('…')` (also in type positions) and `require('…')`.
 */
const IMPORT_FORMS = [
  /(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]/g,
  /\bimport\s*['"](\.[^'"]+)['"]/g,
  /\bimport\s*\(\s*['"](\.[^'"]+)['"]/g,
  /\brequire\s*\(\s*['"](\.[^'"]+)['"]/g,
];
const specifiersOf = (text: string): string[] => IMPORT_FORMS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!));
const importsOf = (file: string): string[] =>
  specifiersOf(code(file)).map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
const isModuleIndex = (file: string): boolean => relative(SRC, file).split('/').length === 2 && file.endsWith('/index.ts');
const modules = readdirSync(SRC).filter((f) => statSync(join(SRC, f)).isDirectory());

describe('architecture rules', () => {
  it('every source folder is a known module', () => {
    for (const f of all) expect(Object.keys(ALLOWED)).toContain(moduleOf(f));
  });
  it('the import scanner sees every form of import', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b/index.js';",
      "export * from './c.js';",
      "import './d.js';",
      "const e = await import('../e/index.js');",
      "type F = import('./f.js').F;",
      "const g = require('./g.js');",
    ].join('\n');
    expect(specifiersOf(text)).toEqual(
      expect.arrayContaining(['./a.js', '../b/index.js', './c.js', './d.js', '../e/index.js', './f.js', './g.js']),
    );
    const forbidden = (src: string): string[] => FORBIDDEN.filter(([re]) => re.test(src)).map(([, what]) => what);
    expect(forbidden("const fs = await import('node:fs');")).toEqual(['Node IO dynamic import()']);
    expect(forbidden("const fs = require('fs');")).toEqual(['require']);
    expect(forbidden('const m = await import(name);')).toEqual(['dynamic import() of a computed specifier']);
    expect(forbidden("import { x } from '../core/index.js';")).toEqual([]);
  });
  it('a bundle keeps only what its entry uses, though imports go through whole-module indexes ("sideEffects": false)', async () => {
    // The piscina worker reaches config/ through config/index.ts, which also exports the YAML reader: with the
    // package's "sideEffects": false esbuild drops what the worker never calls (the yaml package, yamlSource.ts).
    const r = await build({
      entryPoints: [join(SRC, 'sweep/mapWorker.ts')], bundle: true, platform: 'node', format: 'esm', write: false,
      metafile: true, external: ['piscina'], logLevel: 'silent', absWorkingDir: resolve(SRC, '..'),
    });
    const output = Object.values(r.metafile.outputs)[0]!;
    const bundled = Object.entries(output.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([f]) => f);
    expect(bundled).toContain('src/config/arch.ts');
    expect(bundled.filter((f) => f.includes('node_modules/yaml/') || f === 'src/config/yamlSource.ts')).toEqual([]);
  });
  it('every module has an index.ts', () => {
    expect(modules.filter((m) => !all.includes(join(SRC, m, 'index.ts')))).toEqual([]);
  });
  it('other modules import a module only through its index.ts', () => {
    const violations: string[] = [];
    for (const f of all) {
      for (const target of importsOf(f)) {
        if (moduleOf(target) !== moduleOf(f) && !isModuleIndex(target)) violations.push(`${relative(SRC, f)} → ${relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });
  it('modules import only what the layering allows', () => {
    const violations: string[] = [];
    for (const f of all) {
      const from = moduleOf(f);
      for (const target of importsOf(f)) {
        const to = moduleOf(target);
        if (to !== from && !ALLOWED[from]!.includes(to)) violations.push(`${relative(SRC, f)} → ${relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });
  it('the model core is pure: no IO, process, clocks, Math.random or console outside cli/, sweep/, train/', () => {
    const violations: string[] = [];
    for (const f of all) {
      if (IMPURE_OK.has(moduleOf(f))) continue;
      const text = code(f);
      for (const [re, what] of FORBIDDEN) if (re.test(text)) violations.push(`${relative(SRC, f)}: ${what}`);
    }
    expect(violations).toEqual([]);
  });
  it('no import cycles between files', () => {
    const graph = new Map(all.map((f) => [f, importsOf(f).filter((t) => all.includes(t))]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map((x) => relative(SRC, x)).join(' → '));
        return;
      }
      state.set(f, 'visiting');
      for (const t of graph.get(f) ?? []) visit(t, [...stack, f]);
      state.set(f, 'done');
    };
    for (const f of all) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
