/**
 * `codesim map` and `codesim compare-dataflows` end to end (in-process): JSON schemas, the written mapping
 * file feeding straight back into `codesim eval --mapping` with identical energies, dataflow constraints
 * holding in the returned mappings, and clean errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { decodeArch } from '../../src/config/arch.js';
import { decodeDataflows } from '../../src/config/dataflow.js';
import { decodeMapping } from '../../src/config/mapping.js';
import { checkDataflow } from '../../src/mapping/index.js';

const run = async (argv: string[]) => {
  let stdout = '';
  let stderr = '';
  // A frozen clock: progress lines never depend on how busy the machine is.
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), now: () => 0 });
  return { code, stdout, stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'codesim-map-'));

describe('codesim map', () => {
  it('--json has the documented schema; --out feeds back into eval --mapping with the same energies', async () => {
    const out = join(dir, 'lenet.yaml');
    const r = await run(['map', '--net', 'lenet5', '--jobs', '1', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['layers', 'mappingsPerSecond', 'seconds']));
    for (const l of doc.layers) expect(Object.keys(l)).toEqual(expect.arrayContaining(['name', 'mapping', 'energy', 'cycles', 'mappingsEvaluated']));
    expect(doc.mappingsPerSecond).toBeGreaterThan(0);
    const ev = await run(['eval', '--net', 'lenet5', '--mapping', out, '--json']);
    expect(ev.code).toBe(0);
    const byName = new Map(JSON.parse(ev.stdout).layers.map((l: { name: string; energy: { total: number } }) => [l.name, l.energy.total]));
    for (const l of doc.layers) expect(byName.get(l.name)).toBeCloseTo(l.energy, 6);
  });
  it('every returned mapping satisfies the dataflow of the accelerator file', async () => {
    const out = join(dir, 'alex.yaml');
    const r = await run(['map', '--net', 'alexnet', '--jobs', '1', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const archDoc = parse(readFileSync(new URL('../../configs/eyeriss.yaml', import.meta.url), 'utf8'));
    const arch = decodeArch(archDoc);
    if (E.isLeft(arch)) throw new Error('arch');
    const dfs = decodeDataflows(archDoc.dataflows, arch.right);
    if (E.isLeft(dfs)) throw new Error('dataflows');
    const names = JSON.parse(r.stdout).layers.map((l: { name: string }) => l.name);
    const ms = decodeMapping(parse(readFileSync(out, 'utf8')), arch.right, names);
    if (E.isLeft(ms)) throw new Error(JSON.stringify(ms.left));
    for (const m of ms.right.values()) expect(checkDataflow(dfs.right[0]!.dataflow, arch.right, m)).toEqual([]);
  });
  it('reports progress on stderr during a long search (layers done of the total, ETA, mappings evaluated) and the final state', async () => {
    // A fake clock that advances 1.5 s per reading, so the plain (non-TTY) reporter prints at its 2 s interval.
    let t = 0;
    let stdout = '';
    let stderr = '';
    const code = await main(['map', '--net', 'alexnet', '--layer', 'conv2', '--strategy', 'exhaustive', '--budget', '250000', '--jobs', '1'], {
      stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), now: () => (t += 1500),
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^codesim map: 0\/1 layers \(0%\), \d+\.\d s elapsed — conv2: [1-9]\d\d,\d\d\d mappings evaluated$/m);
    expect(stderr).toMatch(/^codesim map: 1\/1 layers \(100%\), \d+\.\d s elapsed — conv2 done; 25\d,\d\d\d mappings evaluated$/m);
    expect(stdout).toContain('(exhaustive search stopped at its budget)');
    expect(stdout).not.toContain('elapsed');
  });
  it('bad options are one clear line with exit 2', async () => {
    for (const argv of [['map', '--objective', 'speed'], ['map', '--layer', 'conv9'], ['map', '--dataflow', 'magic']]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('codesim compare-dataflows', () => {
  it('--json lists every dataflow of configs/eyeriss-256.yaml with energy per MAC by level and tensor', async () => {
    const r = await run(['compare-dataflows', '--net', 'mnist-mlp', '--jobs', '1', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.dataflows.map((d: { name: string }) => d.name)).toEqual(['row-stationary', 'weight-stationary', 'output-stationary', 'no-local-reuse']);
    for (const d of doc.dataflows) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['name', 'energyPerMac', 'byLevel', 'byTensor']));
      const levels = Object.values(d.byLevel as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(levels).toBeCloseTo(d.energyPerMac, 6);
      const tensors = d.byTensor.weights + d.byTensor.inputs + d.byTensor.outputs + d.byLevel.compute;
      expect(tensors).toBeCloseTo(d.energyPerMac, 6);
    }
  });
  it('--rf-words --equal storage: every dataflow gets the same RF + GLB capacity and keeps its lowest-energy split', async () => {
    const r = await run(['compare-dataflows', '--net', 'mnist-mlp', '--jobs', '1', '--rf-words', '16,256', '--equal', 'storage', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.equalStorage).toEqual({ rf: 'RF', glb: 'GLB', budgetKB: 256, rfWords: [16, 256] });
    for (const d of doc.dataflows) {
      expect(d.splits.length).toBeGreaterThan(0);
      for (const s of d.splits) expect(s.rfWords * 256 + s.glbWords).toBe(256 * 256 + 65_536);
      const best = Math.min(...d.splits.map((s: { energyPerMac: number }) => s.energyPerMac));
      expect(d.energyPerMac).toBe(best);
      expect(d.splits.find((s: { rfWords: number }) => s.rfWords === d.storage.rfWords).energyPerMac).toBe(best);
    }
    const bad = await run(['compare-dataflows', '--net', 'mnist-mlp', '--rf-words', '16,x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--rf-words: expected positive integers separated by commas (words per PE), got '16,x'");
  });
  it('--rf-words on a file whose area model prices RF and GLB: equal AREA by default (ISCA\'16 §VI-A); the budget is in the JSON', async () => {
    const r = await run(['compare-dataflows', '--net', 'mnist-mlp', '--jobs', '1', '--rf-words', '16,256,400', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('RF 400 words per PE leaves no room for GLB in the budget: skipped');
    const doc = JSON.parse(r.stdout);
    expect(doc.equalStorage).toBeUndefined();
    expect(Object.keys(doc.equalArea)).toEqual(['rf', 'glb', 'budgetMm2', 'rfMm2PerKB', 'glbMm2PerKB', 'source', 'rfWords']);
    expect(doc.equalArea).toMatchObject({ rf: 'RF', glb: 'GLB', rfMm2PerKB: 0.01420544, glbMm2PerKB: 0.002762046875, rfWords: [16, 256, 400] });
    expect(doc.equalArea.budgetMm2).toBeCloseTo(2.17183832, 12);
    expect(doc.equalArea.source).toContain('Accelergy 40 nm');
    for (const d of doc.dataflows) {
      // The hand-derived splits of test/config/areaSplit.test.ts.
      for (const s of d.splits) expect([[16, 381_527], [256, 65_536]]).toContainEqual([s.rfWords, s.glbWords]);
      expect(d.energyPerMac).toBe(Math.min(...d.splits.map((s: { energyPerMac: number }) => s.energyPerMac)));
    }
    const text = await run(['compare-dataflows', '--net', 'mnist-mlp', '--jobs', '1', '--rf-words', '256']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('equal area: RF (per PE) + GLB = 2.17184 mm² of storage for every dataflow');
  });
  it('--equal: error paths are one line, exit 2', async () => {
    const d = mkdtempSync(join(tmpdir(), 'codesim-eq-'));
    const src = readFileSync(join(__dirname, '../../configs/eyeriss-256.yaml'), 'utf8');
    const noArea = join(d, 'no-area.yaml');
    writeFileSync(noArea, src.replace(/\narea:\n(  .*\n)+/, '\n'));
    const badArea = join(d, 'bad-area.yaml');
    writeFileSync(badArea, src.replace('RF: { mm2PerKB: 0.01420544 }', 'RF: { mm2PerKB: -1 }'));
    const cases: Array<[string[], RegExp]> = [
      [['--equal', 'bytes', '--rf-words', '16'], /^codesim compare-dataflows: --equal: expected area or storage, got 'bytes'\n$/],
      [['--equal', 'area'], /^codesim compare-dataflows: --equal area needs --rf-words LIST \(the RF sizes to compare\)\n$/],
      [['--equal', 'area', '--rf-words', '16', '--arch', noArea], /^.*no-area\.yaml:1:1: area: --equal area needs an area model \(an area: section pricing the RF and the global buffer per kB\)\n$/],
      [['--rf-words', '16', '--arch', badArea], /^.*bad-area\.yaml:\d+:\d+: area\.levels\.RF\.mm2PerKB: expected a finite number >= 0, got -1\n$/],
      [['--equal', 'area', '--rf-words', '16', '--arch', join(__dirname, '../../configs/eyeriss.yaml')], /^.*eyeriss\.yaml:1:1: area: the RF level RF is partitioned per tensor: an equal-area split resizes one shared RF \(remove its partitionWords\)\n$/],
      [['--rf-words', '306,512'], /^.*eyeriss-256\.yaml:1:1: area: no RF size in 306, 512 words per PE leaves room for GLB in the 2\.17183832 mm2 budget\n$/],
    ];
    for (const [argv, re] of cases) {
      const r = await run(['compare-dataflows', '--net', 'mnist-mlp', ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(re);
      expect(r.stdout).toBe('');
    }
    // Without an area model, --rf-words falls back to equal storage.
    const r = await run(['compare-dataflows', '--net', 'mnist-mlp', '--jobs', '1', '--rf-words', '256', '--arch', noArea, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).equalStorage).toEqual({ rf: 'RF', glb: 'GLB', budgetKB: 256, rfWords: [256] });
  });
});
