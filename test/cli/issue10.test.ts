/**
 * Issue 10, the CLI as a new user meets it: one test (or more) per numbered defect 1–12 (13 is another
 * helper's), plus --bits / --density and `export net`. Commands run in-process through `main` with a captured
 * `Out` and a fake clock (progress never depends on machine load).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseArgs } from '../../src/cli/args.js';
import { COMPARE_COMMAND } from '../../src/cli/compare.js';
import { EVAL_COMMAND } from '../../src/cli/eval.js';
import { EXPORT_COMMAND } from '../../src/cli/export.js';
import { main } from '../../src/cli/main.js';
import { MAP_COMMAND } from '../../src/cli/map.js';
import { commandHelp, flagSpecOf } from '../../src/cli/optionTable.js';
import { searchFlags } from '../../src/cli/options.js';
import type { Out, TtyStream } from '../../src/cli/out.js';
import { BO_BENCH_COMMAND } from '../../src/cli/boBench.js';
import { decodeNetwork } from '../../src/config/index.js';
import { fmtNum } from '../../src/report/index.js';
import { isMacLayer, problemMacs, toProblem } from '../../src/workload/index.js';
import { ZOO } from '../../src/workload/zoo/index.js';

const run = async (argv: string[], extra: Partial<Out> = {}) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), now: () => 0, ...extra });
  return { code, stdout, stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'codesim-issue10-'));
const file = (name: string, text: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const EYERISS = readFileSync(new URL('../../configs/eyeriss.yaml', import.meta.url), 'utf8');
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('issue 10 — defects', () => {
  it("1: a network file's defaults.batch holds unless --batch is given", async () => {
    const net = file('b2.yaml', 'name: n\ndefaults: { batch: 2 }\nlayers:\n  - { name: fc1, type: fc, inFeatures: 8, outFeatures: 4 }\n');
    const fileBatch = JSON.parse((await run(['eval', '--net', net, '--strategy', 'greedy', '--json'])).stdout);
    expect(fileBatch.total.macs).toBe(2 * 8 * 4);
    const given = JSON.parse((await run(['eval', '--net', net, '--strategy', 'greedy', '--json', '--batch', '3'])).stdout);
    expect(given.total.macs).toBe(3 * 8 * 4);
  });

  it('2: --batch that would make counts inexact is rejected, with the limit and the largest batch', async () => {
    const r = await run(['eval', '--net', 'alexnet', '--batch', '1e9', '--strategy', 'greedy']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const perImage = ZOO['alexnet']!({ batch: 1 }).layers.filter(isMacLayer).reduce((a, l) => a + problemMacs(toProblem(l)), 0);
    const largest = Math.floor(2 ** 47 / perImage);
    expect(r.stderr.trim()).toBe(
      `codesim eval: --batch 1000000000: alexnet at batch 1,000,000,000 has ${(perImage * 1e9).toExponential(3)} MACs, above the 140,737,488,355,328 (2^47) that keeps every count exact (below 2^53); the largest batch for alexnet is ${largest.toLocaleString('en-US')}`,
    );
    expect((await run(['eval', '--net', 'lenet5', '--batch', String(Math.floor(2 ** 47 / 416_520)), '--strategy', 'greedy', '--json'])).code).toBe(0);
    // a network file's own batch is checked too, located at its line
    const big = file('bigbatch.yaml', 'name: n\ndefaults:\n  batch: 10000000\nlayers:\n  - { name: fc1, type: fc, inFeatures: 4096, outFeatures: 4096 }\n');
    const f = await run(['eval', '--net', big, '--strategy', 'greedy']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/bigbatch\.yaml:3:3: defaults\.batch: n at batch 10,000,000 has 1\.678e\+14 MACs, above the 140,737,488,355,328 \(2\^47\)/);
  });

  it('3: "no mapping fits" names the blocking dataflow rule, located at its line, with the way out', async () => {
    const arch = file('pe8x8.yaml', EYERISS.replace('instances: 168\n    mesh: [14, 12]', 'instances: 64\n    mesh: [8, 8]').replace('instances: 168                     # one MAC per PE\n  mesh: [14, 12]', 'instances: 64\n  mesh: [8, 8]'));
    const r = await run(['eval', '--arch', arch, '--jobs', '1']);
    expect(r.code).toBe(2);
    const line = lineOf(readFileSync(arch, 'utf8'), 'spatialY: { R: all');
    expect(r.stderr).toContain(
      `${arch}:${line}:21: dataflows[0].levels.GLB.spatialY.R: layer conv1: no mapping fits: dataflow 'row-stationary' needs R = 11 on spatial Y below GLB (rule R: all); the array has 8 RF instances along Y (rows); way out: --dataflow any (no dataflow rules), or --strategy greedy`,
    );
    // and the way out works
    expect((await run(['map', '--arch', arch, '--dataflow', 'any', '--layer', 'conv1', '--jobs', '1'])).code).toBe(0);
  });

  it('3: a too-small RF partition and 8-bit RF words are located at the partition, with the numbers', async () => {
    const small = file('rf.yaml', EYERISS.replace('partitionWords: { weights: 224, inputs: 12, outputs: 24 }', 'partitionWords: { weights: 4, inputs: 12, outputs: 24 }'));
    const r = await run(['eval', '--arch', small, '--net', 'alexnet', '--jobs', '1']);
    expect(r.code).toBe(2);
    const line = lineOf(readFileSync(small, 'utf8'), 'partitionWords: { weights: 4, inputs');
    expect(r.stderr).toContain(`${small}:${line}:23: levels[2].partitionWords.weights: layer conv1: no mapping fits: RF: the weights tile needs at least 11 words (the smallest that dataflow 'row-stationary' allows, which keeps weights in RF), but the weights partition is 4 words; way out: --dataflow any`);
    const w8 = file('w8.yaml', EYERISS.replace(/^ {4}wordBits: 16$/gm, '    wordBits: 8'));
    const r8b = await run(['eval', '--arch', w8, '--net', 'alexnet', '--jobs', '1']);
    expect(r8b.code).toBe(2);
    expect(r8b.stderr).toMatch(/levels\[2\]\.partitionWords\.inputs: layer conv1: no mapping fits: RF: the inputs tile needs at least 22 words .*but the inputs partition is 12 words \(inputs are 16-bit in 8-bit words: 2 words each\)/);
    for (const l of r8b.stderr.trim().split('\n')) expect(l).toMatch(/^.+:\d+:\d+: \S+: .+$/);
  });

  it('4: eval and map report progress on stderr (lines with total and ETA off a terminal); --json keeps stdout pure JSON', async () => {
    let t = 0;
    const r = await run(['eval', '--net', 'lenet5', '--jobs', '1', '--json'], { now: () => (t += 1000) });
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toMatch(/^codesim eval: mapping: \d\/5 layers \(\d+%\), [\d.]+ s elapsed, ETA \d+ s — /m);
    expect(r.stderr).toMatch(/^codesim eval: mapping: 5\/5 layers \(100%\)/m);
  });

  it('4: on a terminal the progress is a bar with ETA on stderr, never on stdout', async () => {
    let t = 0;
    const tty: string[] = [];
    const stream: TtyStream = { isTTY: true, columns: 200, write: (s: string) => (tty.push(s), true) };
    const r = await run(['map', '--net', 'lenet5', '--jobs', '1', '--json'], { now: () => (t += 1000), stderrTTY: stream });
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(tty.join('')).toMatch(/codesim map \[[=-]+\] 100% \| 5\/5 layers \| \d+ s elapsed \| ETA 0 s/);
  });

  it('5: map --out to an unwritable place fails before the search', async () => {
    let t = 0;
    const r = await run(['map', '--net', 'vgg16', '--strategy', 'exhaustive', '--out', join(dir, 'no', 'such', 'dir', 'm.yaml')], { now: () => (t += 1000) });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${join(dir, 'no', 'such', 'dir', 'm.yaml')}:1:1: cannot write the mapping file: no such directory ${join(dir, 'no', 'such', 'dir')} (checked before the search)`);
    const d = await run(['map', '--net', 'lenet5', '--out', dir]);
    expect(d.stderr).toContain('cannot write the mapping file: is a directory (checked before the search)');
  });

  it('6: --jobs above the available parallelism is capped, and the CLI says so', async () => {
    const a = parseArgs(['--jobs', '10000'], { values: ['jobs'], booleans: [] });
    const sf = searchFlags(E.isRight(a) ? a.right : (undefined as never), false, 2);
    expect(E.isRight(sf) && sf.right.jobs).toBe(2);
    expect(E.isRight(sf) && sf.right.notes).toEqual(["note: --jobs 10000 capped at 2, this machine's available parallelism (more threads than cores only add overhead)"]);
    const r = await run(['map', '--net', 'lenet5', '--layer', 'c1', '--jobs', '10000', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^codesim map: note: --jobs 10000 capped at \d+, this machine's available parallelism/);
    expect(JSON.parse(r.stdout).jobs).toBeLessThan(10000);
  });

  it('7: help is generated from one option table per command: each option once, each described', async () => {
    for (const def of [EVAL_COMMAND, MAP_COMMAND, COMPARE_COMMAND, EXPORT_COMMAND, BO_BENCH_COMMAND]) {
      const help = commandHelp(def);
      const spec = flagSpecOf(def);
      for (const f of [...spec.values, ...spec.booleans]) {
        const lines = help.split('\n').filter((l) => new RegExp(`^  --${f}\\b`).test(l));
        expect(lines, `${def.name} --${f}`).toHaveLength(1);
        expect(lines[0]!.replace(new RegExp(`^  --${f}( \\S+)?`), '').trim().length, `${def.name} --${f} described`).toBeGreaterThan(5);
      }
      const r = await run([def.name, '--help']);
      expect(r.code, `${def.name} --help`).toBe(0);
      expect(r.stdout).toBe(help);
    }
    expect(commandHelp(MAP_COMMAND)).toMatch(/^ {2}--batch N +batch size/m);
    expect(commandHelp(COMPARE_COMMAND)).toMatch(/^ {2}--json +one JSON document/m);
  });

  it('7: --strategy errors list greedy (eval); --layer may be repeated; --version; no arguments lists the commands', async () => {
    const s = await run(['eval', '--strategy', 'fast']);
    expect(s.stderr).toContain("--strategy must be one of exhaustive, heuristic, greedy, got 'fast'");
    const l = await run(['map', '--net', 'lenet5', '--layer', 'c1', '--layer', 'c3', '--json', '--jobs', '1']);
    expect(l.code).toBe(0);
    expect(JSON.parse(l.stdout).layers.map((x: { name: string }) => x.name)).toEqual(['c1', 'c3']);
    const v = await run(['--version']);
    expect(v).toEqual({ code: 0, stdout: `codesim ${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`, stderr: '' });
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^codesim: no command given\n/);
    expect(none.stderr).toMatch(/^ {2}eval +energy/m);
    expect(none.stderr).not.toContain('--arch'); // not eval's options
    expect((await run(['bo-bench', '--help'])).code).toBe(0);
  });

  it('8: --seed / --objective / --budget / --jobs with --strategy greedy are rejected; --dataflow gets a note', async () => {
    for (const flag of [['--seed', '3'], ['--objective', 'edp'], ['--budget', '10'], ['--jobs', '2']]) {
      const r = await run(['eval', '--net', 'lenet5', '--strategy', 'greedy', ...flag]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`codesim eval: --strategy greedy does no search, so ${flag[0]} would have no effect: drop it, or use --strategy heuristic | exhaustive`);
    }
    const d = await run(['eval', '--net', 'lenet5', '--strategy', 'greedy', '--dataflow', 'row-stationary', '--json']);
    expect(d.code).toBe(0);
    expect(d.stderr).toContain("note: --strategy greedy does not follow dataflow 'row-stationary''s loop rules");
  });

  it('9: oversized, deeply nested and non-UTF-8 input → one located line, exit 2', async () => {
    const cases: Array<[string, string | Uint8Array, RegExp]> = [
      ['big.yaml', 'a'.repeat(5 * 1024 * 1024), /big\.yaml:1:1: file too large: 5\.0 MiB, above the 4 MiB limit/],
      ['deep.yaml', `name: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, /deep\.yaml:1:71: nesting deeper than 64 levels/],
      ['deepblock.yaml', 'a:\n' + Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 1)}b:\n`).join(''), /deepblock\.yaml:66:\d+: nesting deeper than 64 levels/],
      ['utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: x\n', 'utf16le')]), /utf16\.yaml:1:1: not UTF-8 text: the file is UTF-16/],
      ['binary.yaml', Uint8Array.from([0x6e, 0x3a, 0x20, 0x00, 0x01]), /binary\.yaml:1:4: not UTF-8 text: a NUL byte/],
      ['latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1'), /latin1\.yaml:1:10: not UTF-8 text: invalid byte 0xe9/],
    ];
    for (const [name, content, re] of cases) {
      const r = await run(['eval', '--arch', file(name, content)]);
      expect(r.code, name).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stderr, name).toMatch(re);
    }
  });

  it('10: pJ columns keep thousands separators; pool layers have accesses and a bottleneck; eval JSON mapping is the mapping file form', async () => {
    expect(fmtNum(36975.4)).toBe('36,975');
    expect(fmtNum(3453998.2)).toBe('3,453,998');
    const t = await run(['eval', '--arch', 'configs/systolic-ws.yaml', '--net', 'lenet5', '--strategy', 'greedy']);
    const table = t.stdout.split('\n').filter((l) => /^(c|s|f|output|TOTAL)\S*\s/.test(l));
    for (const row of table) expect(row, row).not.toMatch(/(^|\s)\d{4,}(\s|$)/);
    const j = JSON.parse((await run(['eval', '--net', 'configs/networks/tiny-cnn.yaml', '--strategy', 'greedy', '--json'])).stdout);
    const pool1 = j.layers.find((l: { name: string }) => l.name === 'pool1');
    expect(pool1.bottleneck).toBe('DRAM');
    expect(pool1.accesses.DRAM.inputs.reads).toBe(16 * 32 * 32);
    expect(pool1.accesses.DRAM.outputs.writes).toBe(16 * 16 * 16);
    expect(pool1.accesses.DRAM.inputs.readBits).toBe(16 * 32 * 32 * 16);
    const add2 = j.layers.find((l: { name: string }) => l.name === 'add2');
    expect(add2.accesses.DRAM.inputs.reads).toBe(2 * 32 * 16 * 16);
    // the mappings of eval --json, written as a mapping file, give the same energies back
    const mapped = JSON.parse((await run(['eval', '--net', 'lenet5', '--json', '--jobs', '1'])).stdout);
    const mf = file('from-eval.yaml', YAML.stringify({ mappings: mapped.layers.filter((l: { mapping: unknown }) => l.mapping !== null).map((l: { mapping: unknown }) => l.mapping) }));
    const again = JSON.parse((await run(['eval', '--net', 'lenet5', '--json', '--mapping', mf])).stdout);
    expect(again.total.energy.total).toBe(mapped.total.energy.total);
  });

  it('11: configs/systolic-ws.yaml has its weight-stationary dataflow: weights kept in WeightReg', async () => {
    const r = await run(['map', '--arch', 'configs/systolic-ws.yaml', '--net', 'lenet5', '--json', '--jobs', '1']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.dataflow).toBe('weight-stationary');
    for (const l of doc.layers) {
      const wr = (l.mapping.levels as Array<{ target: string; bypass?: string[] }>).find((x) => x.target === 'WeightReg');
      expect(wr?.bypass ?? [], l.name).not.toContain('weights');
    }
  });
});

describe('issue 10 — bits, densities, export', () => {
  it('--bits W,I,O and --density W,I apply to every layer; bad values are one clear line', async () => {
    const base = JSON.parse((await run(['eval', '--net', 'lenet5', '--strategy', 'greedy', '--json'])).stdout);
    const eight = JSON.parse((await run(['eval', '--net', 'lenet5', '--strategy', 'greedy', '--json', '--bits', '8,8,16'])).stdout);
    expect(eight.layers[0].accesses.DRAM.weights.readBits * 2).toBe(base.layers[0].accesses.DRAM.weights.readBits);
    const sparse = JSON.parse((await run(['eval', '--net', 'lenet5', '--strategy', 'greedy', '--json', '--density', '0.5,1'])).stdout);
    expect(sparse.total.effectualMacs).toBeLessThan(base.total.effectualMacs);
    for (const [flag, v, msg] of [['--bits', '8,8', '--bits must be W,I,O'], ['--bits', '0', '--bits must be W,I,O'], ['--density', '1.5,1', '--density must be W,I'], ['--density', '0.5', '--density must be W,I']]) {
      const r = await run(['eval', '--net', 'lenet5', flag!, v!]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(msg);
    }
  });

  it('export net NAME writes a network YAML that eval reads back to the same result', async () => {
    const r = await run(['export', 'net', 'alexnet', '--bits', '8']);
    expect(r.code).toBe(0);
    const doc = YAML.parse(r.stdout);
    expect(doc.defaults.bits).toEqual({ weights: 8, inputs: 8, outputs: 8 });
    const back = decodeNetwork(doc);
    expect(E.isRight(back)).toBe(true);
    const p = file('alexnet.yaml', r.stdout);
    const a = JSON.parse((await run(['eval', '--net', p, '--strategy', 'greedy', '--json'])).stdout);
    const b = JSON.parse((await run(['eval', '--net', 'alexnet', '--bits', '8', '--strategy', 'greedy', '--json'])).stdout);
    expect(a.total).toEqual(b.total);
    const bad = await run(['export', 'net', 'nonet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^codesim export: net: unknown network 'nonet'/);
  });
});
