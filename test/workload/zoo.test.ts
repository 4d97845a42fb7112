import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMacLayer, problemMacs, tensorSizes, toProblem, validateNetwork } from '../../src/workload/index.js';
import type { Conv2d, Network } from '../../src/workload/index.js';
import { ZOO, zooNames, zooNetwork } from '../../src/workload/zoo/index.js';
import { flatSize, outputShape } from '../../src/workload/zoo/shape.js';

/** Dense MACs per MAC layer, by name. */
const layerMacs = (net: Network): Record<string, number> =>
  Object.fromEntries(net.layers.filter(isMacLayer).map((l) => [l.name, problemMacs(toProblem(l))]));

const sum = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0);

/** Dense MACs of the whole network (conv + fc). */
const totalMacs = (net: Network): number => sum(Object.values(layerMacs(net)));

/** Dense MACs of the conv layers only. */
const convMacs = (net: Network): number =>
  sum(net.layers.filter((l): l is Conv2d => l.kind === 'conv2d').map((l) => problemMacs(toProblem(l))));

/** Effectual MACs under the uniform-random density model: dense × dW × dI. */
const effectualMacs = (net: Network): number =>
  sum(net.layers.filter(isMacLayer).map((l) => problemMacs(toProblem(l)) * l.density.W * l.density.I));

/** Weight count (no biases / batch-norm parameters), dense. */
const weights = (net: Network): number => sum(net.layers.filter(isMacLayer).map((l) => tensorSizes(toProblem(l)).W));

describe('zoo registry', () => {
  it('lists the six networks of issue 2', () => {
    expect([...zooNames].sort()).toEqual(['alexnet', 'lenet5', 'mnist-mlp', 'mobilenet_v1', 'resnet50', 'vgg16']);
  });
  it('each network carries its registry name and a source', () => {
    for (const name of zooNames) {
      const net = ZOO[name]!({ batch: 1 });
      expect(net.name).toBe(name);
      expect(net.source.length).toBeGreaterThan(10);
    }
  });
  it('zooNetwork looks names up as own keys only', () => {
    expect(zooNetwork('alexnet', { batch: 1 })?.name).toBe('alexnet');
    expect(zooNetwork('toString', { batch: 1 })).toBeUndefined();
    expect(zooNetwork('nope', { batch: 1 })).toBeUndefined();
  });
  it('bits option sets every tensor and vector layer bit width (default 16)', () => {
    for (const name of zooNames) {
      for (const [bits, want] of [[undefined, 16], [8, 8]] as const) {
        const net = ZOO[name]!({ batch: 1, ...(bits === undefined ? {} : { bits }) });
        for (const l of net.layers) {
          if (isMacLayer(l)) expect(l.bits).toEqual({ W: want, I: want, O: want });
          else expect(l.bits).toBe(want);
        }
      }
    }
  });
});

describe('AlexNet (original two-group) MAC counts', () => {
  // Expected values: docs/reference/published-figures.md, "MAC counts" table (batch 1).
  const net = ZOO['alexnet']!({ batch: 1 });
  it('per layer, exactly', () => {
    expect(layerMacs(net)).toEqual({
      conv1: 105_415_200,
      conv2: 223_948_800,
      conv3: 149_520_384,
      conv4: 112_140_288,
      conv5: 74_760_192,
      fc6: 37_748_736,
      fc7: 16_777_216,
      fc8: 4_096_000,
    });
  });
  it('CONV total 665,784,864 (Eyeriss ISSCC16 "666M") and total 724,406,816 (Sze et al. 2017 "724M")', () => {
    expect(convMacs(net)).toBe(665_784_864);
    expect(totalMacs(net)).toBe(724_406_816);
  });
  it('conv2, conv4, conv5 are grouped over the two GPUs; pools are vector layers', () => {
    const groups = Object.fromEntries(net.layers.flatMap((l) => (l.kind === 'conv2d' ? [[l.name, l.groups]] : [])));
    expect(groups).toEqual({ conv1: 1, conv2: 2, conv3: 1, conv4: 2, conv5: 2 });
    expect(net.layers.filter((l) => l.kind === 'pool').map((l) => l.name)).toEqual(['pool1', 'pool2', 'pool5']);
  });
});

