/**
 * The layering and purity rules of ARCHITECTURE.md, checked on the source text:
 * - a module (folder of src/) imports only from the modules it may depend on;
 * - the pure model core has no IO, clocks, randomness or console (only cli/, sweep/ and train/ may);
 * - no import cycles between files.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
  codesign: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'optimize'],
  compress: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'codesign', 'train', 'config'],
  report: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'codesign', 'optimize'],
  sweep: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'codesign', 'optimize', 'config', 'report', 'compress', 'train'],
  cli: ['core', 'arch', 'workload', 'mapping', 'dataflow', 'energy', 'mapper', 'codesign', 'optimize', 'config', 'report', 'compress', 'train', 'sweep'],
};
const IMPURE_OK = new Set(['cli', 'sweep', 'train']);
const FORBIDDEN: Array<[RegExp, string]> = [
  [/from ['"](node:)?(fs|fs\/promises|child_process|process|os|worker_threads)['"]/, 'Node IO import'],
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
const importsOf = (file: string): string[] => {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  }
  return out;
};
/** Source text without comments (rules apply to code, not to documentation). */
const code = (file: string): string => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('architecture rules', () => {
  it('every source folder is a known module', () => {
    for (const f of all) expect(Object.keys(ALLOWED)).toContain(moduleOf(f));
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
