import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/dataflow/analyze.js';
import { Slot, makeContext, slotBase } from '../../src/dataflow/context.js';
import { flatten } from '../../src/mapping/flat.js';
import { testArch } from '../helpers/arch.js';
import { tinyProblem, randomMapping } from '../helpers/arbitraries.js';
import { bruteForce, expectCountsMatch } from '../helpers/bruteForce.js';

describe('nest analysis closed form = brute-force enumeration (Timeloop delta convention)', () => {
  const arch3 = testArch([{}, {}, { instances: 1 << 12 }], 1 << 12);
  it('matches reads, fills, updates at every level on random tiny layers and mappings', () => {
    fc.assert(
      fc.property(
        tinyProblem().chain((p) => fc.tuple(fc.constant(p), randomMapping(p, 3, [1, 2]))),
        ([p, m]) => {
          const ctx = makeContext(arch3, p);
          const fm = flatten(m);
          const out = analyze(ctx, fm, new Float64Array(ctx.resultLength));
          const ref = bruteForce(p, fm, 3);
          expectCountsMatch(out, ref, 3);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('matches without multicast / spatial reduction: a parent serves each child separately (random networks)', () => {
    const flags = fc.tuple(fc.boolean(), fc.boolean(), fc.boolean());
    fc.assert(
      fc.property(
        tinyProblem().chain((p) => fc.tuple(fc.constant(p), randomMapping(p, 3, [0, 1, 2]))),
        flags,
        flags,
        ([p, m], mc, red) => {
          // arch.networks[i] sits above level i + 1 (i = 2: above the MACs); the brute force indexes by child level.
          const arch = { ...arch3, networks: arch3.networks.map((n, i) => ({ ...n, multicast: mc[i]!, spatialReduction: red[i]! })) };
          const ctx = makeContext(arch, p);
          const fm = flatten(m);
          const out = analyze(ctx, fm, new Float64Array(ctx.resultLength));
          const ref = bruteForce(p, fm, 3, { multicast: [true, ...mc], reduction: [true, ...red] });
          expectCountsMatch(out, ref, 3, { mc, red });
        },
      ),
      { numRuns: 200 },
    );
  });
  it('matches when several spatial loops feed both sliding windows (explicit offset lists for h and w at once)', () => {
    // Regression: extending h's explicit offset list after w's had been written overwrote w's list.
    const one = { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 };
    const order = ['N', 'G', 'C', 'K', 'P', 'Q', 'R', 'S'] as const;
    const arch2 = testArch([{}, { instances: 1 << 12 }], 1 << 12);
    const split = (n: number) => fc.constantFrom(...[...Array(n).keys()].map((i) => i + 1).filter((d) => n % d === 0)).map((x) => [x, n / x] as const);
    const arb = fc
      .record({ P: fc.constantFrom(2, 4), Q: fc.constantFrom(2, 3), R: fc.constantFrom(2, 3), S: fc.constantFrom(2, 3), dH: fc.constantFrom(1, 2), dW: fc.constantFrom(1, 3), sH: fc.constantFrom(1, 2) })
      .chain((r) => fc.tuple(fc.constant(r), split(r.P), split(r.Q), split(r.R), split(r.S)));
    fc.assert(
      fc.property(arb, ([r, [px, py], [qx, qy], [rx, ry], [sx, sy]]) => {
        const p = { name: 'x', bounds: { ...one, P: r.P, Q: r.Q, R: r.R, S: r.S }, strideH: r.sH, strideW: 1, dilationH: r.dH, dilationW: r.dW, density: { W: 1, I: 1, O: 1 }, bits: { W: 16, I: 16, O: 16 } };
        const m = { origin: 't', levels: [
          { temporal: one, permutation: [...order], spatialX: { ...one, P: px, Q: qx, R: rx, S: sx }, spatialY: { ...one, P: py, Q: qy, R: ry, S: sy }, keep: { W: true, I: true, O: true } },
          { temporal: one, permutation: [...order], spatialX: one, spatialY: one, keep: { W: true, I: true, O: true } },
        ] };
        const ctx = makeContext(arch2, p);
        const fm = flatten(m);
        const out = analyze(ctx, fm, new Float64Array(ctx.resultLength));
        const ref = bruteForce(p, fm, 2);
        for (let t = 0; t < 3; t++) expect({ t, reads: out[slotBase(0, t) + Slot.Reads] }).toEqual({ t, reads: ref.reads[0]![t] });
      }),
      { numRuns: 200 },
    );
  });
});
