/**
 * The eval command end to end (in-process, through `main`): defaults, JSON schema, and bad input of every
 * kind → one `file:line:col: path: message` line per problem, exit code 2, nothing on stdout.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const run = async (argv: string[]) => {
  let stdout = '';
  let stderr = '';
  // A frozen clock: progress lines never depend on how busy the machine is.
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), now: () => 0 });
  return { code, stdout, stderr };
};

const dir = mkdtempSync(join(tmpdir(), 'codesim-cli-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const LOCATED = /^.+:\d+:\d+: .+$/;

describe('codesim eval', () => {
  it('runs AlexNet on the shipped Eyeriss config by default, mapped by the heuristic mapper under its dataflow, and says so', async () => {
    const r = await run(['eval', '--jobs', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('alexnet');
    expect(r.stdout).toContain('mappings: mapper: heuristic (dataflow row-stationary), objective energy, seed 1');
    expect(r.stdout).toContain('724M MACs');
  });
  it('--strategy greedy uses the simple default mapping and says so; the mapper never does worse', async () => {
    const g = await run(['eval', '--strategy', 'greedy', '--json', '--net', 'lenet5']);
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout).layers[0].mapping.origin).toBe('default: greedy fill (no search)');
    expect(JSON.parse(g.stdout).layers[0].mappingOrigin).toBe('default: greedy fill (no search)');
    const m = await run(['eval', '--json', '--net', 'lenet5', '--jobs', '1', '--dataflow', 'any']);
    const gl = JSON.parse(g.stdout).layers;
    JSON.parse(m.stdout).layers.forEach((l: { macs: number; energy: { total: number } }, i: number) => {
      if (l.macs > 0) expect(l.energy.total).toBeLessThanOrEqual(gl[i].energy.total + 1e-6);
    });
  });
  it('--json gives the documented document with finite numbers', async () => {
    const r = await run(['eval', '--json', '--net', 'mnist-mlp', '--jobs', '1']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['arch', 'network', 'layers', 'total']));
    expect(doc.total.macs).toBe(784 * 256 + 256 * 256 + 256 * 256 + 256 * 10);
    const l0 = doc.layers[0];
    expect(Object.keys(l0)).toEqual(expect.arrayContaining(['name', 'macs', 'effectualMacs', 'cycles', 'utilization', 'energy', 'accesses']));
    expect(Object.keys(l0.energy)).toEqual(expect.arrayContaining(['unit', 'total', 'compute', 'byLevel']));
    expect(Object.keys(l0.accesses.DRAM)).toEqual(['weights', 'inputs', 'outputs']);
    expect(r.stdout).not.toMatch(/NaN|Infinity|null,\s*"energy"/);
    const sumLevels = Object.values(l0.energy.byLevel as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(l0.energy.total).toBeCloseTo(sumLevels + l0.energy.network + l0.energy.compute, 3);
  });
  it('--batch 2 doubles the MACs', async () => {
    const one = JSON.parse((await run(['eval', '--json', '--net', 'lenet5', '--strategy', 'greedy'])).stdout).total.macs;
    const two = JSON.parse((await run(['eval', '--json', '--net', 'lenet5', '--batch', '2', '--strategy', 'greedy'])).stdout).total.macs;
    expect(two).toBe(2 * one);
  });
  const bad: Array<[string, () => string[], RegExp]> = [
    ['missing file', () => ['eval', '--arch', join(dir, 'nope.yaml')], /nope\.yaml:1:1: no such file/],
    ['YAML syntax', () => ['eval', '--arch', file('syntax.yaml', 'name: x\nlevels: [a, b\n')], /syntax\.yaml:\d+:\d+: /],
    ['wrong type', () => ['eval', '--arch', file('type.yaml', 'name: x\nclockMHz: fast\ncosts: eyeriss-normalized\nlevels: []\ncompute: {}\n')], /type\.yaml:2:1: clockMHz: /],
    ['unknown key', () => ['eval', '--net', file('net.yaml', 'name: n\nlayers:\n  - { name: fc1, type: fc, inFeatures: 4, outFeatures: 2, colour: red }\n')], /net\.yaml:3:\d+: layers\[0\]\.colour: /],
    ['negative size', () => ['eval', '--net', file('neg.yaml', 'name: n\nlayers:\n  - { name: fc1, type: fc, inFeatures: -4, outFeatures: 2 }\n')], /neg\.yaml:3:\d+: layers\[0\]\.inFeatures: /],
  ];
  for (const [what, argv, re] of bad) {
    it(`bad input (${what}) → located message, exit 2, no stdout, no stack trace`, async () => {
      const r = await run(argv());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(LOCATED);
    });
  }
  it('factors that do not multiply out, and a tile that overflows a level, point at the mapping entry', async () => {
    const net = file('one.yaml', 'name: one\nlayers:\n  - { name: fc1, type: fc, inFeatures: 64, outFeatures: 64 }\n');
    const m1 = file('m1.yaml', 'mappings:\n  - layer: fc1\n    levels:\n      - { target: DRAM, temporal: { C: 64, K: 32 } }\n');
    const r1 = await run(['eval', '--net', net, '--mapping', m1]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/m1\.yaml:2:\d+: mappings\[0\]: layer fc1: factors of K multiply to 32, but the layer's K is 64/);
    const m2 = file('m2.yaml', 'mappings:\n  - layer: fc1\n    levels:\n      - { target: RF, temporal: { C: 64, K: 64 } }\n');
    const r2 = await run(['eval', '--net', net, '--mapping', m2]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/m2\.yaml:2:\d+: mappings\[0\]: layer fc1: RF: tile of .* needs \d+ words, capacity is \d+/);
  });
  it('unknown network name and bad flags are clear one-line errors with exit 2', async () => {
    const r = await run(['eval', '--net', 'resnet9000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown network 'resnet9000'/);
    const r2 = await run(['eval', '--batch', '0']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--batch must be a positive integer/);
  });
});
