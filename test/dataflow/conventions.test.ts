/**
 * Issue 13: the counting conventions (arch `countingConvention`). R1 and R2 are the smallest reproducers,
 * counted by hand under each convention. Arch: DRAM → RF (2 instances, mesh [2, 1]) → 2 MACs, all energies 1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, makeContext, Slot, slotBase } from '../../src/dataflow/index.js';
import { flatten } from '../../src/mapping/flat.js';
import { randomMapping, slidingProblem, tinyProblem } from '../helpers/arbitraries.js';
import { bruteForce, expectCountsMatch } from '../helpers/bruteForce.js';
import type { Arch, CountingConvention } from '../../src/arch/index.js';
import { testArch } from '../helpers/arch.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

const arch = (c: CountingConvention): Arch => ({ ...testArch([{}, { instances: 2 }], 2), countingConvention: c });

describe('R1: Conv1D K2 R2 P2; DRAM temporal K2 (outer) R2 (inner); RF P2', () => {
  // The RF's input tile is h ∈ [r, r + 2) (2 points). Iterations (k, r): (0,0) [0,2) first fill 2;
  // (0,1) [1,3) translation +1: 1 new point; (1,0) [0,2) translation −1 (R wraps as K steps); (1,1) [1,3) +1.
  // ideal: 2 + 1 + 1 + 1 = 5 (point 0 at (1,0) is the only one missing).
  // Timeloop: (0,1) remembers +1; (1,0)'s −1 differs → refill 2, memory cleared; (1,1) +1 remembered, 1 new:
  // 2 + 1 + 2 + 1 = 6, in both versions (no zero translation occurs: K does not index the inputs, but its step
  // carries R's wrap-back, −1).
  const p = problem({ K: 2, R: 2, P: 2 });
  const m = { levels: [lvl([['K', 2], ['R', 2]]), lvl([['P', 2]])], origin: 'test' as const };
  const fills = (c: CountingConvention) => evalOrThrow(arch(c), p, m).stats.levels[1]!.tensors.I.fills;
  it('RF input fills: ideal 5, timeloop-master 6, timeloop-v3.0.3 6', () => {
    expect(fills('ideal')).toBe(5);
    expect(fills('timeloop-master')).toBe(6);
    expect(fills('timeloop-v3.0.3')).toBe(6);
  });
  it('DRAM input reads equal the RF fills (one child)', () => {
    for (const c of ['ideal', 'timeloop-master', 'timeloop-v3.0.3'] as const) {
      const r = evalOrThrow(arch(c), p, m);
      expect(r.stats.levels[0]!.tensors.I.reads).toBe(r.stats.levels[1]!.tensors.I.fills);
    }
  });
  it('weights and outputs count the same under every convention', () => {
    const base = evalOrThrow(arch('ideal'), p, m).stats.levels;
    for (const c of ['timeloop-master', 'timeloop-v3.0.3'] as const) {
      const lv = evalOrThrow(arch(c), p, m).stats.levels;
      for (const l of [0, 1]) for (const t of ['W', 'O'] as const) expect(lv[l]!.tensors[t]).toEqual(base[l]!.tensors[t]);
    }
  });
});

describe('R2: Conv1D K1 R2 P2; DRAM spatial X P2; RF temporal R2', () => {
  // R is a loop of the RF, so RF instance p's tile is h ∈ {p, p + 1} (2 points), filled once. The DRAM serves
  // the two children's deltas {0, 1} and {1, 2}: their union, 3 points, under ideal; under Timeloop the deltas
  // are not equal, so no multicast: 2 + 2 = 4.
  const p = problem({ K: 1, R: 2, P: 2 });
  const m = { levels: [lvl([], { P: 2 }), lvl([['R', 2]])], origin: 'test' as const };
  const reads = (c: CountingConvention) => evalOrThrow(arch(c), p, m).stats.levels[0]!.tensors.I.reads;
  it('DRAM input reads: ideal 3, timeloop-master 4, timeloop-v3.0.3 4', () => {
    expect(reads('ideal')).toBe(3);
    expect(reads('timeloop-master')).toBe(4);
    expect(reads('timeloop-v3.0.3')).toBe(4);
  });
  it('each RF is filled its 2-point tile once under every convention', () => {
    for (const c of ['ideal', 'timeloop-master', 'timeloop-v3.0.3'] as const) expect(evalOrThrow(arch(c), p, m).stats.levels[1]!.tensors.I.fills).toBe(2);
  });
});

describe('zero translations: timeloop-master vs timeloop-v3.0.3', () => {
  // Conv1D K2 R2 P2 with DRAM temporal P2 (outer) K2 (inner), RF R2: the RF's input tile is h ∈ [p, p + 2).
  // Iterations (p, k): (0,0) [0,2) fill 2; (0,1) translation 0 (K is irrelevant to inputs); (1,0) +1; (1,1) 0.
  // ideal: 2 + 0 + 1 + 0 = 3. master: zero translations are not remembered, (1,0) is the first real move → 1: 3.
  // v3.0.3: (0,1) remembers the zero translation; (1,0)'s +1 differs → refill 2: 2 + 0 + 2 + 0 = 4.
  const p = problem({ K: 2, R: 2, P: 2 });
  const m = { levels: [lvl([['P', 2], ['K', 2]]), lvl([['R', 2]])], origin: 'test' as const };
  const fills = (c: CountingConvention) => evalOrThrow(arch(c), p, m).stats.levels[1]!.tensors.I.fills;
  it('RF input fills: ideal 3, timeloop-master 3, timeloop-v3.0.3 4', () => {
    expect(fills('ideal')).toBe(3);
    expect(fills('timeloop-master')).toBe(3);
    expect(fills('timeloop-v3.0.3')).toBe(4);
  });
});

describe('closed form = brute-force enumeration, per convention (random tiny layers and mappings)', () => {
  const conventions = ['ideal', 'timeloop-master', 'timeloop-v3.0.3'] as const;
  for (const [c, problems] of conventions.flatMap((c) => [[c, 'tiny'], [c, 'sliding']] as const)) {
    it(`${c}: reads, fills, updates at every level of a 3-level hierarchy with spatial levels (${problems} problems)`, () => {
      const a = { ...testArch([{}, {}, { instances: 1 << 12 }], 1 << 12), countingConvention: c };
      const arb = problems === 'tiny' ? tinyProblem() : slidingProblem();
      fc.assert(
        fc.property(arb.chain((p) => fc.tuple(fc.constant(p), randomMapping(p, 3, [0, 1, 2]))), ([p, m]) => {
          const ctx = makeContext(a, p);
          const fm = flatten(m);
          const out = analyze(ctx, fm, new Float64Array(ctx.resultLength));
          const ref = bruteForce(p, fm, 3, {}, c);
          expectCountsMatch(out, ref, 3);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('the ideal counts are a lower bound of both Timeloop conventions (what keeps the mapper exact)', () => {
  it('every dense read, fill, update, and the energy, are ≥ the ideal ones', () => {
    const base = testArch([{}, {}, { instances: 1 << 12 }], 1 << 12);
    fc.assert(
      fc.property(slidingProblem().chain((p) => fc.tuple(fc.constant(p), randomMapping(p, 3, [0, 1, 2]))), ([p, m]) => {
        const fm = flatten(m);
        const run = (c: CountingConvention) => {
          const ctx = makeContext({ ...base, countingConvention: c }, p);
          return analyze(ctx, fm, new Float64Array(ctx.resultLength));
        };
        const ideal = run('ideal');
        for (const c of ['timeloop-master', 'timeloop-v3.0.3'] as const) {
          const tl = run(c);
          for (let l = 0; l < 3; l++)
            for (let t = 0; t < 3; t++)
              for (const s of [Slot.Reads, Slot.Fills, Slot.Updates]) expect(tl[slotBase(l, t) + s]!).toBeGreaterThanOrEqual(ideal[slotBase(l, t) + s]!);
        }
      }),
      { numRuns: 200 },
    );
  });
});
