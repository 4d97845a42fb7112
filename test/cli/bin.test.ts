/**
 * The installed entry point, as a user runs it: `bin/codesim.mjs` (the bundled CLI that `npm install` / `npm test`
 * build, or the TypeScript sources through tsx without a build), including the piscina workers (their own bundle).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = async (argv: string[], entry = 'codesim.mjs'): Promise<{ code: number; stdout: string; stderr: string }> => {
  const bin = new URL(`../../bin/${entry}`, import.meta.url).pathname;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...argv], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

describe('bin/codesim.mjs', () => {
  it('maps layers on two worker threads and prints the documented JSON', async () => {
    const r = await run(['map', '--net', 'lenet5', '--layer', 'c1,c3', '--jobs', '2', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.jobs).toBe(2);
    expect(doc.layers.map((l: { name: string }) => l.name)).toEqual(['c1', 'c3']);
    for (const l of doc.layers) expect(l.energy).toBeGreaterThan(0);
  });
  it('eval of one layer with a fixed mapping (from its code-cached bundle when built) prints the documented JSON', async () => {
    // Exact equality with the modules' output is checked on a bundle built from the current sources in
    // test/cli/startup.test.ts (dist/ may be older than the sources here).
    const r = await run(['eval', '--net', 'bench/startup/one-layer.yaml', '--mapping', 'bench/startup/one-layer-mapping.yaml', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.layers.map((l: { name: string }) => l.name)).toEqual(['conv3']);
    expect(doc.total.macs).toBe(149_520_384);
  });
  it('the installed command (bin/codesim.cjs, package.json "bin") runs eval by its fast path and every other command through codesim.mjs', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin: { codesim: string } };
    expect(pkg.bin.codesim).toBe('bin/codesim.cjs');
    const argv = ['eval', '--net', 'bench/startup/one-layer.yaml', '--mapping', 'bench/startup/one-layer-mapping.yaml', '--json'];
    const [viaCjs, viaMjs] = [await run(argv, 'codesim.cjs'), await run(argv)];
    expect(viaCjs.code).toBe(0);
    expect(viaCjs).toEqual(viaMjs);
    const bad = await run(['eval', '--arch', 'no/such/file.yaml'], 'codesim.cjs');
    expect(bad).toEqual({ code: 2, stdout: '', stderr: 'no/such/file.yaml:1:1: no such file\n' });
    const version = await run(['--version'], 'codesim.cjs');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^codesim \d+\.\d+\.\d+\n$/);
    expect((await run(['map', '--help'], 'codesim.cjs')).stdout).toContain('usage: codesim map');
  });
  it('bad input: one located line on stderr, exit code 2, nothing on stdout', async () => {
    const r = await run(['eval', '--arch', 'no/such/file.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^no\/such\/file\.yaml:1:1: /);
  });
});
