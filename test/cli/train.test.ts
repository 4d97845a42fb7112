/**
 * `codesim train` end to end (in-process, through `main`): a one-epoch run on a small subset (`--limit`),
 * its JSON and model file; `--help`; bad input → one line on stderr, exit 2, nothing on stdout; and model
 * files read back by `loadModel` with located errors (another network, wrong version).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/loadModel.js';
import { main } from '../../src/cli/main.js';
import { decodeModel } from '../../src/train/index.js';

const run = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'codesim-train-'));

describe('codesim train', () => {
  it('trains one epoch on 200 digits and writes a model file; --json prints only the documented JSON', async () => {
    const out = join(dir, 'mlp.json');
    const r = await run(['train', '--net', 'mnist-mlp', '--epochs', '1', '--limit', '200', '--seed', '3', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['network', 'epochs', 'seed', 'trainAccuracy', 'testAccuracy', 'seconds']);
    expect([doc.network, doc.epochs, doc.seed]).toEqual(['mnist-mlp', 1, 3]);
    expect(doc.testAccuracy).toBeGreaterThan(0.3);
    expect(doc.seconds).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/1\/1 epochs/);
    const m = decodeModel(readFileSync(out, 'utf8'), 'mnist-mlp');
    expect(E.isRight(m) && m.right.meta).toEqual({ seed: 3, epochs: 1, trainAccuracy: doc.trainAccuracy, testAccuracy: doc.testAccuracy });
    // the human summary
    const h = await run(['train', '--net', 'lenet5', '--epochs', '0', '--limit', '50', '--out', join(dir, 'l.json')]);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/test accuracy [\d.]+%/);
    expect(h.stdout).toMatch(/1996 held-out test digits/);
  });
  it('--help exits 0 with the usage', async () => {
    const r = await run(['train', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: codesim train --net mnist-mlp\|lenet5 --out FILE/);
  });
  it.each([
    [['--net', 'alexnet', '--out', 'x.json'], /--net must be one of mnist-mlp, lenet5/],
    [['--net', 'lenet5', '--out', join(dir, 'no', 'such', 'm.json')], /m\.json:1:1: cannot write the model file \(no folder/],
    [['--net', 'lenet5', '--out', dir], /:1:1: is a directory/],
    [['--net', 'lenet5', '--out', 'x.json', '--epochs', '-1'], /--epochs must be a non-negative integer/],
    [['--net', 'lenet5', '--out', 'x.json', '--optimizer', 'rmsprop'], /--optimizer must be adam or sgd/],
    [['--net', 'lenet5', '--out', 'x.json', '--lr', '0'], /--lr must be a positive number/],
  ])('bad input %j → one line, exit 2', async (args, re) => {
    const r = await run(['train', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(re);
  });
});

describe('loadModel (model files for commands)', () => {
  it('another network, a wrong version, a bad shape: file:line:col: path: message', async () => {
    const f = join(dir, 'm.json');
    await run(['train', '--net', 'mnist-mlp', '--epochs', '0', '--limit', '10', '--out', f]);
    const ok = await loadModel(f, 'mnist-mlp');
    expect(E.isRight(ok)).toBe(true);
    const other = await loadModel(f, 'lenet5');
    expect(E.isLeft(other) && other.left).toEqual([`${f}:4:3: network: the model is for network 'mnist-mlp', expected 'lenet5'`]);
    const text = readFileSync(f, 'utf8');
    writeFileSync(f, text.replace('"version": 1', '"version": 7'));
    const v = await loadModel(f);
    expect(E.isLeft(v) && v.left).toEqual([`${f}:3:3: version: unsupported model file version 7 (this codesim reads version 1)`]);
    writeFileSync(f, text.replace('"weightShape": [\n        256,', '"weightShape": [\n        255,'));
    const s = await loadModel(f);
    expect(E.isLeft(s) && s.left[0]).toMatch(/:1[0-9]:\d+: layers\[0\]\.weights: 200704 weights, weightShape \[255, 784\] needs 199920$/);
    expect(E.isLeft(await loadModel(join(dir, 'none.json')))).toBe(true);
  });
});
