/**
 * Invariants of the model (fast-check), over random tiny layers and random valid mappings on a
 * DRAM → GLB → PE-array RF hierarchy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Arch } from '../../src/arch/index.js';
import { problemMacs, tensorSizes, DIMS, type Problem } from '../../src/workload/index.js';
import type { Mapping } from '../../src/mapping/index.js';
import { testArch } from '../helpers/arch.js';
import { analyze, analyzeCost, ceilCount, GLOBALS, globalBase, makeContext, prepareCost } from '../../src/dataflow/index.js';
import { buildErt, price, priceTotal, tensorEnergy } from '../../src/energy/index.js';
import { flatten } from '../../src/mapping/index.js';
import { randomMapping, tinyProblem } from '../helpers/arbitraries.js';
import { evalOrThrow } from '../helpers/eval.js';

const base: Arch = testArch([{ read: 200, write: 200 }, { read: 6, write: 6 }, { instances: 2048 * 2048, meshX: 2048, meshY: 2048, read: 1, write: 1 }], 2048 * 2048, { x: 2048, y: 2048 });
const withNet = (a: Arch, e: number): Arch => ({ ...a, networks: a.networks.map((n) => ({ ...n, energyPerWord: e })) });
const arch = withNet(base, 2);
const RUNS = { numRuns: 120 };

/** Input points some MAC actually touches (the bounding box also holds stride/dilation gaps no MAC needs). */
const usedInputs = (p: Problem): number => {
  const axis = (P: number, R: number, s: number, d: number) => {
    const pts = new Set<number>();
    for (let x = 0; x < P; x++) for (let r = 0; r < R; r++) pts.add(x * s + r * d);
    return pts.size;
  };
  const b = p.bounds;
  return b.N * b.G * b.C * axis(b.P, b.R, p.strideH, p.dilationH) * axis(b.Q, b.S, p.strideW, p.dilationW);
};

const pm = tinyProblem().chain((p) => fc.tuple(fc.constant(p), randomMapping(p, 3, [1])));
const withDensity = (p: Problem, d: { W: number; I: number; O: number }): Problem => ({ ...p, density: d });
const density = fc.record({ W: fc.double({ min: 0.05, max: 1, noNaN: true }), I: fc.double({ min: 0.05, max: 1, noNaN: true }), O: fc.constant(1) });

/** Sparse variant of the test arch: compressed RLE inputs at DRAM, gating/skipping at the RF and the MACs. */
const sparseArch = (kind: 'gating' | 'skipping'): Arch => ({
  ...arch,
  levels: arch.levels.map((l, i) =>
    i === 0
      ? { ...l, formats: { ...l.formats, I: { format: 'rle', metadataBits: 4 } } }
      : i === 2
        ? { ...l, actionOptimizations: [{ kind, target: 'W', condition: ['I'] }] }
        : l,
  ),
  compute: { ...arch.compute, sparse: kind },
});

