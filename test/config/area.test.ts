/**
 * The area model (`area:` in an accelerator file): an exact hand-derived area, located issues, and an
 * equal-area sweep whose a-priori area constraint is never violated by an evaluated point.
 * The per-kB / per-PE figures of `area` below are test values, not published costs; the shipped configs'
 * models (configs/eyeriss.yaml, configs/eyeriss-256.yaml: Accelergy's 40 nm figures) are checked by hand.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { areaOf, decodeArch, decodeArea, formatIssue } from '../../src/config/index.js';
import { designArea, designOnChipKB, inProcessBackend, runSweep } from '../../src/sweep/index.js';
import { spec, synthetic } from '../helpers/sweep.js';

const doc = parse(readFileSync(resolve(__dirname, '../../configs/eyeriss.yaml'), 'utf8')) as Record<string, unknown>;
const area = { source: 'test values', perPEmm2: 0.01, fixedMm2: 1, levels: { GLB: { mm2PerKB: 0.02 }, RF: { mm2PerKB: 0.1 } } };
const arch = decodeArch({ ...doc, area });

describe('area model', () => {
  it('the arch decoder accepts an area section; the area is exact by hand', () => {
    expect(E.isRight(arch)).toBe(true);
    if (E.isLeft(arch)) return;
    const m = decodeArea(area, arch.right);
    expect(E.isRight(m)).toBe(true);
    if (E.isLeft(m) || m.right === null) return;
    // GLB: 55,296 words × 16 b = 108 kB → 2.16 mm²; RF: 168 × 260 words × 2 B = 168 × 0.5078125 kB → 8.53125 mm²;
    // 168 PEs × 0.01 = 1.68 mm²; fixed 1 mm².
    const a = areaOf(m.right, arch.right);
    expect(a.byLevelMm2).toEqual({ GLB: 2.16, RF: 8.53125 });
    expect(a.computeMm2).toBeCloseTo(1.68, 12);
    expect(a.totalMm2).toBeCloseTo(13.37125, 12);
  });
  it('issues are located under area', () => {
    if (E.isLeft(arch)) return;
    const bad = (u: unknown) => {
      const r = decodeArea(u, arch.right);
      return E.isLeft(r) ? r.left.map(formatIssue) : [];
    };
    expect(bad({ ...area, levels: { L9: { mm2PerKB: 1 } } })).toEqual(["area.levels.L9: no level 'L9' in the accelerator (levels: DRAM, GLB, RF)"]);
    expect(bad({ ...area, levels: { DRAM: { mm2PerKB: 1 } } })).toEqual(['area.levels.DRAM: the DRAM is off-chip: it has no area here']);
    expect(bad({ ...area, perPEmm2: -1 })).toEqual(['area.perPEmm2: expected a finite number >= 0, got -1']);
    expect(bad({ perPEmm2: 1 })).toEqual(['area.source: missing required key "source" of an area model']);
    expect(bad(undefined)).toEqual([]);
  });
  it.each(['grid', 'random', 'nsga2', 'hw-ieci'] as const)('%s: equal-area sweep: no evaluated point exceeds the a-priori area budget', async (method) => {
    const s = spec({
      name: 'ea',
      base: { arch: 'x.yaml', network: 'mnist-mlp' },
      parameters: [
        { name: 'peX', path: 'arch.pe.x', integer: [4, 20] },
        { name: 'glbKB', path: 'arch.levels.GLB.capacityWords', values: [32, 64, 108, 216], scale: 512 },
      ],
      objectives: ['energy'],
      constraints: [{ metric: 'areaMm2', max: 12 }],
      method,
      budget: 10,
      batch: 2,
    });
    const archDoc = { ...doc, area };
    const r = await runSweep(s, { archDoc, network: { zoo: 'mnist-mlp' } }, { outDir: mkdtempSync(join(tmpdir(), 'codesim-area-')), resume: false, pointTimeoutS: null, backend: inProcessBackend(synthetic) });
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.records.length).toBeGreaterThan(0);
    for (const rec of r.right.records) {
      const a = designArea(archDoc, s.parameters, rec.params);
      expect(a).not.toBeNull();
      expect(a!).toBeLessThanOrEqual(12);
      expect(rec.areaMm2).toBe(a);
    }
  });
  it('configs/eyeriss-256.yaml is priced: RF, GLB and MAC area exact by hand (Accelergy 40 nm figures)', () => {
    const d = parse(readFileSync(resolve(__dirname, '../../configs/eyeriss-256.yaml'), 'utf8')) as Record<string, unknown>;
    const a256 = decodeArch(d);
    if (E.isLeft(a256)) throw new Error('eyeriss-256 does not decode');
    const m = decodeArea(d['area'], a256.right);
    if (E.isLeft(m) || m.right === null) throw new Error('eyeriss-256 has no area model');
    // RF: 887.84 µm² per 64 B → 887.84 × 16 / 10⁶ = 0.01420544 mm²/kB; 256 PEs × 0.5 kB × 0.01420544 = 1.81829632 mm².
    // GLB: 707,084 µm² per 256 KiB → 0.002762046875 mm²/kB; 128 kB → 0.353542 mm².
    // MAC: 4 × 332.25 µm² = 1,329 µm²; 256 × 0.001329 = 0.340224 mm². Total 2.51206232 mm².
    expect(m.right.mm2PerKB).toEqual({ RF: 887.84 * 16 / 1e6, GLB: 707_084 / 256 / 1e6 });
    expect(m.right.perPEmm2).toBe(4 * 332.25 / 1e6);
    const r = areaOf(m.right, a256.right);
    expect(r.byLevelMm2['RF']).toBeCloseTo(1.81829632, 12);
    expect(r.byLevelMm2['GLB']).toBeCloseTo(0.353542, 12);
    expect(r.computeMm2).toBeCloseTo(0.340224, 12);
    expect(r.fixedMm2).toBe(0);
    expect(r.totalMm2).toBeCloseTo(2.51206232, 12);
  });
  it('configs/eyeriss.yaml: the chip is 1.7334746625 mm² at 40 nm and 108 + 168 × 0.5078125 = 193.3125 kB on chip (exact by hand)', () => {
    const targets = [
      { name: 'glbKB', path: 'arch.levels.GLB.capacityWords', scale: 512 },
      { name: 'rfW', path: 'arch.levels.RF.partitionWords.weights', scale: 1 },
      { name: 'peX', path: 'arch.pe.x', scale: 1 },
    ];
    // MAC 168 × 0.001329 = 0.223272; RF 168 × 260 words × 2 B = 85.3125 kB × 0.01420544 = 1.2119016 (the three
    // scratchpads at the regfile rate); GLB 108 kB × 0.002762046875 = 0.2983010625; total 1.7334746625 mm².
    const chip = designArea(doc, targets, { glbKB: 108, rfW: 224, peX: 14 });
    expect(chip).toBeCloseTo(1.7334746625, 12);
    expect(designOnChipKB(doc, targets, { glbKB: 108, rfW: 224, peX: 14 })).toBe(193.3125);
    // 12 × 12 PEs, GLB 54 kB, RF 448 + 12 + 24 = 484 words: 54 + 144 × 968 / 1,024 = 54 + 136.125 = 190.125 kB;
    // area: MAC 144 × 0.001329 = 0.191376; RF 136.125 × 0.01420544 = 1.93371552; GLB 54 × 0.002762046875 =
    // 0.14915053125; total 2.27424205125 mm² — over the chip's area (RF bytes cost 5.14× GLB bytes).
    expect(designOnChipKB(doc, targets, { glbKB: 54, rfW: 448, peX: 12 })).toBe(54 + 136.125);
    expect(designArea(doc, [...targets, { name: 'peY', path: 'arch.pe.y', scale: 1 }], { glbKB: 54, rfW: 448, peX: 12, peY: 12 })).toBeCloseTo(2.27424205125, 12);
  });
  it('sweeps/eyeriss-hw.yaml: its area budget is the chip\'s own configuration priced by configs/eyeriss.yaml (equal area)', () => {
    const sweep = parse(readFileSync(resolve(__dirname, '../../sweeps/eyeriss-hw.yaml'), 'utf8')) as { constraints: Array<{ metric: string; max?: number }> };
    const areaC = sweep.constraints.filter((c) => c.metric === 'areaMm2');
    expect(areaC.length).toBe(1);
    expect(sweep.constraints.some((c) => c.metric === 'onChipKB')).toBe(false);
    // The chip as shipped (no parameter applied): 1.7334746625 mm² by hand (test above), the budget exactly.
    expect(designArea(doc, [], {})).toBe(areaC[0]!.max);
    expect(areaC[0]!.max).toBeCloseTo(0.223272 + 1.2119016 + 0.2983010625, 12);
  });
  it.each(['grid', 'random', 'nsga2', 'hw-ieci'] as const)('%s: equal-resource sweep: no evaluated point exceeds the a-priori on-chip storage budget', async (method) => {
    const s = spec({
      name: 'es',
      base: { arch: 'x.yaml', network: 'mnist-mlp' },
      parameters: [
        { name: 'rfW', path: 'arch.levels.RF.partitionWords.weights', values: [112, 224, 448] },
        { name: 'glbKB', path: 'arch.levels.GLB.capacityWords', values: [32, 64, 108, 216], scale: 512 },
      ],
      objectives: ['energy'],
      constraints: [{ metric: 'onChipKB', max: 193.3125 }],
      method,
      budget: 6,
      batch: 2,
    });
    const r = await runSweep(s, { archDoc: doc, network: { zoo: 'mnist-mlp' } }, { outDir: mkdtempSync(join(tmpdir(), 'codesim-kb-')), resume: false, pointTimeoutS: null, backend: inProcessBackend(synthetic) });
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.records.length).toBeGreaterThan(0);
    for (const rec of r.right.records) {
      const kb = designOnChipKB(doc, s.parameters, rec.params);
      expect(kb!).toBeLessThanOrEqual(193.3125);
      expect(rec.onChipKB).toBe(kb);
    }
  });
});