describe('VGG-16 MAC count', () => {
  const net = ZOO['vgg16']!({ batch: 1 });
  it('15,470,264,320 MACs — the 15.5G of Sze et al., Proc. IEEE 2017, Table III (CONV 15.3G, FC 124M)', () => {
    expect(convMacs(net)).toBe(15_346_630_656);
    expect(totalMacs(net)).toBe(15_470_264_320);
    // Sze et al. 2017 Table III: 138M weights (weights only, no biases).
    expect(weights(net)).toBe(138_344_128);
    expect(net.layers.filter((l) => l.kind === 'conv2d')).toHaveLength(13);
  });
});

describe('ResNet-50 v1 MAC count', () => {
  const net = ZOO['resnet50']!({ batch: 1 });
  it('3,857,973,248 MACs', () => {
    // Our exact count: CONV 3,855,925,248 (49 convs on the main path + 4 projection shortcuts) + FC 2,048,000.
    // Published: He et al. CVPR 2016 Table 1 "3.8 × 10^9 FLOPs" (multiply-adds); Sze et al., Proc. IEEE 2017,
    // Table III: CONV 3.86G, FC 2.0M, total 3.9G, 25.5M weights. The "4.1G" figures count the torchvision v1.5
    // variant (stride 2 in the 3×3 instead of the first 1×1) and/or batch-norm and element-wise operations.
    expect(convMacs(net)).toBe(3_855_925_248);
    expect(totalMacs(net)).toBe(3_857_973_248);
    expect(Math.round(convMacs(net) / 1e7) / 100).toBe(3.86);
    expect(weights(net)).toBe(25_502_912);
    expect(Math.round(weights(net) / 1e5) / 10).toBe(25.5);
  });
  it('is a DAG with 16 residual adds and 4 projection shortcuts', () => {
    const adds = net.layers.filter((l) => l.kind === 'add');
    expect(adds).toHaveLength(16);
    for (const a of adds) expect(a.inputs).toHaveLength(2);
    expect(net.layers.filter((l) => l.name.endsWith('_branch1')).map((l) => l.name)).toEqual([
      'res2a_branch1', 'res3a_branch1', 'res4a_branch1', 'res5a_branch1',
    ]);
    // 1 + 16·3 + 4 projections = 53 convolutions.
    expect(net.layers.filter((l) => l.kind === 'conv2d')).toHaveLength(53);
  });
  it('both operands of every add have the same shape', () => {
    const byName = new Map(net.layers.map((l) => [l.name, l]));
    for (const a of net.layers.filter((l) => l.kind === 'add')) {
      const [x, y] = a.inputs.map((i) => outputShape(byName.get(i)!));
      expect(x).toEqual(y);
      expect(outputShape(a)).toEqual(x);
    }
  });
});

describe('MobileNet v1 (1.0, 224) MAC and parameter counts', () => {
  const net = ZOO['mobilenet_v1']!({ batch: 1 });
  it('568,740,352 mult-adds: 569M to the nearest million (Howard et al. 2017, Tables 4 and 8)', () => {
    expect(totalMacs(net)).toBe(568_740_352);
    expect(Math.round(totalMacs(net) / 1e6)).toBe(569);
  });
  it('4,209,088 weights: 4.2M parameters (Howard et al. 2017, Tables 4 and 8)', () => {
    expect(weights(net)).toBe(4_209_088);
    expect(Math.round(weights(net) / 1e5) / 10).toBe(4.2);
  });
  it('13 depthwise layers with groups = channels', () => {
    const dws = net.layers.filter((l) => l.kind === 'conv2d' && l.groups > 1);
    expect(dws).toHaveLength(13);
    for (const l of dws) if (l.kind === 'conv2d') expect(l.groups).toBe(l.inChannels);
  });
});

describe('mnist-mlp MAC count', () => {
  const net = ZOO['mnist-mlp']!({ batch: 1 });
  it('784·256 + 256·256 + 256·256 + 256·10 exactly, FC layers only', () => {
    expect(totalMacs(net)).toBe(784 * 256 + 256 * 256 + 256 * 256 + 256 * 10);
    expect(totalMacs(net)).toBe(334_336);
    expect(net.layers.every((l) => l.kind === 'fc')).toBe(true);
  });
});

