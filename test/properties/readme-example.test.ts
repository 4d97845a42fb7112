import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, fcParams, layerWithMapping, loadAccelerator } from 'codesim/testing';

// Your accelerator file (here the shipped Eyeriss) with its first dataflow (row-stationary).
const eyeriss = loadAccelerator('configs/eyeriss.yaml');

describe('my property of the energy model on Eyeriss', () => {
  it('sparser weights never cost more energy (same layer, same mapping)', () => {
    fc.assert(
      fc.property(layerWithMapping(eyeriss), fc.double({ min: 0.05, max: 1, noNaN: true }), ({ problem, mapping }, d) => {
        const dense = evaluate(eyeriss.arch, problem, mapping).energy.total;
        const sparse = evaluate(eyeriss.arch, { ...problem, density: { ...problem.density, W: d } }, mapping).energy.total;
        expect(sparse).toBeLessThanOrEqual(dense * (1 + 1e-12));
      }),
      fcParams(), // FC_NUM_RUNS / FC_SEED from the environment
    );
  });
});
