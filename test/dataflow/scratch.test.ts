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
