/**
 * `codesim report` on the real JSON of `codesim compress --json` and `codesim compare-pruning --json` (tiny runs:
 * an untrained model, `--limit`, greedy mappings, no retraining), not on hand-written fixtures: the report must
 * recognise both shapes as the commands print them today and chart them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { encodeModel, initModel } from '../../src/train/index.js';
import { mnistMlp } from '../../src/workload/index.js';

const run = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
};

describe('codesim report on the compression commands\' real JSON', () => {
  it('charts compress --json and compare-pruning --json together, without NaN', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codesim-report-real-'));
    const model = join(dir, 'mlp.model.json');
    writeFileSync(model, encodeModel(initModel(mnistMlp({ batch: 1 }), 3)));
    const pipeline = join(dir, 'p.yaml');
    writeFileSync(pipeline, [
      'name: quick',
      'accuracyDrop: 5',
      'retrain: { epochs: 0 }',
      'stages:',
      '  - { stage: magnitude-prune, targetSparsity: 0.5, steps: 1 }',
      '  - { stage: quantize, maxBits: 8, minBits: 6 }',
      '',
    ].join('\n'));
    const quick = ['--limit', '40', '--strategy', 'greedy'];
    const compress = await run(['compress', '--model', model, '--pipeline', pipeline, '--arch', 'configs/eyeriss.yaml', ...quick, '--json']);
    expect(compress.code).toBe(0);
    const pruning = await run(['compare-pruning', '--model', model, ...quick, '--retrain-epochs', '0', '--steps', '2', '--max-rounds', '2',
      '--target-sparsity', '0.5', '--accuracy-drop', '100', '--json']);
    expect(pruning.code).toBe(0);
    const compressFile = join(dir, 'compress.json');
    const pruningFile = join(dir, 'pruning.json');
    writeFileSync(compressFile, compress.stdout);
    writeFileSync(pruningFile, pruning.stdout);
    const html = join(dir, 'report.html');
    const r = await run(['report', compressFile, pruningFile, '--out', html]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\b4 charts from 2 inputs\b/);
    const text = readFileSync(html, 'utf8');
    expect(text.match(/<svg\b/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(text).not.toMatch(/NaN/);
  });
});
