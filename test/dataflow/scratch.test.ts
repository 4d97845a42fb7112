/**
 * The kernel's scratch and output handling: a result never depends on what the output array or the context's
 * scratch held before (analyze zero-fills what it does not write; the offset scratch grows on demand and keeps
 * what it holds).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeCost, makeContext, prepareCost, slotBase } from '../../src/dataflow/index.js';
import { buildErt } from '../../src/energy/index.js';
import { flatten } from '../../src/mapping/index.js';
import { randomMapping, tinyProblem } from '../helpers/arbitraries.js';
import type { Arch } from '../../src/arch/index.js';
import { testArch } from '../helpers/arch.js';
import { lvl, problem } from '../helpers/eval.js';

const arch = testArch([{}, {}, { instances: 1 << 12 }], 1 << 12);

describe('kernel state', () => {
  it('analyze into a dirty array (NaN-filled, or holding another mapping\'s result) = analyze into a fresh one', () => {
    fc.assert(
      fc.property(tinyProblem().chain((p) => fc.tuple(fc.constant(p), randomMapping(p, 3, [1, 2]), randomMapping(p, 3, [0, 2]))), ([p, m1, m2]) => {
        const ctx = makeContext(arch, p);
        const fresh = analyze(ctx, flatten(m1), new Float64Array(ctx.resultLength));
        const dirty = analyze(ctx, flatten(m1), new Float64Array(ctx.resultLength).fill(NaN));
        expect(Array.from(dirty)).toEqual(Array.from(fresh));
        const reused = analyze(ctx, flatten(m2), new Float64Array(ctx.resultLength));
        analyze(ctx, flatten(m1), reused);
        expect(Array.from(reused)).toEqual(Array.from(fresh));
        // and the fused path after a different mapping gives the same total as on a fresh context
        const cost = prepareCost(buildErt(arch, p), 3);
        const ctx2 = makeContext(arch, p);
        analyzeCost(ctx2, flatten(m2), cost);
        expect(analyzeCost(ctx2, flatten(m1), cost)).toBe(analyzeCost(makeContext(arch, p), flatten(m1), cost));
      }),
      { numRuns: 100 },
    );
  });

  it('analyze into an array holding another arch\'s result (sparse formats and gating, port limits, a Timeloop convention) = analyze into a fresh one', () => {
    // Every slot of the result is written on every path (plain, sparse, bypassed blocks; globals; cycle bounds), so
    // what another context left in the array never shows through. Same depth (3 levels): the arrays are interchangeable.
    const rle = { format: 'rle' as const, metadataBits: 4 };
    const sparse: Arch = {
      ...arch,
      levels: arch.levels.map((l, i) =>
        i === 2
          ? { ...l, actionOptimizations: [{ kind: 'gating' as const, target: 'W' as const, condition: ['I' as const] }] }
          : { ...l, formats: { ...l.formats, I: rle, O: rle } },
      ),
      compute: { ...arch.compute, sparse: 'skipping' },
    };
    const ported: Arch = { ...arch, levels: arch.levels.map((l, i) => (i === 1 ? { ...l, readBandwidthWordsPerCycle: 2, writeBandwidthWordsPerCycle: 1, bandwidthWordsPerCycle: 4 } : l)) };
    const timeloop: Arch = { ...arch, countingConvention: 'timeloop-master' };
    const archs = [arch, sparse, ported, timeloop];
    fc.assert(
      fc.property(tinyProblem().chain((p) => fc.tuple(fc.constant(p), randomMapping(p, 3, [1, 2]), randomMapping(p, 3, [0, 2]))), ([p0, m1, m2]) => {
        const p = { ...p0, density: { W: 0.5, I: 0.25, O: 1 } };
        const ctxs = archs.map((a) => makeContext(a, p));
        const fresh = ctxs.map((ctx) => Array.from(analyze(ctx, flatten(m1), new Float64Array(ctx.resultLength))));
        ctxs.forEach((ctx, i) =>
          ctxs.forEach((other, k) => {
            if (k === i) return;
            const reused = analyze(other, flatten(m2), new Float64Array(other.resultLength));
            expect(Array.from(analyze(ctx, flatten(m1), reused))).toEqual(fresh[i]);
          }),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('growing the offset scratch (explicit offset lists longer than its initial 256 entries) keeps the lists', () => {
    // P and R both spatial under DRAM (P 40 over X, R 9 over Y): h = p + r·3 takes an explicit sum-set of 40 · 9
    // offsets before deduplication (> 256), so the scratch grows during the first evaluation.
    const p = problem({ P: 40, R: 9, Q: 2, S: 2 }, { dilationH: 3 });
    const big = testArch([{}, { instances: 360 }], 360);
    const m = { levels: [lvl([['Q', 2]], { P: 40 }, undefined, { R: 9 }), lvl([['S', 2]])], origin: 'test' };
    const ctx = makeContext(big, p);
    const before = ctx.scratch.offsets.length;
    const first = Array.from(analyze(ctx, flatten(m), new Float64Array(ctx.resultLength)));
    expect(ctx.scratch.offsets.length).toBeGreaterThan(before);
    const second = Array.from(analyze(ctx, flatten(m), new Float64Array(ctx.resultLength)));
    expect(second).toEqual(first);
    // DRAM reads of the inputs: the union of the 360 children's windows (h from 0 to 39 + 8·3 = 63: 64 rows) ×
    // the Q tile: 2 Q steps of 2 S taps (w 0..2): the first step reads w 0..1, the second adds w 2: 3 columns.
    expect(first[slotBase(0, 1)]).toBe(64 * 3);
  });
});
