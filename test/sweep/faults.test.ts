/**
 * Faults on a real piscina pool of 2 long-lived workers: a point that throws, one that hangs (point timeout:
 * its worker is terminated and replaced), one that kills its worker thread, one whose result does not decode and
 * one whose task does not decode — each recorded `failed` with its message (the decoder's issues for the
 * last two), and the sweep goes on to evaluate the rest.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { piscinaBackend } from '../../src/sweep/pointPool.js';
import { runSweep } from '../../src/sweep/run.js';
import { readRecords } from '../../src/sweep/store.js';
import { spec } from '../helpers/sweep.js';

describe('sweep faults on 2 workers', () => {
  it('throw, hang, worker exit, undecodable result and task: failed with messages; the other points are evaluated', async () => {
    const s = spec({
      name: 'faults',
      base: { arch: 'a.yaml', network: 'mnist-mlp' },
      parameters: [
        { name: 'mode', path: 'train.optimizer', categories: ['ok', 'throw', 'hang', 'exit', 'garbage', 'bad-task'] },
        { name: 'k', path: 'arch.x.k', integer: [1, 2] },
      ],
      objectives: ['energy'],
      method: 'grid',
      budget: 12,
      batch: 2,
    });
    const dir = mkdtempSync(join(tmpdir(), 'codesim-faults-'));
    const backend = piscinaBackend(2, new URL('./fixtures/faultyWorker.ts', import.meta.url));
    try {
      const r = await runSweep(s, { archDoc: {}, network: { zoo: 'mnist-mlp' } }, { outDir: dir, resume: false, pointTimeoutS: 5, backend });
      expect(E.isRight(r)).toBe(true);
    } finally {
      await backend.close();
    }
    const { records } = readRecords(dir);
    expect(records.length).toBe(12);
    const by = (mode: string) => records.filter((x) => x.params['mode'] === mode);
    for (const x of by('ok')) expect(x.status).toBe('ok');
    for (const x of by('throw')) expect(x.status === 'failed' && x.error).toMatch(/boom: this point throws/);
    for (const x of by('hang')) expect(x.status === 'failed' && x.error).toMatch(/timed out after 5 s/);
    for (const x of by('exit')) expect(x.status === 'failed' && x.error).toMatch(/worker failed/);
    for (const x of by('garbage')) {
      expect(x.status === 'failed' && x.error).toMatch(/worker result does not decode/);
      expect(x.status === 'failed' && x.issues?.length).toBeGreaterThan(0);
    }
    for (const x of by('bad-task')) {
      expect(x.status === 'failed' && x.error).toMatch(/task does not decode/);
      expect(x.status === 'failed' && x.issues?.map((i) => i.path.join('.'))).toContain('network');
    }
    expect(by('ok').length).toBe(2);
  });
});
