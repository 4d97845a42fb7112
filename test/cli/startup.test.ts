/**
 * Start-up budget (issue 10 item 12), the part a test can check: what `codesim eval` loads. The static import
 * closure of `src/cli/main.ts` (imports that are not `await import(…)`) must not reach the heavy or
 * command-specific code — the worker pool and piscina, the progress bar, the optimizer,
 * other commands. Timing itself lives in `bench/startup.ts` (no timing assertions in tests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');
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

describe('start-up: what codesim eval loads', () => {
  const { files, packages } = closure(resolve(SRC, 'cli/main.ts'));
  const rel = [...files].map((f) => relative(SRC, f));
  it('no worker pool, progress bar, optimizer or other command is statically reachable', () => {
    for (const heavy of ['sweep/pool.ts', 'cli/progress.ts', 'cli/mapLayers.ts', 'cli/map.ts', 'cli/compare.ts', 'cli/boBench.ts', 'cli/export.ts']) {
      expect(rel, heavy).not.toContain(heavy);
    }
    expect(rel.filter((f) => f.startsWith('optimize/'))).toEqual([]);
    for (const pkg of ['piscina', 'cli-progress', 'ml-matrix']) expect([...packages], pkg).not.toContain(pkg);
  });
  it('every command module other than eval is imported only when its command runs (main.ts: await import)', () => {
    const commands = readdirSync(resolve(SRC, 'cli'))
      .filter((f) => f.endsWith('.ts') && f !== 'eval.ts')
      .filter((f) => /export\s+(?:const\s+\w+Command\s*=\s*async\b|async\s+function\s+\w+Command\b)/.test(readFileSync(resolve(SRC, 'cli', f), 'utf8')));
    expect(commands.length).toBeGreaterThan(3);
    for (const f of commands) expect(rel, `cli/${f} must be loaded with await import() in main.ts`).not.toContain(`cli/${f}`);
  });
  it('the eval command itself is statically loaded (no extra round trip for the start-up-critical command)', () => {
    expect(rel).toContain('cli/eval.ts');
  });
});
