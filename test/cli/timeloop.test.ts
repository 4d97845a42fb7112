/**
 * `codesim import timeloop` / `codesim export timeloop` end to end (in-process, through `main`): an exercise's
 * Timeloop input imported, evaluated by `codesim eval` from the files written; exporting and re-importing; bad
 * input → located lines, exit 2, nothing on stdout.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const run = async (argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'codesim-timeloop-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const fixture = (rel: string): string => fileURLToPath(new URL(`../fixtures/timeloop-exercises/${rel}`, import.meta.url));
const LOCATED = /^.+:\d+:\d+: .+$/;

describe('codesim import timeloop', () => {
  it('imports the 04-kp exercise (arch, problem, mapping, ERT) and eval reproduces its counts and energy', async () => {
    const input = fixture('04-kp/input.yaml');
    const out = join(dir, 'kp');
    const r = await run(['import', 'timeloop', '--arch', input, '--problem', input, '--mapping', input, '--ert', fixture('04-kp/ERT.yaml'), '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ files: ['arch.yaml', 'network.yaml', 'mapping.yaml'].map((f) => join(out, f)), notes: [] });
    const e = await run(['eval', '--arch', join(out, 'arch.yaml'), '--net', join(out, 'network.yaml'), '--mapping', join(out, 'mapping.yaml'), '--json']);
    expect(e.stderr).toBe('');
    const layer = JSON.parse(e.stdout).layers[0];
    expect(layer.macs).toBe(49152);
    expect(layer.accesses.GlobalBuffer.inputs.reads).toBe(1152 * 16); // totals over the 16 instances
    expect(layer.accesses.RegisterFile.inputs.fills).toBe(1152 * 16);
    expect(layer.energy.compute).toBeCloseTo(41533.44, 6);
  });
  it('without an ERT it says where the energies come from', async () => {
    const input = fixture('03-no-bypass/input.yaml');
    const r = await run(['import', 'timeloop', '--arch', input, '--out', join(dir, 'noert')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note: no ERT given: every energy comes from the horowitz-45nm preset');
  });
  it('bad specs: one located line per problem, exit 2, nothing on stdout', async () => {
    const arch = file('bad.arch.yaml', [
      'architecture:',
      '  version: 0.4',
      '  nodes:',
      '  - !Component',
      '    name: MainMemory',
      '    class: DRAM',
      '    attributes: { width: 256, datawidth: 8 }',
      '  - !Component',
      '    name: Buffer',
      '    class: SRAM',
      '    attributes: { width: 64, datawidth: 8, read_bandwidth: 4 }',
      '  - !Component',
      '    name: MACC',
      '    class: intmac',
      '',
    ].join('\n'));
    const r = await run(['import', 'timeloop', '--arch', arch, '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${arch}:11:5: architecture.nodes[1].attributes: on-chip storage 'Buffer' needs a depth`,
    ]);
    const arch2 = file('bad2.arch.yaml', readFileSync(arch, 'utf8').replace('width: 64, datawidth: 8, read_bandwidth: 4', 'width: 64, datawidth: 8, depth: 16, read_bandwidth: 0').replace('class: intmac', 'class: fpu'));
    const r2 = await run(['import', 'timeloop', '--arch', arch2, '--out', join(dir, 'bad')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim().split('\n')).toEqual([
      `${arch2}:11:55: architecture.nodes[1].attributes.read_bandwidth: expected a positive number of words per cycle, got 0`,
      `${arch2}:14:5: architecture.nodes[2].class: unsupported component class "fpu" (supported: DRAM, dram, SRAM, sram, smartbuffer_SRAM, storage, regfile, smartbuffer_RF, dummy_storage, intmac, mac, compute, fpmac)`,
      `${arch2}:1:1: architecture: no compute component (class intmac) found`,
    ]);
    for (const l of [...lines, ...r2.stderr.trim().split('\n')]) expect(l).toMatch(LOCATED);
  });
  it('a bad mapping is located in the mapping file', async () => {
    const input = fixture('03-no-bypass/input.yaml');
    const map = file('bad.map.yaml', 'mapping:\n  - target: GlobalBuffer\n    type: temporal\n    factors: R=1 P=0 K=16\n    permutation: PRK\n  - target: Nowhere\n    type: temporal\n');
    const r = await run(['import', 'timeloop', '--arch', input, '--mapping', map, '--out', join(dir, 'badmap')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      `${map}:4:5: mapping[0].factors: expected DIM=positive integer with DIM one of N G C M K P Q R S, got "P=0"`,
      `${map}:6:5: mapping[1].target: no storage level 'Nowhere' (levels: MainMemory, GlobalBuffer, RegisterFile)`,
    ]);
  });
  it('usage errors: missing --arch, unknown option, not timeloop', async () => {
    expect((await run(['import', 'timeloop'])).code).toBe(2);
    expect((await run(['import', 'timeloop', '--arch', 'x', '--bogus', '1'])).code).toBe(2);
    expect((await run(['import', 'zigzag', '--arch', 'x'])).code).toBe(2);
    const h = await run(['import', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('usage: codesim import timeloop');
  });
});

describe('codesim export timeloop', () => {
  it('round trip: an imported exercise exported again and re-imported evaluates to the same counts', async () => {
    const input = fixture('03-no-bypass/input.yaml');
    const first = join(dir, 'rt1');
    expect((await run(['import', 'timeloop', '--arch', input, '--problem', input, '--mapping', input, '--ert', fixture('03-no-bypass/ERT.yaml'), '--out', first])).code).toBe(0);
    const exp = join(dir, 'rt-exp');
    const r = await run(['export', 'timeloop', '--arch', join(first, 'arch.yaml'), '--net', join(first, 'network.yaml'), '--mapping', join(first, 'mapping.yaml'), '--out', exp, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ files: ['arch.yaml', 'problem.yaml', 'map.yaml', 'ERT.yaml'].map((f) => join(exp, f)), notes: [] });
    const back = join(dir, 'rt2');
    const i = await run(['import', 'timeloop', '--arch', join(exp, 'arch.yaml'), '--problem', join(exp, 'problem.yaml'), '--mapping', join(exp, 'map.yaml'), '--ert', join(exp, 'ERT.yaml'), '--out', back]);
    expect(i.stderr).toBe('');
    const ev = async (d: string) => JSON.parse((await run(['eval', '--arch', join(d, 'arch.yaml'), '--net', join(d, 'network.yaml'), '--mapping', join(d, 'mapping.yaml'), '--json'])).stdout).layers[0];
    const [a, b] = [await ev(first), await ev(back)];
    expect(b.accesses).toEqual(a.accesses);
    expect(b.energy.total).toBeCloseTo(a.energy.total, 9);
  });
  it('a mapping Timeloop cannot express (a dimension on both X and Y) is a located error', async () => {
    const map = file('xy.map.yaml', [
      'mappings:',
      '  - layer: "*"',
      '    levels:',
      '      - target: DRAM',
      '        temporal: { K: 6, C: 1, P: 7, Q: 28, R: 5, S: 5 }',
      '      - target: GLB',
      '        spatial: { X: { P: 2 }, Y: { P: 2 } }',
      '',
    ].join('\n'));
    const r = await run(['export', 'timeloop', '--net', 'lenet5', '--mapping', map, '--out', join(dir, 'xy')]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(LOCATED);
    expect(r.stderr).toContain('levels[1].spatial: cannot export layer c1: P is split over both X (2) and Y (2)');
  });
  it('--help and a wrong target', async () => {
    expect((await run(['export', 'timeloop', '--help'])).stdout).toContain('usage: codesim export timeloop');
    expect((await run(['export', '--help'])).stdout).toContain('codesim export timeloop --help');
    expect((await run(['export', 'zigzag'])).code).toBe(2);
  });
});