describe('model invariants (fast-check)', () => {
  it('1. energies are finite and ≥ 0 everywhere', () => {
    fc.assert(fc.property(pm, ([p, m]) => {
      const { energy } = evalOrThrow(arch, p, m);
      for (const v of [energy.total, energy.compute, energy.network, ...Object.values(energy.byLevel), ...Object.values(energy.byTensor)]) {
        expect(Number.isFinite(v) && v >= 0).toBe(true);
      }
    }), RUNS);
  });
  it('2. total = compute + Σ levels + network = compute + Σ tensors', () => {
    fc.assert(fc.property(pm, ([p, m]) => {
      const { energy: e } = evalOrThrow(arch, p, m);
      const levels = Object.values(e.byLevel).reduce((a, b) => a + b, 0);
      expect(e.total).toBeCloseTo(e.compute + levels + e.network, 6);
      expect(e.total).toBeCloseTo(e.compute + e.byTensor.W + e.byTensor.I + e.byTensor.O, 6);
    }), RUNS);
  });
  it('2b. the mapper\'s fast priceTotal equals the full breakdown\'s total, on dense and sparse archs with bypass', () => {
    fc.assert(fc.property(pm, density, ([p, m], d) => {
      for (const a of [arch, sparseArch('gating'), sparseArch('skipping')]) {
        const q = withDensity(p, d);
        const ctx = makeContext(a, q);
        const r = analyze(ctx, flatten(m), new Float64Array(ctx.resultLength));
        const ert = buildErt(a, q);
        expect(priceTotal(ert, r, ctx.numLevels)).toBeCloseTo(price(ert, r, a.levels.map((l) => l.name)).total, 6);
      }
    }), RUNS);
  });
  it('2c. the fused analyzeCost (the mapper\'s path) is bit-identical to pricing analyze\'s counts: total, per tensor, global block', () => {
    fc.assert(fc.property(pm, density, ([p, m], d) => {
      for (const a of [arch, sparseArch('gating'), sparseArch('skipping')]) {
        const q = withDensity(p, d);
        const ctx = makeContext(a, q);
        const fm = flatten(m);
        const r = analyze(ctx, fm, new Float64Array(ctx.resultLength));
        const ert = buildErt(a, q);
        const total = analyzeCost(ctx, fm, prepareCost(ert, ctx.numLevels)); // on the same (now dirty) scratch
        expect(Object.is(total, priceTotal(ert, r, ctx.numLevels))).toBe(true);
        for (let t = 0; t < 3; t++) expect(Object.is(ctx.lastTensorCost[t], tensorEnergy(ert, r, ctx.numLevels, t))).toBe(true);
        expect([...ctx.lastGlobals]).toEqual([...r.subarray(globalBase(ctx.numLevels), globalBase(ctx.numLevels) + GLOBALS)]); // the level cycle bounds follow (full mode only)
      }
    }), RUNS);
  });
  it('3. MACs are independent of the mapping: Π bounds', () => {
    fc.assert(fc.property(pm, ([p, m]) => {
      expect(evalOrThrow(arch, p, m).stats.macs).toBe(problemMacs(p));
    }), RUNS);
  });
  it('4. every tensor crosses DRAM at least once (compulsory traffic)', () => {
    fc.assert(fc.property(pm, ([p, m]) => {
      const dram = evalOrThrow(arch, p, m).stats.levels[0]!;
      const size = tensorSizes(p);
      expect(dram.tensors.W.reads).toBeGreaterThanOrEqual(size.W);
      expect(dram.tensors.I.reads).toBeGreaterThanOrEqual(usedInputs(p));
      expect(size.I).toBeGreaterThanOrEqual(usedInputs(p));
      expect(dram.tensors.O.updates).toBeGreaterThanOrEqual(size.O);
    }), RUNS);
  });
  it('5. compressed DRAM traffic is scaled by density but never below ceil(size × density)', () => {
    fc.assert(fc.property(pm, density, ([p, m], d) => {
      const q = withDensity(p, d);
      const dram = evalOrThrow(sparseArch('gating'), q, m).stats.levels[0]!;
      expect(dram.tensors.I.actual.reads.random).toBeGreaterThanOrEqual(ceilCount(usedInputs(q) * d.I)); // ⌈·⌉ robust to float error (issue 13 R3)
    }), RUNS);
  });
  it('6. raising any per-access cost never lowers energy', () => {
    fc.assert(fc.property(pm, fc.integer({ min: 0, max: 2 }), fc.double({ min: 0, max: 50, noNaN: true }), ([p, m], l, extra) => {
      const e0 = evalOrThrow(arch, p, m).energy.total;
      const more: Arch = { ...arch, levels: arch.levels.map((x, i) => (i === l ? { ...x, energy: { ...x.energy, read: x.energy.read + extra, write: x.energy.write + extra } } : x)) };
      expect(evalOrThrow(more, p, m).energy.total).toBeGreaterThanOrEqual(e0 - 1e-9);
      expect(evalOrThrow(withNet(arch, 2 + extra), p, m).energy.total).toBeGreaterThanOrEqual(e0 - 1e-9);
    }), RUNS);
  });
  it('7. at density 1, gating = skipping = dense (same energy, same cycles)', () => {
    fc.assert(fc.property(pm, ([p, m]) => {
      const plain = { ...arch, levels: arch.levels, compute: arch.compute };
      const dense = evalOrThrow(plain, p, m);
      for (const kind of ['gating', 'skipping'] as const) {
        const s = evalOrThrow({ ...sparseArch(kind), levels: sparseArch(kind).levels.map((l, i) => (i === 0 ? arch.levels[0]! : l)) }, p, m);
        expect(s.energy.total).toBeCloseTo(dense.energy.total, 9);
        expect(s.stats.cycles).toBe(dense.stats.cycles);
      }
    }), RUNS);
  });
  it('8. lowering a density never raises energy (gating, skipping) and never slows skipping', () => {
    fc.assert(fc.property(pm, density, fc.double({ min: 0.1, max: 1, noNaN: true }), ([p, m], d, shrink) => {
      for (const kind of ['gating', 'skipping'] as const) {
        const a = sparseArch(kind);
        const hi = evalOrThrow(a, withDensity(p, d), m);
        const lo = evalOrThrow(a, withDensity(p, { ...d, I: d.I * shrink }), m);
        expect(lo.energy.total).toBeLessThanOrEqual(hi.energy.total + 1e-9);
        if (kind === 'skipping') expect(lo.stats.cycles).toBeLessThanOrEqual(hi.stats.cycles);
      }
    }), RUNS);
  });
  it('9. fewer bits never raise energy (bit-scaled arch)', () => {
    const scaled: Arch = { ...arch, scaleAccessEnergyWithBits: true };
    const bitsArb = fc.constantFrom(4, 8, 12, 16);
    fc.assert(fc.property(pm, bitsArb, bitsArb, ([p, m], b1, b2) => {
      const hi = Math.max(b1, b2);
      const lo = Math.min(b1, b2);
      const eHi = evalOrThrow(scaled, { ...p, bits: { W: hi, I: hi, O: 16 } }, m).energy.total;
      const eLo = evalOrThrow(scaled, { ...p, bits: { W: lo, I: lo, O: 16 } }, m).energy.total;
      expect(eLo).toBeLessThanOrEqual(eHi + 1e-9);
    }), RUNS);
  });
  it('10. loops of extent 1 can be reordered freely', () => {
    fc.assert(fc.property(pm, fc.integer(), ([p, m], seed) => {
      const shuffled: Mapping = {
        ...m,
        levels: m.levels.map((lm, i) => {
          const big = lm.permutation.filter((d) => lm.temporal[d] > 1);
          const ones = DIMS.filter((d) => lm.temporal[d] === 1);
          // Interleave the extent-1 loops at positions chosen by the seed; keep the order of the others.
          const perm = [...big];
          ones.forEach((d, k) => perm.splice(Math.abs(seed + i * 7 + k * 13) % (perm.length + 1), 0, d));
          return { ...lm, permutation: perm };
        }),
      };
      const a = evalOrThrow(arch, p, m);
      const b = evalOrThrow(arch, p, shuffled);
      expect(b.energy.total).toBe(a.energy.total);
      expect(b.stats.cycles).toBe(a.stats.cycles);
    }), RUNS);
  });
  it('11. doubling the batch doubles the MACs', () => {
    fc.assert(fc.property(pm, ([p, m]) => {
      const p2 = { ...p, bounds: { ...p.bounds, N: p.bounds.N * 2 } };
      const m2: Mapping = { ...m, levels: m.levels.map((lm, i) => (i === 0 ? { ...lm, temporal: { ...lm.temporal, N: lm.temporal.N * 2 } } : lm)) };
      expect(evalOrThrow(arch, p2, m2).stats.macs).toBe(2 * evalOrThrow(arch, p, m).stats.macs);
    }), RUNS);
  });
  it('12. each level is filled at least with its tile, and a parent serves at least what one child receives', () => {
    fc.assert(fc.property(pm, ([p, m]) => {
      const levels = evalOrThrow(arch, p, m).stats.levels;
      for (let l = 1; l < levels.length; l++) {
        for (const t of ['W', 'I'] as const) {
          const s = levels[l]!.tensors[t];
          if (!s.kept) continue;
          expect(s.fills).toBeGreaterThanOrEqual(s.tileElements);
          const parent = [...levels.slice(0, l)].reverse().find((x) => x.tensors[t].kept)!;
          expect(parent.tensors[t].reads).toBeGreaterThanOrEqual(s.fills);
        }
      }
    }), RUNS);
  });
  it('13. multicast never increases parent reads; spatial reduction never increases parent updates', () => {
    const noMc: Arch = { ...arch, networks: arch.networks.map((n) => ({ ...n, multicast: false, spatialReduction: false })) };
    fc.assert(fc.property(pm, ([p, m]) => {
      const a = evalOrThrow(arch, p, m).stats.levels;
      const b = evalOrThrow(noMc, p, m).stats.levels;
      a.forEach((lv, l) => {
        expect(lv.tensors.W.reads).toBeLessThanOrEqual(b[l]!.tensors.W.reads);
        expect(lv.tensors.I.reads).toBeLessThanOrEqual(b[l]!.tensors.I.reads);
        expect(lv.tensors.O.updates).toBeLessThanOrEqual(b[l]!.tensors.O.updates);
      });
    }), RUNS);
  });
  it('14. cycles ≥ MACs / MAC units, 0 < utilization ≤ 1; bandwidth limits only add cycles', () => {
    const slow: Arch = { ...arch, levels: arch.levels.map((l, i) => (i === 0 ? { ...l, bandwidthWordsPerCycle: 1 } : l)) };
    fc.assert(fc.property(pm, ([p, m]) => {
      const s = evalOrThrow(arch, p, m).stats;
      expect(s.cycles).toBeGreaterThanOrEqual(s.macs / arch.compute.instances);
      expect(s.utilization).toBeGreaterThan(0);
      expect(s.utilization).toBeLessThanOrEqual(1);
      expect(evalOrThrow(slow, p, m).stats.cycles).toBeGreaterThanOrEqual(s.cycles);
    }), RUNS);
  });
  it('15. outputs: reads = updates − partition ≥ 0 at every keeping level; fills = drains − partition', () => {
    fc.assert(fc.property(pm, ([p, m]) => {
      for (const lv of evalOrThrow(arch, p, m).stats.levels) {
        const o = lv.tensors.O;
        if (!o.kept) continue;
        expect(o.reads).toBe(o.updates - o.partitionElements);
        if (lv.name !== 'DRAM') expect(o.fills).toBe(o.drains - o.partitionElements);
      }
    }), RUNS);
  });
  it('16. effectual MACs = ceil(MACs × dW × dI) and never exceed MACs', () => {
    fc.assert(fc.property(pm, density, ([p, m], d) => {
      const s = evalOrThrow(sparseArch('skipping'), withDensity(p, d), m).stats;
      expect(s.effectualMacs).toBe(Math.ceil(s.macs * d.W * d.I));
      expect(s.effectualMacs).toBeLessThanOrEqual(s.macs);
      expect(s.macActions.random + s.macActions.skipped).toBe(s.macs);
    }), RUNS);
  });
});
