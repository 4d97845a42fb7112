/**
 * Equal-area splits (ISCA'16 §VI-A): exact hand-derived buffer sizes on the shipped configs/eyeriss-256.yaml
 * (whose area model prices the RF and the GLB at Accelergy's 40 nm figures), the errors, and properties: every
 * split fits the budget and one more buffer word would not; the file's own RF size gives back its own buffer.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { decodeArch, decodeArea, equalAreaSplits, equalStorageSplits, pricesRfAndGlb, type AreaModel } from '../../src/config/index.js';

const load = (f: string): Record<string, unknown> => parse(readFileSync(resolve(__dirname, '../../configs', f), 'utf8')) as Record<string, unknown>;
const doc256 = load('eyeriss-256.yaml');
const arch256 = decodeArch(doc256);
if (E.isLeft(arch256)) throw new Error('eyeriss-256 does not decode');
const model256 = decodeArea(doc256['area'], arch256.right);
if (E.isLeft(model256) || model256.right === null) throw new Error('eyeriss-256 has no area model');
const model: AreaModel = model256.right;

describe('equal-area splits', () => {
  it('configs/eyeriss-256.yaml: the budget is its own RF + GLB area; each RF size leaves the rest of it to the GLB (exact by hand)', () => {
    // Rates: RF 887.84 µm² / 64 B = 13.8725 µm²/B; GLB 707,084 µm² / 262,144 B, so one 2-byte GLB word = 707,084 / 131,072 µm².
    // Budget: 256 PEs × 512 B × 13.8725 = 1,818,296.32 µm² + 128 kB GLB = 707,084 / 2 = 353,542 µm² → 2,171,838.32 µm².
    // r words per PE cost 256 × 2r B × 13.8725 µm²; GLB words = ⌊(2,171,838.32 − 7,102.72 r) × 131,072 / 707,084⌋:
    //   r = 4:   2,143,428.72 µm² left → 397,326.66… → 397,326 words
    //   r = 16:  2,058,194.80 → 381,527.10… → 381,527
    //   r = 256:   353,542.00 → 65,536 (the file's own GLB; the floating-point quotient is 65,535.99999999996)
    //   r = 305:     5,508.72 → 1,021.15… → 1,021
    //   r = 306:    −1,594.00 → dropped
    const r = equalAreaSplits(arch256.right, model, [4, 16, 256, 305, 306]);
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.rf).toBe('RF');
    expect(r.right.glb).toBe('GLB');
    expect(r.right.rfMm2PerKB).toBe(0.01420544);
    expect(r.right.glbMm2PerKB).toBe(0.002762046875);
    expect(r.right.budgetMm2).toBeCloseTo(2.17183832, 12);
    expect(r.right.splits).toEqual([
      { rfWords: 4, glbWords: 397_326 },
      { rfWords: 16, glbWords: 381_527 },
      { rfWords: 256, glbWords: 65_536 },
      { rfWords: 305, glbWords: 1_021 },
    ]);
    expect(pricesRfAndGlb(model, arch256.right)).toBe(true);
    expect(pricesRfAndGlb(null, arch256.right)).toBe(false);
    expect(pricesRfAndGlb({ ...model, mm2PerKB: { RF: 0.01 } }, arch256.right)).toBe(false);
  });
  it('errors: no room, a partitioned RF, a level the model does not price, a free GLB', () => {
    expect(equalAreaSplits(arch256.right, model, [306, 512])).toEqual(E.left('no RF size in 306, 512 words per PE leaves room for GLB in the 2.17183832 mm2 budget'));
    expect(equalAreaSplits(arch256.right, { ...model, mm2PerKB: { RF: 0.01 } }, [16])).toEqual(
      E.left('the area model prices GLB at no mm2PerKB: an equal-area split needs both RF and GLB priced (area.levels)'),
    );
    expect(equalAreaSplits(arch256.right, { ...model, mm2PerKB: { RF: 0.01, GLB: 0 } }, [16])).toEqual(E.left('the area model prices GLB at 0 mm2 per kB: every split would get an unbounded GLB'));
    const chip = decodeArch(load('eyeriss.yaml'));
    if (E.isLeft(chip)) throw new Error('eyeriss does not decode');
    expect(equalAreaSplits(chip.right, model, [16])).toEqual(E.left('the RF level RF is partitioned per tensor: an equal-area split resizes one shared RF (remove its partitionWords)'));
  });
  it('property: each split fits the budget and one more GLB word would not; the own RF size gives back the own GLB', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1024 }),
        fc.integer({ min: 1, max: 1 << 20 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        (rfOwn, glbOwn, r, a, g) => {
          const levels = (doc256['levels'] as Array<Record<string, unknown>>).map((l) => (l['name'] === 'RF' ? { ...l, capacityWords: rfOwn } : l['name'] === 'GLB' ? { ...l, capacityWords: glbOwn } : l));
          const arch = decodeArch({ ...doc256, levels });
          if (E.isLeft(arch)) throw new Error('variant does not decode');
          const m: AreaModel = { ...model, mm2PerKB: { RF: a, GLB: g } };
          const own = equalAreaSplits(arch.right, m, [rfOwn]);
          expect(own).toEqual(E.right(expect.objectContaining({ splits: [{ rfWords: rfOwn, glbWords: glbOwn }] })));
          const s = equalAreaSplits(arch.right, m, [r]);
          if (E.isLeft(s)) return;
          const [split] = s.right.splits;
          const area = (rfWords: number, glbWords: number): number => 256 * ((rfWords * 2) / 1024) * a + ((glbWords * 2) / 1024) * g;
          const tol = 1e-9 * s.right.budgetMm2;
          expect(area(split!.rfWords, split!.glbWords)).toBeLessThanOrEqual(s.right.budgetMm2 + tol);
          expect(area(split!.rfWords, split!.glbWords + 1)).toBeGreaterThan(s.right.budgetMm2 - tol);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('property: when an RF byte costs what a GLB byte costs, equal area is equal storage', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 6 }), fc.double({ min: 1e-4, max: 1, noNaN: true }), (rfWords, rate) => {
        const eqA = equalAreaSplits(arch256.right, { ...model, mm2PerKB: { RF: rate, GLB: rate } }, rfWords);
        const eqS = equalStorageSplits(arch256.right, rfWords);
        expect(E.isRight(eqA)).toBe(E.isRight(eqS));
        if (E.isRight(eqA) && E.isRight(eqS)) expect(eqA.right.splits).toEqual(eqS.right.splits);
      }),
      { numRuns: 200 },
    );
  });
});
