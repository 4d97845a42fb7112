/**
 * The golden regression corpus (test/golden/*.jsonl, format in corpus.ts): every record is re-evaluated — MAC layers
 * by `analyze` + `price` / `priceTotal` and by the fused `analyzeCost`, vector layers through `evaluateNetwork` — and
 * compared field by field with what is stored: counts and cycles exactly, energies to a relative 1e-12. A failure
 * names the record and its first differing field. Regenerate deliberately with `npm run golden:update` and review
 * the diff (docs/testing.md).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { archsFromJsonl, expandMapping, firstDiff, observe, observeVector, type GoldenRecord, type MacRecord } from './corpus.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const archs = archsFromJsonl(readFileSync(join(HERE, 'archs.jsonl'), 'utf8'));
const files = readdirSync(HERE).filter((f) => f.endsWith('.jsonl') && f !== 'archs.jsonl').sort();
const corpus = new Map<string, GoldenRecord[]>(
  files.map((f) => [f, readFileSync(join(HERE, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as GoldenRecord)]),
);
const all = [...corpus.values()].flat();
const macs = all.filter((r): r is MacRecord => 'problem' in r);

const check = (r: GoldenRecord): string | null => {
  const arch = archs[r.arch];
  if (!arch) return `${r.id}: unknown accelerator ${r.arch}`;
  const fresh = 'problem' in r ? observe(arch, r.problem, expandMapping(r.mapping)) : observeVector(arch, r.vector);
  const d = firstDiff(r.expect, fresh);
  return d === null ? null : `${r.id}: ${d}`;
};

describe('golden corpus', () => {
  it('covers the shipped configs, the network variants, sparsity, formats, bandwidths and bit widths', () => {
    expect(files).toEqual(['eyeriss-256.jsonl', 'eyeriss.jsonl', 'systolic-ws.jsonl']);
    expect(macs.length).toBeGreaterThanOrEqual(300);
    const some = (pred: (r: MacRecord) => boolean): number => macs.filter(pred).length;
    const tensorSum = (r: MacRecord, i: number): number => r.expect.levels.reduce((a, l) => a + l.W[i]! + l.I[i]! + l.O[i]!, 0);
    expect(some((r) => tensorSum(r, 20) + tensorSum(r, 21) > 0)).toBeGreaterThan(50); // metadata accesses
    expect(some((r) => tensorSum(r, 8) + tensorSum(r, 14) > 0)).toBeGreaterThan(10); // gated reads / updates
    expect(some((r) => tensorSum(r, 9) + tensorSum(r, 15) > 0)).toBeGreaterThan(5); // skipped reads / updates
    expect(some((r) => r.expect.global.macActions[1] > 0)).toBeGreaterThan(10); // gated MACs
    expect(some((r) => r.expect.global.macActions[2] > 0)).toBeGreaterThan(10); // skipped MACs
    expect(some((r) => r.expect.global.bottleneck !== 'compute')).toBeGreaterThan(50);
    expect(some((r) => r.expect.global.bottleneck === 'compute')).toBeGreaterThan(10);
    expect(some((r) => r.problem.bits.W === 8)).toBeGreaterThan(30);
    expect(some((r) => r.problem.strideH > 1 || r.problem.dilationH > 1)).toBeGreaterThan(30);
    expect(some((r) => r.problem.bounds.G > 1)).toBeGreaterThan(30);
    expect(some((r) => r.arch.includes('no-multicast'))).toBeGreaterThan(15);
    expect(some((r) => r.arch.includes('no-reduction'))).toBeGreaterThan(15);
    expect(all.length - macs.length).toBeGreaterThanOrEqual(60); // vector layers
  });

  for (const [file, records] of corpus) {
    it(`${file}: ${records.length} records match a fresh evaluation`, () => {
      const failures = records.map(check).filter((x): x is string => x !== null);
      expect(failures.slice(0, 5), `${failures.length} of ${records.length} records differ (first 5 shown)`).toEqual([]);
    });
  }

  it('fresh evaluations: the fused analyzeCost total is bit-identical to priceTotal(analyze)', () => {
    for (const r of macs) {
      const o = observe(archs[r.arch]!, r.problem, expandMapping(r.mapping));
      expect(o.fused.total, r.id).toBe(o.priceTotal);
      expect(o.fused.cycles, r.id).toBe(o.global.cycles);
    }
  });

  it('a diff names the first differing field', () => {
    const r = macs[0]!;
    const changed = structuredClone(r.expect);
    changed.levels[1]!.I[4] = changed.levels[1]!.I[4]! + 1;
    expect(firstDiff(changed, r.expect)).toMatch(/^levels\[1\]\.I\.fills: expected/);
    const e = structuredClone(r.expect);
    e.energy.byLevel[Object.keys(e.energy.byLevel)[0]!]! *= 1 + 1e-9;
    expect(firstDiff(e, r.expect)).toMatch(/^energy\.byLevel\./);
    const tiny = structuredClone(r.expect);
    (tiny.energy as { total: number }).total *= 1 + 1e-14; // within the energy tolerance
    expect(firstDiff(tiny, r.expect)).toBeNull();
  });
});
