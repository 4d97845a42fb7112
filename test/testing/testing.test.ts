/**
 * The public property-testing entry point `codesim/testing`: the package export resolves to the built JS and
 * its type declarations; FC_NUM_RUNS / FC_SEED reach fast-check; set-up errors are located; the README's example
 * is the file test/properties/readme-example.test.ts verbatim (which the suite runs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fcParams, loadAccelerator, mappingFor, problemOf } from 'codesim/testing';

const root = new URL('../../', import.meta.url).pathname;

describe('codesim/testing', () => {
  const saved = { runs: process.env['FC_NUM_RUNS'], seed: process.env['FC_SEED'] };
  afterEach(() => {
    for (const [k, v] of [['FC_NUM_RUNS', saved.runs], ['FC_SEED', saved.seed]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  it('fcParams reads FC_NUM_RUNS and FC_SEED (ignored when unset or not integers)', () => {
    delete process.env['FC_NUM_RUNS'];
    delete process.env['FC_SEED'];
    expect(fcParams()).toEqual({});
    process.env['FC_NUM_RUNS'] = '500';
    process.env['FC_SEED'] = '-42';
    expect(fcParams()).toEqual({ numRuns: 500, seed: -42 });
    process.env['FC_NUM_RUNS'] = 'many';
    expect(fcParams()).toEqual({ seed: -42 });
  });
  it('loadAccelerator: the file\'s first dataflow by default, a named one, or any; errors are located lines', () => {
    expect(loadAccelerator('configs/eyeriss-256.yaml').dataflow.name).toBe('row-stationary');
    expect(loadAccelerator('configs/eyeriss-256.yaml', 'no-local-reuse').arch.levels.find((l) => l.name === 'GLB')?.capacityWords).toBe(131072);
    expect(loadAccelerator('configs/eyeriss.yaml', 'any').dataflow.name).toBe('any');
    const dir = mkdtempSync(join(tmpdir(), 'codesim-testing-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\nclockMHz: fast\n');
    expect(() => loadAccelerator(bad)).toThrow(/bad\.yaml:2:1: clockMHz: /);
    expect(() => loadAccelerator('configs/eyeriss.yaml', 'nope')).toThrow("no dataflow 'nope' (defined: row-stationary, any)");
  });
  it('mappingFor refuses, at construction, a layer no mapping can fit', () => {
    const accel = loadAccelerator('configs/eyeriss.yaml');
    const huge = problemOf({ kind: 'fc', name: 'x', inputs: [], batch: 1, inFeatures: 4, outFeatures: 4, bits: { W: 64, I: 64, O: 64 }, density: { W: 1, I: 1, O: 1 } });
    expect(() => mappingFor({ ...accel.arch, levels: accel.arch.levels.map((l, i) => (i === 2 ? { ...l, partitionWords: { W: 1, I: 1, O: 1 } } : l)) }, huge, accel.dataflow)).toThrow(/no mapping of layer x/);
  });
  it('the package export resolves to the built JS with type declarations (npm test builds first)', () => {
    expect(existsSync(join(root, 'dist/testing/index.js')), 'run npm run build').toBe(true);
    expect(existsSync(join(root, 'dist/testing/index.d.ts'))).toBe(true);
    const keys = execFileSync(process.execPath, ['--input-type=module', '-e', "const m = await import('codesim/testing'); console.log(Object.keys(m).sort().join(','))"], { cwd: root }).toString().trim();
    for (const k of ['evaluate', 'fcParams', 'layerWithMapping', 'loadAccelerator', 'macLayer', 'mappingFor']) expect(keys.split(',')).toContain(k);
  });
  it("the README's property-testing example is test/properties/readme-example.test.ts, verbatim", () => {
    const example = readFileSync(join(root, 'test/properties/readme-example.test.ts'), 'utf8');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('```ts\n' + example + '```');
  });
});
