/**
 * `breakdownMonoid` (energy/price.ts) obeys the monoid laws — exactly, on integer energies (float addition is
 * associative only up to rounding, so the laws are checked where sums are exact) — and `sumBreakdowns` is its
 * `concatAll`: the network totals of `evaluateNetwork` are that fold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBreakdowns, breakdownMonoid, emptyBreakdown, sumBreakdowns, type EnergyBreakdown } from '../../src/energy/index.js';

const energy = fc.integer({ min: 0, max: 1e9 });
const byName = (names: ReadonlyArray<string>) => fc.dictionary(fc.constantFrom(...names), energy, { maxKeys: names.length });
const breakdown: fc.Arbitrary<EnergyBreakdown> = fc.record({
  unit: fc.constant('pJ' as const),
  total: energy,
  compute: energy,
  byLevel: byName(['DRAM', 'GLB', 'RF']),
  byTensor: fc.record({ W: energy, I: energy, O: energy }),
  byNetwork: byName(['DRAM→GLB', 'GLB→RF', 'RF→MAC']),
  network: energy,
});
const M = breakdownMonoid('pJ');

describe('breakdownMonoid', () => {
  it('is associative', () => {
    fc.assert(fc.property(breakdown, breakdown, breakdown, (a, b, c) => {
      expect(M.concat(M.concat(a, b), c)).toEqual(M.concat(a, M.concat(b, c)));
    }));
  });
  it('has emptyBreakdown as a left and right identity', () => {
    fc.assert(fc.property(breakdown, (a) => {
      expect(M.concat(M.empty, a)).toEqual(a);
      expect(M.concat(a, M.empty)).toEqual(a);
    }));
    expect(M.empty).toEqual(emptyBreakdown('pJ'));
  });
  it('adds field by field, a name missing on one side counting 0', () => {
    const a: EnergyBreakdown = { unit: 'pJ', total: 10, compute: 1, byLevel: { DRAM: 4, GLB: 2 }, byTensor: { W: 3, I: 4, O: 2 }, byNetwork: { 'GLB→RF': 3 }, network: 3 };
    const b: EnergyBreakdown = { unit: 'pJ', total: 7, compute: 2, byLevel: { GLB: 5 }, byTensor: { W: 1, I: 5, O: 1 }, byNetwork: { 'RF→MAC': 0 }, network: 0 };
    expect(addBreakdowns(a, b)).toEqual({
      unit: 'pJ', total: 17, compute: 3, byLevel: { DRAM: 4, GLB: 7 }, byTensor: { W: 4, I: 9, O: 3 }, byNetwork: { 'GLB→RF': 3, 'RF→MAC': 0 }, network: 3,
    });
  });
  it('sumBreakdowns is the left fold of concat from empty', () => {
    fc.assert(fc.property(fc.array(breakdown, { maxLength: 6 }), (xs) => {
      expect(sumBreakdowns('pJ', xs)).toEqual(xs.reduce(M.concat, M.empty));
    }));
  });
});
