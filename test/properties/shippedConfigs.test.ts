/**
 * The model's own invariants on every shipped accelerator config and each of its dataflows (plus 'any'), over
 * random layers and random VALID mappings from the public `codesim/testing` arbitraries. Run alone with
 * `npm run test:properties` (FC_NUM_RUNS / FC_SEED set the runs and the seed; default 20 runs each here).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { evaluate, fcParams, layerWithMapping, loadAccelerator, macLayer, problemMacs, validateMapping } from 'codesim/testing';

const CONFIGS = readdirSync('configs').filter((f) => f.endsWith('.yaml')).map((f) => `configs/${f}`);
const params = { numRuns: 20, ...fcParams() };
const dataflowsOf = (file: string): string[] => [
  ...((YAML.parse(readFileSync(file, 'utf8')) as { dataflows?: Array<{ name: string }> }).dataflows ?? []).map((d) => d.name),
  'any',
];

describe.each(CONFIGS.flatMap((f) => dataflowsOf(f).map((d) => [f, d] as const)))('%s, dataflow %s', (file, df) => {
  const accel = loadAccelerator(file, df);
  const arb = layerWithMapping(accel, macLayer({ sparse: true, bits: [8, 16] }));
  it('the arbitrary mappings are valid; energies finite and ≥ 0; total = compute + Σ levels + network; MACs = Π bounds', () => {
    fc.assert(fc.property(arb, ({ problem, mapping }) => {
      expect(validateMapping(accel.arch, problem, mapping)._tag).toBe('Right');
      const { energy: e, stats } = evaluate(accel.arch, problem, mapping);
      for (const v of [e.total, e.compute, e.network, ...Object.values(e.byLevel)]) expect(Number.isFinite(v) && v >= 0).toBe(true);
      const levels = Object.values(e.byLevel).reduce((a, b) => a + b, 0);
      expect(e.total).toBeCloseTo(e.compute + levels + e.network, 6);
      expect(stats.macs).toBe(problemMacs(problem));
    }), params);
  });
  it('lower densities never raise energy; fewer bits never raise energy (same mapping)', () => {
    fc.assert(fc.property(arb, fc.double({ min: 0.05, max: 1, noNaN: true }), ({ problem, mapping }, f) => {
      const base = evaluate(accel.arch, problem, mapping).energy.total;
      const sparser = { ...problem, density: { ...problem.density, W: problem.density.W * f, I: problem.density.I * f } };
      expect(evaluate(accel.arch, sparser, mapping).energy.total).toBeLessThanOrEqual(base * (1 + 1e-9));
      if (problem.bits.W > 8) {
        const narrower = { ...problem, bits: { W: 8, I: 8, O: 8 } };
        expect(evaluate(accel.arch, narrower, mapping).energy.total).toBeLessThanOrEqual(base * (1 + 1e-9));
      }
    }), params);
  });
});
