/**
 * Design points applied to the base design: the accelerator document (PE array, level values by name), and the
 * network — width multiplier and per-layer channels keep every zoo network consistent (each layer's input
 * channels / features equal what its producers output), bits and densities land where they should.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyToArchDoc, applyToNetwork } from '../../src/sweep/index.js';
import { isMacLayer, toProblem, type Layer, type Network } from '../../src/workload/index.js';
import { ZOO, zooNames, outputShape, flatSize } from '../../src/workload/zoo/index.js';

const consistent = (net: Network): string[] => {
  const byName = new Map<string, Layer>(net.layers.map((l) => [l.name, l]));
  const bad: string[] = [];
  for (const l of net.layers) {
    if (l.inputs.length === 0) continue;
    const prods = l.inputs.map((n) => byName.get(n)!);
    const chans = prods.map((p) => outputShape(p).channels);
    if (l.kind === 'conv2d') {
      if (l.inChannels !== chans.reduce((a, b) => a + b, 0)) bad.push(`${l.name}: in ${l.inChannels} vs ${chans}`);
      if (l.inChannels % l.groups !== 0 || l.outChannels % l.groups !== 0) bad.push(`${l.name}: groups`);
    } else if (l.kind === 'fc') {
      const f = prods.reduce((a, p) => a + flatSize(outputShape(p)), 0);
      if (l.inFeatures !== f) bad.push(`${l.name}: inFeatures ${l.inFeatures} vs ${f}`);
    } else if (l.channels !== chans[0]) bad.push(`${l.name}: channels ${l.channels} vs ${chans[0]}`);
  }
  return bad;
};

describe('applyToNetwork', () => {
  it('property: any zoo network × width multiplier stays consistent; the last MAC layer keeps its outputs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zooNames), fc.double({ min: 0.1, max: 2, noNaN: true }), (name, m) => {
        const net = ZOO[name]!({ batch: 1 });
        const r = applyToNetwork(net, [{ name: 'w', path: 'net.widthMultiplier', scale: 1 }], { w: m });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(consistent(r.net)).toEqual([]);
        const macs = r.net.layers.filter(isMacLayer);
        const last = macs[macs.length - 1]!;
        const orig = net.layers.filter(isMacLayer)[macs.length - 1]!;
        expect(last.kind === 'fc' ? last.outFeatures : last.outChannels).toBe(orig.kind === 'fc' ? orig.outFeatures : orig.outChannels);
        for (const l of macs) for (const v of Object.values(toProblem(l).bounds)) expect(Number.isSafeInteger(v) && v >= 1).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
  it('hidden units of one layer: its consumer follows; bits and densities per tensor and per layer', () => {
    const net = ZOO['mnist-mlp']!({ batch: 1 });
    const r = applyToNetwork(net, [
      { name: 'h', path: 'net.layers.fc1.outFeatures', scale: 1 },
      { name: 'b', path: 'net.bits.weights', scale: 1 },
      { name: 'd', path: 'net.layers.fc2.density.weights', scale: 1 },
      { name: 'n', path: 'net.batch', scale: 1 },
    ], { h: 100, b: 8, d: 0.5, n: 4 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [fc1, fc2] = r.net.layers;
    expect(fc1).toMatchObject({ outFeatures: 100, batch: 4, bits: { W: 8, I: 16, O: 16 } });
    expect(fc2).toMatchObject({ inFeatures: 100, density: { W: 0.5, I: 1, O: 1 }, bits: { W: 8 } });
    expect(consistent(r.net)).toEqual([]);
    expect(applyToNetwork(net, [{ name: 'h', path: 'net.layers.nope.outFeatures', scale: 1 }], { h: 3 })).toEqual({ ok: false, error: "h: no layer 'nope' in mnist-mlp" });
  });
});

describe('applyToArchDoc', () => {
  const doc = {
    levels: [{ name: 'DRAM' }, { name: 'GLB', capacityWords: 100 }, { name: 'RF', instances: 6, mesh: [3, 2], partitionWords: { weights: 4 } }],
    compute: { instances: 6, mesh: [3, 2] },
  };
  it('PE array: the compute mesh and every level with the same mesh; level values by name; input unchanged', () => {
    const r = applyToArchDoc(doc, [
      { name: 'x', path: 'arch.pe.x', scale: 1 },
      { name: 'g', path: 'arch.levels.GLB.capacityWords', scale: 512 },
      { name: 'w', path: 'arch.levels.RF.partitionWords.weights', scale: 1 },
    ], { x: 5, g: 2, w: 9 });
    expect(r).toEqual({
      ok: true,
      doc: {
        levels: [{ name: 'DRAM' }, { name: 'GLB', capacityWords: 1024 }, { name: 'RF', instances: 10, mesh: [5, 2], partitionWords: { weights: 9 } }],
        compute: { instances: 10, mesh: [5, 2] },
      },
    });
    expect(doc.compute.mesh).toEqual([3, 2]);
    expect(applyToArchDoc(doc, [{ name: 'g', path: 'arch.levels.L2.capacityWords', scale: 1 }], { g: 1 })).toEqual({ ok: false, error: "g: no entry 'L2' at arch.levels" });
  });
});
