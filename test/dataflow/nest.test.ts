import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/dataflow/analyze.js';
import { Slot, makeContext, slotBase } from '../../src/dataflow/context.js';
import { flatten } from '../../src/mapping/flat.js';
import { testArch } from '../helpers/arch.js';
import { tinyProblem, randomMapping } from '../helpers/arbitraries.js';
import { bruteForce } from '../helpers/bruteForce.js';

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
          for (let l = 0; l < 3; l++)
            for (let t = 0; t < 3; t++) {
              const b = slotBase(l, t);
              if (out[b + Slot.Kept] !== 1) continue;
              const got = { reads: out[b + Slot.Reads], fills: out[b + Slot.Fills], updates: out[b + Slot.Updates] };
              const want = { reads: ref.reads[l]![t], fills: ref.fills[l]![t], updates: ref.updates[l]![t] };
              expect({ l, t, ...got }).toEqual({ l, t, ...want });
            }
        },
      ),
      { numRuns: 300 },
    );
  });
});