describe('LeNet-5 (LeCun et al. 1998) MAC count', () => {
  const net = ZOO['lenet5']!({ batch: 1 });
  it('dense 416,520; effectual 326,520 with the C3 connection table (60 of 96 map pairs)', () => {
    // LeCun et al., Proc. IEEE 1998, Sec. II.B connection counts, minus one bias connection per output:
    // C1 122,304 − 6·28·28 = 117,600; C3 151,600 − 16·10·10 = 150,000; C5 48,120 − 120 = 48,000;
    // F6 10,164 − 84 = 10,080; output RBF 84·10 = 840.
    expect(layerMacs(net)).toEqual({ c1: 117_600, c3: 240_000, c5: 48_000, f6: 10_080, output: 840 });
    expect(totalMacs(net)).toBe(416_520);
    expect(effectualMacs(net)).toBe(117_600 + 150_000 + 48_000 + 10_080 + 840);
    expect(effectualMacs(net)).toBe(326_520);
  });
});

describe('structural properties of every zoo network', () => {
  it('passes validateNetwork, with unique names and a single network-input layer first', () => {
    for (const name of zooNames) {
      const net = ZOO[name]!({ batch: 1 });
      expect(validateNetwork(net)).toEqual([]);
      expect(new Set(net.layers.map((l) => l.name)).size).toBe(net.layers.length);
      expect(net.layers[0]!.inputs).toEqual([]);
      expect(net.layers.slice(1).every((l) => l.inputs.length > 0)).toBe(true);
    }
  });
  it('every layer reads exactly the shape its inputs produce', () => {
    for (const name of zooNames) {
      const net = ZOO[name]!({ batch: 1 });
      const byName = new Map(net.layers.map((l) => [l.name, l]));
      for (const l of net.layers.slice(1)) {
        const src = outputShape(byName.get(l.inputs[0]!)!);
        if (l.kind === 'fc') expect(l.inFeatures, `${name}/${l.name}`).toBe(flatSize(src));
        else if (l.kind === 'conv2d') expect([l.inChannels, l.inHeight, l.inWidth]).toEqual([src.channels, src.height, src.width]);
        else expect([l.channels, l.inHeight, l.inWidth]).toEqual([src.channels, src.height, src.width]);
      }
    }
  });
  it('every lowered bound is a positive integer (channel counts divisible by groups)', () => {
    for (const name of zooNames) {
      for (const l of ZOO[name]!({ batch: 3 }).layers) {
        if (l.kind === 'conv2d') {
          expect(l.inChannels % l.groups).toBe(0);
          expect(l.outChannels % l.groups).toBe(0);
        }
        if (!isMacLayer(l)) {
          const s = outputShape(l);
          expect(Number.isInteger(s.height) && s.height >= 1 && Number.isInteger(s.width) && s.width >= 1).toBe(true);
          continue;
        }
        for (const [d, v] of Object.entries(toProblem(l).bounds)) {
          expect(Number.isSafeInteger(v) && v >= 1, `${name}/${l.name}.${d} = ${v}`).toBe(true);
        }
      }
    }
  });
  it('doubling batch doubles total MACs (and N is the batch)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zooNames), fc.integer({ min: 1, max: 8 }), (name, batch) => {
        const one = ZOO[name]!({ batch });
        const two = ZOO[name]!({ batch: 2 * batch });
        expect(totalMacs(two)).toBe(2 * totalMacs(one));
        expect(totalMacs(one)).toBe(batch * totalMacs(ZOO[name]!({ batch: 1 })));
        for (const l of one.layers.filter(isMacLayer)) expect(toProblem(l).bounds.N).toBe(batch);
      }),
      { numRuns: 60 },
    );
  });
  it('is deterministic (a pure function of its options)', () => {
    for (const name of zooNames) expect(ZOO[name]!({ batch: 2, bits: 8 })).toEqual(ZOO[name]!({ batch: 2, bits: 8 }));
  });
});
