/**
 * `codesim compress` and `codesim compare-pruning` end to end (in-process, through `main`), on tiny subsets
 * (`--limit`), greedy mappings and no retraining epochs, so each run takes about a second: the JSON shapes,
 * the files `--out` writes (model files, network YAMLs that `codesim eval --net` reads, curves.svg), `--help`,
 * and bad input → located lines on stderr, exit 2, nothing on stdout.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPARE_PRUNING_COMMAND } from '../../src/cli/comparePruning.js';
import { COMPRESS_COMMAND } from '../../src/cli/compress.js';
import { main } from '../../src/cli/main.js';
import { commandHelp, flagSpecOf } from '../../src/cli/optionTable.js';
import { encodeModel, initModel } from '../../src/train/index.js';
import * as E from 'fp-ts/lib/Either.js';
import { measureFailureLines, type Setup } from '../../src/cli/compressSetup.js';
import { loadArch } from '../../src/cli/load.js';
import { lenet5, mnistMlp } from '../../src/workload/zoo/index.js';

const run = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'codesim-compress-'));
const mlpFile = join(dir, 'mlp.model.json');
writeFileSync(mlpFile, encodeModel(initModel(mnistMlp({ batch: 1 }), 5)));
const pipeFile = join(dir, 'p.yaml');
writeFileSync(pipeFile, [
  'name: quick',
  'accuracyDrop: 5',
  'retrain: { epochs: 0 }',
  'stages:',
  '  - { stage: magnitude-prune, targetSparsity: 0.5, steps: 1 }',
  '  - { stage: quantize, maxBits: 8, minBits: 6 }',
  '  - { stage: activation-prune, thresholds: [0, 0.5] }',
  '  - { stage: fault-mitigation, trials: 1, levels: [GLB] }',
  '',
].join('\n'));
const quick = ['--limit', '40', '--strategy', 'greedy'];

describe('codesim compress', () => {
  it('--json: one stage entry per stage after the baseline, with the documented fields; --out writes models and network YAMLs eval reads', async () => {
    const out = join(dir, 'c');
    const r = await run(['compress', '--model', mlpFile, '--pipeline', pipeFile, ...quick, '--json', '--out', out]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.network).toBe('mnist-mlp');
    expect(doc.arch).toBe('eyeriss');
    expect(doc.energyUnit).toBe('MAC-normalized');
    expect(doc.stages.map((s: { name: string }) => s.name)).toEqual(['baseline', 'magnitude-prune', 'quantize', 'activation-prune', 'fault-mitigation']);
    for (const s of doc.stages) {
      for (const k of ['name', 'accuracy', 'weightsKept', 'effectualMacs', 'energy', 'savings', 'cumulativeSavings']) expect(s).toHaveProperty(k);
      expect(Object.keys(s.energy.byLevel)).toEqual(['DRAM', 'GLB', 'RF']);
      expect(Number.isFinite(s.energy.total)).toBe(true);
    }
    expect(doc.stages[0].savings).toBe(1);
    const product = doc.stages.reduce((a: number, s: { savings: number }) => a * s.savings, 1);
    expect(doc.stages[4].cumulativeSavings).toBeCloseTo(product, 9);
    expect(doc.stages[1].weightsKept).toBeCloseTo(0.5, 2);
    expect(doc.stages[2].layers[0].bits.weights).toBeLessThanOrEqual(8);
    expect(r.stderr).toMatch(/codesim compress: stage 4\/4: fault-mitigation/);
    for (const f of ['0-baseline', '1-magnitude-prune', '4-fault-mitigation']) expect(existsSync(join(out, `${f}.model.json`))).toBe(true);
    const e = await run(['eval', '--net', join(out, '2-quantize.net.yaml'), '--strategy', 'greedy', '--json']);
    expect(e.code).toBe(0);
    const ev = JSON.parse(e.stdout);
    expect(ev.total.energy.total).toBeCloseTo(doc.stages[2].energy.total, 6 - Math.log10(doc.stages[2].energy.total));
  });
  it('a weights-resident accelerator (configs/minerva.yaml): no DRAM term; the fault stage scales the on-chip backing store', async () => {
    const p = join(dir, 'resident.yaml');
    writeFileSync(p, 'name: r\naccuracyDrop: 100\nretrain: { epochs: 0 }\nstages:\n  - { stage: quantize, maxBits: 8, minBits: 6 }\n  - { stage: fault-mitigation, trials: 1 }\n');
    const r = await run(['compress', '--model', mlpFile, '--pipeline', p, '--arch', new URL('../../configs/minerva.yaml', import.meta.url).pathname, ...quick, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect([doc.arch, doc.energyUnit]).toEqual(['minerva', 'pJ']);
    for (const s of doc.stages) expect(Object.keys(s.energy.byLevel)).toEqual(['SRAM', 'REG']);
    expect(doc.stages[2].notes[1]).toMatch(/^access energy of SRAM × \(V\/V_nom\)² = /);
    expect(doc.stages[2].energy.byLevel.SRAM).toBeLessThan(doc.stages[1].energy.byLevel.SRAM); // 0.55 V at a 100-point budget
    expect(doc.stages[2].energy.byLevel.REG).toBe(doc.stages[1].energy.byLevel.REG);
    expect(doc.savingsSupport).toEqual(expect.arrayContaining(['SRAM: gating of weights accesses when inputs is zero', 'MACs: gating when the input is zero']));
  });
  it('human output: the stage table names the units, the cost sources and what the accelerator can save', async () => {
    const r = await run(['compress', '--model', mlpFile, '--pipeline', pipeFile, ...quick]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/stage\s+test acc\s+weights kept\s+effectual MACs\s+DRAM \(×MAC\)/);
    expect(r.stdout).toMatch(/savings appear only where the accelerator supports them/);
    expect(r.stdout).toMatch(/access energy of GLB × \(V\/V_nom\)²/);
  });
  it('--help exits 0', async () => {
    const r = await run(['compress', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: codesim compress \[options\]/);
    expect(r.stdout).toMatch(/^ {2}--pipeline FILE +pipeline YAML/m);
  });
  it.each([
    [['--model', mlpFile], /--pipeline is required/],
    [['--model', join(dir, 'none.json'), '--pipeline', pipeFile], /none\.json:1:1: no such file/],
    [['--model', mlpFile, '--pipeline', pipeFile, '--limit', '0'], /--limit must be a positive integer/],
    [['--model', mlpFile, '--pipeline', pipeFile, '--strategy', 'exhaustive'], /--strategy must be one of heuristic, greedy/],
  ])('bad input %# → one located line, exit 2', async (args, re) => {
    const r = await run(['compress', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(re);
  });
  it('pipeline errors are placed at file:line:col', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nstages:\n  - { stage: quantize, maxbits: 8 }\n');
    const r = await run(['compress', '--model', mlpFile, '--pipeline', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: stages\\[0\\]\\.maxbits: unknown key "maxbits"`));
    const lv = join(dir, 'lv.yaml');
    writeFileSync(lv, 'name: lv\nstages:\n  - stage: fault-mitigation\n    levels: [SRAM9]\n');
    const r2 = await run(['compress', '--model', mlpFile, '--pipeline', lv, ...quick]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/lv\.yaml:4:\d+: stages\[0\]\.levels\[0\]: no storage level 'SRAM9'/);
  });
});

describe('option tables', () => {
  it('help is generated from one table per command: each option once, each described', () => {
    for (const def of [COMPRESS_COMMAND, COMPARE_PRUNING_COMMAND]) {
      const help = commandHelp(def);
      const spec = flagSpecOf(def);
      for (const f of [...spec.values, ...spec.booleans]) {
        const lines = help.split('\n').filter((l) => new RegExp(`^  --${f}\\b`).test(l));
        expect(lines, `${def.name} --${f}`).toHaveLength(1);
        expect(lines[0]!.replace(new RegExp(`^  --${f}( \\S+)?`), '').trim().length).toBeGreaterThan(5);
      }
    }
  });
});

describe('codesim compare-pruning', () => {
  it('--json: baseline, the three methods at one budget, per-layer densities and curves; --out writes curves.svg', async () => {
    const out = join(dir, 'cp');
    const r = await run(['compare-pruning', '--net', 'lenet5', ...quick, '--epochs', '1', '--retrain-epochs', '0', '--steps', '2', '--max-rounds', '2', '--target-sparsity', '0.5', '--accuracy-drop', '100', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect([doc.arch, doc.network, doc.accuracyBudget]).toEqual(['eyeriss', 'lenet5', 100]);
    expect(Object.keys(doc.baseline)).toEqual(['accuracy', 'macs', 'weights', 'energy']);
    expect(doc.methods.map((m: { name: string }) => m.name)).toEqual(['magnitude', 'flops', 'energy-aware']);
    for (const m of doc.methods) {
      for (const k of ['accuracy', 'weightsKept', 'macsKept']) expect(m).toHaveProperty(k);
      expect(Object.keys(m.energy)).toEqual(['total', 'compute', 'network', 'byLevel', 'byTensor']);
      expect(m.layers.map((l: { name: string }) => l.name)).toEqual(['c1', 'c3', 'c5', 'f6', 'output']);
      expect(m.weightsKept).toBeLessThan(1);
    }
    expect(doc.methods[0].weightsKept).toBeCloseTo(0.5, 2); // magnitude reaches the target in 2 steps
    expect(doc.curves.map((c: { method: string; points: unknown[] }) => [c.method, c.points.length])).toEqual([['magnitude', 3], ['flops', 3], ['energy-aware', 3]]);
    expect(readFileSync(join(out, 'curves.svg'), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(JSON.parse(readFileSync(join(out, 'curves.json'), 'utf8'))).toEqual(doc.curves);
    expect(existsSync(join(out, 'lenet5-energy-aware.net.yaml'))).toBe(true);
    // the baseline is trained with codesim train's recipe for the network (one source of truth: trainRecipes.ts)
    expect(r.stderr).toContain("training the baseline lenet5 with codesim train's recipe: 1 epochs, Adam (learning rate 0.001 × 0.85 per epoch), batch 32, shifts of up to ±1 px, seed 1");
  });
  it('a layer no mapping fits: located lines at the accelerator file, exit 2, nothing on stdout, before any training', async () => {
    const archFile = join(dir, 'rf2.yaml');
    writeFileSync(archFile, readFileSync(new URL('../../configs/eyeriss.yaml', import.meta.url), 'utf8').replace('partitionWords: { weights: 224, inputs: 12, outputs: 24 }', 'partitionWords: { weights: 2, inputs: 12, outputs: 24 }'));
    const r = await run(['compare-pruning', '--net', 'lenet5', '--arch', archFile, ...quick]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/training the baseline/);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l).toMatch(/^.*rf2\.yaml:\d+:\d+: \S+: layers? [a-z0-9, ]+: no mapping fits: /);
    expect(r.stderr).toMatch(/rf2\.yaml:\d+:\d+: levels\[2\]\.partitionWords\.weights: layers? c1\b/);
  });
  it('measureFailureLines: a compressed layer that no mapping fits becomes the located line of what blocks it', async () => {
    const archFile = join(dir, 'rf3.yaml');
    writeFileSync(archFile, readFileSync(new URL('../../configs/eyeriss.yaml', import.meta.url), 'utf8').replace('partitionWords: { weights: 224, inputs: 12, outputs: 24 }', 'partitionWords: { weights: 3, inputs: 12, outputs: 24 }'));
    const loaded = await loadArch(archFile);
    if (E.isLeft(loaded)) throw new Error(loaded.left.join('\n'));
    const s = { loaded: loaded.right, dataflowIndex: 0, strategy: 'heuristic' } as unknown as Setup;
    const lines = measureFailureLines(s, { _tag: 'LayerFailure', layer: 'c3', reasons: [], network: lenet5({ batch: 1 }) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/rf3\.yaml:\d+:\d+: levels\[2\]\.partitionWords\.weights: layer c3: no mapping fits: .*way out: /);
  });
  it('--help exits 0; bad input → one line, exit 2', async () => {
    const h = await run(['compare-pruning', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^ {2}--accuracy-drop X +accuracy budget/m);
    for (const [args, re] of [
      [['--net', 'alexnet'], /--net must be one of mnist-mlp, lenet5/],
      [[], /--net is required/],
      [['--net', 'lenet5', '--accuracy-drop', 'x'], /--accuracy-drop must be a number of points/],
      [['--net', 'lenet5', '--model', mlpFile], /network/],
    ] as const) {
      const r = await run(['compare-pruning', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(re);
    }
  });
});

describe('an on-chip backing store must hold all the weights at once', () => {
  const minerva = readFileSync(new URL('../../configs/minerva.yaml', import.meta.url), 'utf8');
  const withCapacity = (n: number): string => {
    const f = join(dir, `minerva-${n}.yaml`);
    writeFileSync(f, minerva.replace('capacityWords: 393216', `capacityWords: ${n}`));
    return f;
  };
  it('mnist-mlp needs 784·256 + 2·256·256 + 256·10 = 334,336 words at 16 bits: 334,335 is refused at the line of capacityWords, 334,336 fits', async () => {
    const small = withCapacity(334335);
    const r = await run(['eval', '--arch', small, '--net', 'mnist-mlp', '--strategy', 'greedy']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const line = minerva.split('\n').findIndex((l) => l.includes('capacityWords: 393216')) + 1;
    expect(r.stderr).toMatch(new RegExp(`minerva-334335\\.yaml:${line}:\\d+: levels\\[0\\]\\.capacityWords: SRAM is an on-chip backing store \\(kind sram: the network resident across inferences\\), but the weights of mnist-mlp need 334,336 words together and its capacity is 334,335 words; way out: `));
    expect((await run(['eval', '--arch', withCapacity(334336), '--net', 'mnist-mlp', '--strategy', 'greedy'])).code).toBe(0);
    // 8-bit weights pack two to a 16-bit word: 167,168 words
    expect((await run(['eval', '--arch', small, '--net', 'mnist-mlp', '--bits', '8,16,16', '--strategy', 'greedy'])).code).toBe(0);
    expect((await run(['eval', '--arch', withCapacity(167167), '--net', 'mnist-mlp', '--bits', '8,16,16', '--strategy', 'greedy'])).stderr).toMatch(/need 167,168 words together and its capacity is 167,167 words/);
  });
  it('compare-pruning (and compress, through the same set-up) check it before any work', async () => {
    const r = await run(['compare-pruning', '--net', 'mnist-mlp', '--arch', withCapacity(1000), ...quick]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/minerva-1000\.yaml:\d+:\d+: levels\[0\]\.capacityWords: .* need 334,336 words together/);
    expect(r.stderr).not.toMatch(/training the baseline/);
  });
});
