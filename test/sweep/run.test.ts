/**
 * The sweep driver and runner on a synthetic deterministic evaluator (in-process, fast): points stay in their
 * domains and satisfy derived constraints, HW-IECI never evaluates a point its a-priori constraints reject,
 * the same seed gives the same points, and a resumed sweep's results equal an uninterrupted one's.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holds } from '../../src/config/expr.js';
import type { SweepMethod, SweepSpec } from '../../src/config/sweep.js';
import { inProcessBackend } from '../../src/sweep/pointPool.js';
import { aprioriMetrics, runSweep, type SweepBase } from '../../src/sweep/run.js';
import { readRecords, type PointRecord } from '../../src/sweep/store.js';
import { spec, synthetic, untimed } from '../helpers/sweep.js';

const base: SweepBase = { archDoc: {}, network: { zoo: 'mnist-mlp' } };
const tmp = (): string => mkdtempSync(join(tmpdir(), 'codesim-sweep-'));

const doc = (method: SweepMethod, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 't',
  base: { arch: 'a.yaml', network: 'mnist-mlp' },
  parameters: [
    { name: 'a', path: 'arch.x.a', integer: [1, 6] },
    { name: 'b', path: 'arch.x.b', values: [1, 2, 4, 8] },
    { name: 'c', path: 'arch.x.c', continuous: [0.01, 10], log: true },
    { name: 'd', path: 'dataflow', categories: ['x', 'y'] },
  ],
  derived: ['a + b <= 10'],
  objectives: ['energy'],
  method,
  budget: 12,
  batch: 3,
  seed: 5,
  ...over,
});

const run = async (s: SweepSpec, dir: string, budget?: number): Promise<ReadonlyArray<PointRecord>> => {
  const r = await runSweep(s, base, { outDir: dir, resume: true, pointTimeoutS: null, backend: inProcessBackend(synthetic), ...(budget ? { budget } : {}) });
  if (E.isLeft(r)) throw new Error(r.left.join('\n'));
  return r.right.records;
};

const inDomain = (s: SweepSpec, r: PointRecord): boolean =>
  s.parameters.every((p) => {
    const v = r.params[p.name];
    const d = p.domain;
    switch (d._tag) {
      case 'Integer':
        return typeof v === 'number' && Number.isInteger(v) && v >= d.lower && v <= d.upper;
      case 'Ordinal':
        return typeof v === 'number' && d.values.includes(v);
      case 'Categorical':
        return typeof v === 'string' && d.values.includes(v);
      case 'Continuous':
        return typeof v === 'number' && v >= d.lower * (1 - 1e-12) && v <= d.upper * (1 + 1e-12);
    }
  });

describe('sweep driver', () => {
  const methods: SweepMethod[] = ['grid', 'random', 'nsga2', 'bo', 'hw-ieci'];
  it.each(methods)('%s: every evaluated point lies in its domain and satisfies the derived constraints; ids unique', async (m) => {
    const s = spec(doc(m, m === 'bo' || m === 'hw-ieci' ? { budget: 10 } : {}));
    const recs = await run(s, tmp());
    expect(recs.length).toBe(s.budget);
    for (const r of recs) {
      expect(inDomain(s, r)).toBe(true);
      for (const c of s.derived) expect(holds(c, r.params)).toBe(true);
      expect(r.status).toBe('ok');
    }
    expect(new Set(recs.map((r) => r.id)).size).toBe(recs.length);
  });

  it('property: random search, any seed and batch: points in domain, derived constraints hold, same seed → same points', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 4 }), async (seed, batch) => {
        const s = spec(doc('random', { seed, batch, budget: 8 }));
        const a = await run(s, tmp());
        const b = await run(s, tmp());
        expect(a.map(untimed)).toEqual(b.map(untimed));
        for (const r of a) {
          expect(inDomain(s, r)).toBe(true);
          for (const c of s.derived) expect(holds(c, r.params)).toBe(true);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('same seed → same points for BO (batch 2), a different seed → different ones', async () => {
    const s = spec(doc('bo', { budget: 9, batch: 2 }));
    const a = await run(s, tmp());
    const b = await run(s, tmp());
    expect(a.map((r) => r.params)).toEqual(b.map((r) => r.params));
    const c = await run(spec(doc('bo', { budget: 9, batch: 2, seed: 6 })), tmp());
    expect(c.map((r) => r.params)).not.toEqual(a.map((r) => r.params));
  });

  it('HW-IECI never evaluates a point its a-priori constraint (weight memory of the MNIST MLP) rejects; plain BO does', async () => {
    // Hidden units of the MLP's first two layers; weight memory ≤ 4 Mbit rejects wide first layers.
    const d = (method: SweepMethod) => ({
      name: 'w',
      base: { arch: 'a.yaml', network: 'mnist-mlp' },
      parameters: [
        { name: 'h1', path: 'net.layers.fc1.outFeatures', integer: [16, 1024] },
        { name: 'h2', path: 'net.layers.fc2.outFeatures', integer: [16, 1024] },
      ],
      objectives: ['energy'],
      constraints: [{ metric: 'weightMemoryBits', max: 4_000_000 }],
      method,
      budget: 14,
      batch: 2,
      seed: 3,
    });
    const ok = (s: SweepSpec, r: PointRecord): boolean => (aprioriMetrics(s, base, r.params)?.weightMemoryBits ?? Infinity) <= 4_000_000;
    const hw = spec(d('hw-ieci'));
    const recs = await run(hw, tmp());
    expect(recs.length).toBe(14);
    expect(recs.every((r) => ok(hw, r))).toBe(true);
    const plain = spec(d('bo'));
    const precs = await run(plain, tmp());
    expect(precs.some((r) => !ok(plain, r))).toBe(true);
  });

  it.each(['random', 'bo', 'nsga2'] as const)('%s: a resumed sweep (cut after any number of lines) records exactly what an uninterrupted one does', async (m) => {
    const s = spec(doc(m, { budget: 10, batch: 2 }));
    const full = tmp();
    const whole = await run(s, full);
    const lines = readFileSync(join(full, 'results.jsonl'), 'utf8').trim().split('\n');
    for (const cut of [0, 3, 7]) {
      const dir = tmp();
      mkdirSync(dir, { recursive: true });
      // A crash mid-write leaves a torn last line; it is ignored and that point evaluated again.
      writeFileSync(join(dir, 'results.jsonl'), lines.slice(0, cut).join('\n') + (cut > 0 ? '\n' : '') + '{"id":"torn');
      const resumed = await run(s, dir);
      const onDisk = readRecords(dir);
      expect(onDisk.skipped).toBe(1);
      expect(new Set(onDisk.records.map((r) => r.id)).size).toBe(onDisk.records.length);
      const byId = (rs: ReadonlyArray<PointRecord>) => new Map(rs.map((r) => [r.id, untimed(r)]));
      expect(byId(onDisk.records)).toEqual(byId(readRecords(full).records));
      expect(resumed.map(untimed)).toEqual(whole.map(untimed));
    }
  });

  it('points without a value before any point has one are told the first value seen (not a made-up stand-in), and resume still replays exactly', async () => {
    // The first 3 points fail; synthetic energies are ≥ 1000 (log10 ≥ 3).
    const failFirst = (task: Parameters<typeof synthetic>[0]) => (task.index < 3 ? { status: 'failed' as const, error: 'early failure' } : synthetic(task));
    const s = spec(doc('bo', { budget: 10, batch: 2 }));
    const dir = tmp();
    const r = await runSweep(s, base, { outDir: dir, resume: false, pointTimeoutS: null, backend: inProcessBackend(failFirst) });
    expect(E.isRight(r)).toBe(true);
    const st = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { told: number; waiting: number; optimizer: { y: number[][]; c: number[][] } };
    expect(st.told).toBe(10);
    expect(st.waiting).toBe(0);
    expect(st.optimizer.y.length).toBe(10);
    for (const y of st.optimizer.y) expect(y[0]!).toBeGreaterThanOrEqual(3);
    expect(st.optimizer.c.filter((c) => c[0] === 1).length).toBe(3);
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n');
    const cut = tmp();
    writeFileSync(join(cut, 'results.jsonl'), lines.slice(0, 2).join('\n') + '\n');
    const again = await runSweep(s, base, { outDir: cut, resume: true, pointTimeoutS: null, backend: inProcessBackend(failFirst) });
    expect(E.isRight(again) && again.right.records.map(untimed)).toEqual(E.isRight(r) && r.right.records.map(untimed));
  });

  it('refuses to overwrite results without --resume, and to resume a different sweep', async () => {
    const dir = tmp();
    await run(spec(doc('random', { budget: 3 })), dir);
    const again = await runSweep(spec(doc('random', { budget: 3 })), base, { outDir: dir, resume: false, pointTimeoutS: null, backend: inProcessBackend(synthetic) });
    expect(E.isLeft(again) && again.left[0]).toMatch(/already holds a sweep's results/);
    const other = await runSweep(spec(doc('random', { budget: 3, seed: 99 })), base, { outDir: dir, resume: true, pointTimeoutS: null, backend: inProcessBackend(synthetic) });
    expect(E.isLeft(other) && other.left[0]).toMatch(/different sweep/);
    // Raising the budget on resume continues the same sweep.
    const more = await run(spec(doc('random', { budget: 3 })), dir, 5);
    expect(more.length).toBe(5);
    expect(readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n').length).toBe(6);
  });
});
