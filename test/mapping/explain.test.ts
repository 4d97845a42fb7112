/**
 * `explainNoMapping` is sound: when it says `Blocked`, an exhaustive search over the dataflow's mapspace finds
 * no valid mapping (fast-check over tiny problems, small capacities and random dataflow rules); when it says
 * `SearchMissed`, its example mapping is valid and obeys the dataflow. Plus the messages of the three
 * reported cases (fan-out rule, partition, word width) on exact numbers.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { checkDataflow, explainNoMapping, makeMapspace, validateMapping, type Dataflow, type FactorRule, type LevelConstraint } from '../../src/mapping/index.js';
import { search } from '../../src/mapper/index.js';
import { DIMS, type Dim } from '../../src/workload/index.js';
import { tinyProblem } from '../helpers/arbitraries.js';
import { testArch } from '../helpers/arch.js';

const ruleArb: fc.Arbitrary<FactorRule | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant({ kind: 'free' } as const),
  fc.constant({ kind: 'all' } as const),
  fc.constant({ kind: 'one' } as const),
  fc.integer({ min: 2, max: 3 }).map((n) => ({ kind: 'exact', n }) as const),
);
const rulesArb = fc.array(fc.tuple(fc.constantFrom(...DIMS), ruleArb), { maxLength: 3 }).map((xs) => {
  const out: Partial<Record<Dim, FactorRule>> = {};
  for (const [d, r] of xs) if (r !== undefined) out[d] = r;
  return out;
});
const levelArb: fc.Arbitrary<LevelConstraint> = fc.record({
  temporal: rulesArb,
  temporalDefault: fc.constantFrom('free' as const, 'one' as const),
  spatialX: rulesArb,
  spatialY: rulesArb,
  permutation: fc.constant([]),
  keep: fc.subarray(['W', 'I', 'O'] as const),
  bypass: fc.constant([]),
});

describe('explainNoMapping', () => {
  it('Blocked ⇒ no valid mapping exists (exhaustive search); SearchMissed ⇒ its example is valid under the dataflow', () => {
    const seen = { Blocked: 0, SearchMissed: 0 };
    fc.assert(
      fc.property(
        tinyProblem(2),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        levelArb,
        levelArb,
        (p, cap1, cap2, l1, l2) => {
          const arch = testArch([{}, { capacityWords: cap1 }, { capacityWords: cap2, instances: 4, meshX: 2, meshY: 2 }], 4, { x: 2, y: 2 });
          // Spatial rules only where there is a fan-out (L1 → the 2 × 2 L2 instances), as in real dataflows.
          const df: Dataflow = { name: 'test', description: '', levels: { L1: l1, L2: { ...l2, spatialX: {}, spatialY: {} } } };
          const ex = explainNoMapping(arch, p, df);
          seen[ex._tag]++;
          if (ex._tag === 'Blocked') {
            expect(ex.blockers.length).toBeGreaterThan(0);
            const r = search(makeMapspace(arch, p, df), { objective: 'energy', strategy: 'exhaustive', seed: 1 });
            expect(E.isLeft(r)).toBe(true);
          } else {
            expect(E.isRight(validateMapping(arch, p, ex.example))).toBe(true);
            expect(checkDataflow(df, arch, ex.example)).toEqual([]);
          }
        },
      ),
      { numRuns: 150 },
    );
    // both branches are exercised
    expect(seen.Blocked).toBeGreaterThan(10);
    expect(seen.SearchMissed).toBeGreaterThan(10);
  });

  it('names the rule, the level and the numbers', () => {
    const p = { name: 'x', bounds: { N: 1, G: 1, C: 2, K: 2, P: 4, Q: 1, R: 3, S: 1 }, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, density: { W: 1, I: 1, O: 1 }, bits: { W: 16, I: 16, O: 16 } };
    const arch = testArch([{}, { capacityWords: 1000 }, { capacityWords: 2, instances: 4, meshX: 2, meshY: 2 }], 4, { x: 2, y: 2 });
    const free: LevelConstraint = { temporal: {}, temporalDefault: 'free', spatialX: {}, spatialY: {}, permutation: [], keep: [], bypass: [] };
    const rs: Dataflow = { name: 'rs', description: '', levels: { L1: { ...free, spatialY: { R: { kind: 'all' } } } } };
    const a = explainNoMapping(arch, p, rs);
    expect(a._tag === 'Blocked' && a.blockers).toEqual([{
      site: { _tag: 'DataflowRule', level: 'L1', slot: 'spatialY', dim: 'R' },
      message: "dataflow 'rs' needs R = 3 on spatial Y below L1 (rule R: all); the array has 2 L2 instances along Y (rows)",
    }]);
    expect(a._tag === 'Blocked' && a.dataflowOnly).toBe(true);
    const keep: Dataflow = { name: 'ws', description: '', levels: { L2: { ...free, temporal: { R: { kind: 'all' } }, keep: ['W'] } } };
    const b = explainNoMapping(arch, p, keep);
    expect(b._tag === 'Blocked' && b.blockers.map((x) => x.message)).toEqual([
      "L2: the weights tile needs at least 3 words (the smallest that dataflow 'ws' allows, which keeps weights in L2), but the capacity is 2 words",
    ]);
    expect(explainNoMapping(arch, p, { name: 'any', description: '', levels: {} })._tag).toBe('SearchMissed');
  });
});
