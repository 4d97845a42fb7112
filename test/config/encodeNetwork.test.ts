/**
 * `encodeNetwork` is the inverse of `decodeNetwork`: a fast-check round trip over every zoo network with
 * random per-layer bits and densities (also through YAML text, as `codesim export net` prints it), and the
 * document is minimal (inferred values omitted).
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { decodeNetwork, encodeNetwork, formatIssue } from '../../src/config/index.js';
import type { Layer, Network } from '../../src/workload/index.js';
import { ZOO, zooNames } from '../../src/workload/zoo/index.js';

const decoded = (doc: unknown): Network => {
  const r = decodeNetwork(doc);
  if (E.isLeft(r)) throw new Error(r.left.map(formatIssue).join('\n'));
  return r.right;
};

const bitsArb = fc.integer({ min: 1, max: 64 });
const densityArb = fc.oneof(fc.constant(1), fc.double({ min: 0.001, max: 1, noNaN: true }), fc.constantFrom(0.5, 60 / 96, 0.1));
const annotationArb = fc.record({
  bits: fc.record({ W: bitsArb, I: bitsArb, O: bitsArb }),
  density: fc.record({ W: densityArb, I: densityArb, O: densityArb }),
  vectorBits: bitsArb,
  keep: fc.boolean(),
});

/** A zoo network with random batch and, per layer, random (or unchanged) annotations. */
const annotatedZoo = fc
  .record({ name: fc.constantFrom(...zooNames), batch: fc.integer({ min: 1, max: 64 }), bits: fc.integer({ min: 1, max: 32 }) })
  .chain(({ name, batch, bits }) => {
    const net = ZOO[name]!({ batch, bits });
    return fc.array(annotationArb, { minLength: net.layers.length, maxLength: net.layers.length }).map((anns): Network => ({
      ...net,
      layers: net.layers.map((l, i): Layer => {
        const a = anns[i]!;
        if (a.keep) return l;
        if (l.kind === 'conv2d') return { ...l, bits: a.bits, density: a.density };
        if (l.kind === 'fc') return { ...l, bits: a.bits, density: a.density };
        return { ...l, bits: a.vectorBits };
      }),
    }));
  });

describe('encodeNetwork', () => {
  it('decodeNetwork ∘ encodeNetwork is the identity on every zoo network', () => {
    for (const name of zooNames) {
      const net = ZOO[name]!({ batch: 3 });
      expect(decoded(encodeNetwork(net))).toEqual(net);
    }
  });
  it('round trip with random batch and per-layer bits and densities, also through YAML text', () => {
    fc.assert(
      fc.property(annotatedZoo, (net) => {
        const doc = encodeNetwork(net);
        expect(decoded(doc)).toEqual(net);
        expect(decoded(YAML.parse(YAML.stringify(doc)))).toEqual(net);
      }),
      { numRuns: 60 },
    );
  });
  it('writes a minimal document: inferred dimensions and default values are omitted', () => {
    const doc = encodeNetwork(ZOO['alexnet']!({ batch: 2 }));
    expect(doc.defaults).toEqual({ batch: 2, bits: { weights: 16, inputs: 16, outputs: 16 }, density: { weights: 1, inputs: 1, outputs: 1 } });
    expect(doc.layers[0]).toEqual({ name: 'conv1', type: 'conv2d', inChannels: 3, outChannels: 96, inHeight: 227, inWidth: 227, kernel: 11, stride: 4 });
    expect(doc.layers[1]).toEqual({ name: 'pool1', type: 'pool', kernel: 3, stride: 2 });
    // LeNet-5's C3 keeps its partial connectivity as a per-layer weight density
    const lenet = encodeNetwork(ZOO['lenet5']!({ batch: 1 }));
    expect(lenet.layers.find((l) => l.name === 'c3')?.['density']).toEqual({ weights: 60 / 96 });
  });
});
