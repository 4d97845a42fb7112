/**
 * Minerva's stages with the fake trainer, the energy side (energy never rises when density falls on a gating or
 * skipping accelerator), network annotation, and fault injection at rate 0.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { annotateNetwork } from '../../src/compress/annotate.js';
import { estimateState, initialState, measure } from '../../src/compress/context.js';
import { targetChooser } from '../../src/compress/energy.js';
import { DEFAULT_FAULT_TABLE } from '../../src/compress/faults.js';
import { injectModelFaults } from '../../src/compress/model.js';
import { activationPruneStage, faultStage, formatOfBits, quantizeStage } from '../../src/compress/stages.js';
import { evaluateNetwork } from '../../src/codesign/index.js';
import { decodeNetwork, encodeNetwork } from '../../src/config/index.js';
import { defaultMapping } from '../../src/mapping/index.js';
import { isMacLayer, toProblem, type Network } from '../../src/workload/index.js';
import { randomModel, right, smallArch, tinyContext, tinyNet } from './helpers.js';

describe('energy never rises when density falls (gating and skipping accelerators)', () => {
  const withDensity = (net: Network, d: ReadonlyArray<readonly [number, number]>): Network => ({
    ...net,
    layers: net.layers.map((l, i) => (isMacLayer(l) ? { ...l, density: { W: d[i]![0], I: d[i]![1], O: 1 } } : l)),
  });
  const dens = fc.double({ min: 0.01, max: 1, noNaN: true });
  it.each(['gating', 'skipping'] as const)('%s', (sparse) => {
    const arch = smallArch(sparse);
    fc.assert(fc.property(fc.array(fc.tuple(dens, dens, dens, dens), { minLength: 3, maxLength: 3 }), (ds) => {
      const hi = ds.map(([a, b, c, e]) => [Math.max(a, b), Math.max(c, e)] as const);
      const lo = ds.map(([a, b, c, e]) => [Math.min(a, b), Math.min(c, e)] as const);
      // the same mappings for both (chosen on the dense layers), so only the densities differ
      const maps = new Map(tinyNet.layers.filter(isMacLayer).map((l) => [l.name, E.getOrElseW(() => { throw new Error('map'); })(defaultMapping(arch, toProblem(l)))]));
      const eHi = evaluateNetwork(arch, withDensity(tinyNet, hi), maps);
      const eLo = evaluateNetwork(arch, withDensity(tinyNet, lo), maps);
      if (E.isLeft(eHi) || E.isLeft(eLo)) throw new Error('eval');
      expect(eLo.right.total.energy.total).toBeLessThanOrEqual(eHi.right.total.energy.total * (1 + 1e-12));
    }), { numRuns: 60 });
  });
});

describe('network annotation', () => {
  it('measured densities and model bits go into the network, which round-trips through the network file format', () => {
    const m = { ...randomModel(2, 0.5), quant: { a: { weights: formatOfBits(6, 0), activations: formatOfBits(8, 2) } } };
    const ev = { accuracy: 1, loss: 0, inputDensity: { a: 0.25, b: 0.5, c: 0 }, outputDensity: { a: 0.5, b: 0.75, c: 1 } };
    const net = annotateNetwork(tinyNet, m, ev, 'tiny-compressed');
    const a = net.layers[0]!;
    if (!isMacLayer(a)) throw new Error('a');
    expect(a.bits).toEqual({ W: 6, I: 8, O: 16 });
    expect(a.density.W).toBe(m.layers[0]!.weights.filter((w) => w !== 0).length / 192);
    expect(a.density.I).toBe(0.25);
    const c = net.layers[2]!;
    if (!isMacLayer(c)) throw new Error('c');
    expect(c.density.I).toBe(1e-6); // an all-zero measurement is written as the smallest density
    const back = decodeNetwork(JSON.parse(JSON.stringify(encodeNetwork(net))));
    expect(E.isRight(back) && back.right).toEqual(net);
  });
});

describe('stages (fake trainer)', () => {
  it('quantize: weights and activations get the fewest bits the budget allows, never more than maxBits', () => {
    const m = randomModel(4);
    const ctx = tinyContext(m);
    const out = quantizeStage(ctx, initialState(m), { weights: true, activations: true, maxBits: 12, minBits: 2, accuracyDrop: 1.5 }, 1);
    const q = out.state.model.quant!;
    expect(out.state.forward.quantize).toBe(true);
    // the fake accuracy loses 0.01 per weight bit below 8 per layer: a 1.5-point budget allows 7 bits on one layer only
    const wBits = ['a', 'b', 'c'].map((n) => 1 + q[n]!.weights!.intBits + q[n]!.weights!.fracBits);
    expect(wBits).toEqual([7, 8, 8]);
    for (const n of ['a', 'b', 'c']) expect(1 + q[n]!.activations!.intBits + q[n]!.activations!.fracBits).toBe(2);
  });
  it('activation-prune: the largest threshold per layer that holds the budget', () => {
    const m = randomModel(4);
    const ctx = tinyContext(m);
    const out = activationPruneStage(ctx, initialState(m), { thresholds: [0, 0.05, 0.1, 0.2], accuracyDrop: 2.5 }, 1);
    expect(out.state.forward.activationThreshold).toEqual({ a: 0.2, b: 0.05, c: 0 });
  });
  it('fault-mitigation stays at the nominal voltage without faults when no voltage holds the budget; scaled levels\' energy follows V²', () => {
    const m = randomModel(4);
    const ctx = tinyContext(m);
    const out = faultStage(ctx, initialState(m), { mitigation: 'round-bit', levels: null, faultRates: DEFAULT_FAULT_TABLE, trials: 2, accuracyDrop: 0 }, 1.5);
    expect(out.state.voltage).toEqual({ volts: 0.9, nominal: 0.9, levels: ['GLB'] });
    expect(out.state.faults).toBeNull();
    const lowV = { ...out.state, voltage: { volts: 0.45, nominal: 0.9, levels: ['GLB'] } };
    const e0 = right(measure(ctx, out.state, 'x')).energy.total.energy;
    const e1 = right(measure(ctx, lowV, 'x')).energy.total.energy;
    expect(e1.byLevel['GLB']).toBeCloseTo(e0.byLevel['GLB']! / 4, 6);
    expect(e1.byLevel['DRAM']).toBe(e0.byLevel['DRAM']);
    expect(e1.compute).toBe(e0.compute);
  });
  it('fault-mitigation with a budget goes down the table while seeded draws hold it', () => {
    const m = randomModel(4);
    const ctx = tinyContext(m);
    const out = faultStage(ctx, initialState(m), { mitigation: 'mask-word', levels: ['DRAM'], faultRates: DEFAULT_FAULT_TABLE, trials: 2, accuracyDrop: 100 }, 1);
    expect(out.state.voltage?.volts).toBe(0.55);
    expect(out.state.faults?.bitFaultRate).toBe(0.05);
    // the chosen row's own source is in the notes (every default row says it is illustrative, not a read-off)
    expect(out.notes[2]).toMatch(/; the 0\.55 V row: ILLUSTRATIVE: not read off Minerva §7's fault-rate-vs-voltage figure .*\(half a decade\)$/);
    for (const p of DEFAULT_FAULT_TABLE.points) expect(p.source).toMatch(/^(ASSUMED|ILLUSTRATIVE): /);
  });
  it('fault injection at rate 0 changes nothing (any model, mitigation, seed)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.constantFrom('none', 'mask-word', 'round-bit') as fc.Arbitrary<'none' | 'mask-word' | 'round-bit'>, fc.integer(), (s, mode, seed) => {
      const m = randomModel(s, 0.3);
      expect(injectModelFaults(m, 0, mode, seed)).toBe(m);
    }), { numRuns: 30 });
  });
});

describe('measure: a layer no mapping fits is a value, not a throw', () => {
  it('Left with the layer, its reasons and the annotated network', () => {
    const m = randomModel(3);
    const base = tinyContext(m);
    const doc = { ...smallArch('skipping') };
    const tiny = { ...doc, levels: doc.levels.map((l, i) => (i === 1 ? { ...l, capacityWords: 2, partitionWords: null } : l)) };
    const ctx = { ...base, target: { ...base.target, arch: tiny }, chooser: targetChooser({ ...base.target, arch: tiny }) };
    const r = measure(ctx, initialState(m), 'x');
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      expect(r.left._tag).toBe('LayerFailure');
      expect(r.left.layer).toBe('a');
      expect(r.left.reasons.length).toBeGreaterThan(0);
      expect(r.left.network.name).toBe('x');
    }
    expect(E.isLeft(estimateState(ctx, initialState(m)))).toBe(true);
  });
});
