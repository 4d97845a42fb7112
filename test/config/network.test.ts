import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { formatIssue, formatPath } from '../../src/config/issue.js';
import type { ConfigIssue } from '../../src/config/issue.js';
import { decodeNetwork } from '../../src/config/network.js';
import { isMacLayer, problemMacs, toProblem, validateNetwork } from '../../src/workload/index.js';
import type { Conv2d, Layer, Network } from '../../src/workload/index.js';
import { ZOO, zooNames } from '../../src/workload/zoo/index.js';

const EXAMPLE = new URL('../../configs/networks/tiny-cnn.yaml', import.meta.url);
const exampleDoc = (): Record<string, unknown> => YAML.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

/** The issues of a document that must fail. */
const issuesOf = (doc: unknown): ReadonlyArray<ConfigIssue> => {
  const r = decodeNetwork(doc);
  if (E.isRight(r)) throw new Error(`expected issues, got a network: ${JSON.stringify(r.right.layers.map((l) => l.name))}`);
  return r.left;
};
/** The network of a document that must decode. */
const networkOf = (doc: unknown): Network => {
  const r = decodeNetwork(doc);
  if (E.isLeft(r)) throw new Error(r.left.map(formatIssue).join('\n'));
  return r.right;
};
/** `path: message` lines, for readable expectations. */
const lines = (doc: unknown): ReadonlyArray<string> => issuesOf(doc).map(formatIssue);

/** A one-conv document; `layer` overrides / adds keys of the conv layer. */
const convDoc = (layer: Record<string, unknown> = {}, extra: ReadonlyArray<Record<string, unknown>> = []) => ({
  name: 'n',
  layers: [
    { name: 'c1', type: 'conv2d', inChannels: 4, outChannels: 8, inHeight: 8, inWidth: 8, kernel: 3, pad: 1, ...layer },
    ...extra,
  ],
});

/** A network written back in the file format, every field explicit (the inverse of `decodeNetwork`). */
const toDoc = (net: Network): Record<string, unknown> => ({
  name: net.name,
  source: net.source,
  layers: net.layers.map((l: Layer) => {
    switch (l.kind) {
      case 'conv2d':
        return {
          name: l.name, type: 'conv2d', inputs: l.inputs, inChannels: l.inChannels, outChannels: l.outChannels,
          inHeight: l.inHeight, inWidth: l.inWidth, kernel: [l.kernelH, l.kernelW], stride: [l.strideH, l.strideW],
          pad: [l.padH, l.padW], dilation: [l.dilationH, l.dilationW], groups: l.groups,
          bits: { weights: l.bits.W, inputs: l.bits.I, outputs: l.bits.O },
          density: { weights: l.density.W, inputs: l.density.I, outputs: l.density.O },
        };
      case 'fc':
        return {
          name: l.name, type: 'fc', inputs: l.inputs, inFeatures: l.inFeatures, outFeatures: l.outFeatures,
          bits: { weights: l.bits.W, inputs: l.bits.I, outputs: l.bits.O },
          density: { weights: l.density.W, inputs: l.density.I, outputs: l.density.O },
        };
      case 'pool':
        return {
          name: l.name, type: 'pool', inputs: l.inputs, channels: l.channels, inHeight: l.inHeight, inWidth: l.inWidth,
          kernel: l.kernel, stride: l.stride, pad: l.pad, bits: l.bits,
        };
      case 'add':
        return { name: l.name, type: 'add', inputs: l.inputs, bits: l.bits };
    }
  }),
  defaults: { batch: net.layers[0]!.batch },
});

describe('formatPath', () => {
  it('renders keys and indices', () => {
    expect(formatPath(['layers', 3, 'strideH'])).toBe('layers[3].strideH');
    expect(formatPath(['layers', 0, 'kernel', 1])).toBe('layers[0].kernel[1]');
    expect(formatPath([])).toBe('<root>');
    expect(formatPath(['defaults', 'my key'])).toBe('defaults["my key"]');
  });
});

describe('decodeNetwork: valid documents', () => {
  it('decodes configs/networks/tiny-cnn.yaml, inferring shapes from inputs', () => {
    const net = networkOf(exampleDoc());
    expect(net.name).toBe('tiny-cnn');
    expect(net.source).toBe('hand-written example');
    expect(validateNetwork(net)).toEqual([]);
    expect(net.layers.map((l) => `${l.kind}:${l.name}<${l.inputs.join('+')}`)).toEqual([
      'conv2d:conv1<', 'pool:pool1<conv1', 'conv2d:conv2<pool1', 'conv2d:proj2<pool1', 'add:add2<conv2+proj2',
      'pool:pool2<add2', 'fc:fc1<pool2',
    ]);
    const [conv1, pool1, conv2, , add2, pool2, fc1] = net.layers;
    expect(conv1).toMatchObject({ inChannels: 3, outChannels: 16, kernelH: 3, kernelW: 3, padH: 1, padW: 1, groups: 1 });
    expect(pool1).toMatchObject({ channels: 16, inHeight: 32, inWidth: 32, kernel: 2, stride: 2, pad: 0, bits: 16 });
    expect(conv2).toMatchObject({ inChannels: 16, inHeight: 16, inWidth: 16, groups: 2 });
    expect(add2).toMatchObject({ channels: 32, inHeight: 16, inWidth: 16 });
    expect(pool2).toMatchObject({ kernel: 2, stride: 2, inHeight: 16 }); // stride defaults to the kernel
    expect(fc1).toMatchObject({ inFeatures: 2048, outFeatures: 10, density: { W: 0.3, I: 1, O: 1 } });
    // conv1: 32·32 outputs × 16 filters × 3·3·3 = 442,368 MACs.
    expect(conv1?.kind).toBe('conv2d');
    expect(problemMacs(toProblem(conv1 as Conv2d))).toBe(442_368);
  });
  it('applies defaults (batch, bits, density) and per-layer overrides', () => {
    const net = networkOf({
      name: 'n',
      defaults: { batch: 4, bits: { weights: 8, inputs: 6 }, density: { inputs: 0.5 } },
      layers: [
        { name: 'f1', type: 'fc', inFeatures: 10, outFeatures: 5, bits: { outputs: 24 }, density: { weights: 0.25 } },
        { name: 'f2', type: 'fc', outFeatures: 2 },
      ],
    });
    expect(net.source).toBe('network file');
    expect(net.layers[0]).toMatchObject({ batch: 4, bits: { W: 8, I: 6, O: 24 }, density: { W: 0.25, I: 0.5, O: 1 } });
    expect(net.layers[1]).toMatchObject({ batch: 4, inFeatures: 5, inputs: ['f1'], bits: { W: 8, I: 6, O: 16 } });
  });
  it('kernel / stride / pad / dilation as [h, w]; multiple inputs are concatenated along channels', () => {
    const net = networkOf(convDoc({ kernel: [3, 1], stride: [2, 1], pad: [1, 0], dilation: [1, 1] }, [
      { name: 'c2', type: 'conv2d', inputs: ['c1'], outChannels: 8, kernel: 1 },
      { name: 'c3', type: 'conv2d', inputs: ['c1', 'c2'], outChannels: 4, kernel: 1 },
    ]));
    expect(net.layers[0]).toMatchObject({ kernelH: 3, kernelW: 1, strideH: 2, strideW: 1, padH: 1, padW: 0 });
    expect(net.layers[2]).toMatchObject({ inChannels: 16, inHeight: 4, inWidth: 8 });
  });
  it('decode ∘ toDoc is the identity on every zoo network (at batch 2)', () => {
    for (const name of zooNames) {
      const net = ZOO[name]!({ batch: 2 });
      expect(networkOf(toDoc(net))).toEqual(net);
    }
  });
});

describe('decodeNetwork: structural issues (io-ts, excess keys), each with its path', () => {
  it('a non-mapping document', () => {
    for (const doc of [null, undefined, 3, 'x', [], true]) {
      expect(issuesOf(doc)).toEqual([{ path: [], message: expect.stringContaining('expected network (a mapping)') }]);
    }
  });
  it('missing required keys', () => {
    expect(lines({})).toEqual([
      'name: missing required key "name" of network',
      'layers: missing required key "layers" of network',
    ]);
    expect(lines(convDoc({ outChannels: undefined }))).toEqual(['layers[0].outChannels: missing required key "outChannels" of conv2d layer']);
  });
  it('unknown keys at every level', () => {
    const doc = { ...convDoc({ strideH: 2, bits: { weight: 8 } }), extra: 1, defaults: { batch: 1, density: { W: 1 } } };
    expect(issuesOf(doc).map((i) => formatPath(i.path)).sort()).toEqual(
      ['defaults.density.W', 'extra', 'layers[0].bits.weight', 'layers[0].strideH'].sort(),
    );
    expect(lines(convDoc({ strideH: 2 }))[0]).toMatch(/^layers\[0\]\.strideH: unknown key "strideH" in conv2d layer \(allowed: .*stride.*\)/);
  });
  it('wrong types, non-positive and non-integer numbers', () => {
    expect(lines(convDoc({ outChannels: 'eight', inHeight: -3, inWidth: 0, groups: 1.5, pad: -1 }))).toEqual([
      'layers[0].outChannels: expected a positive integer, got "eight"',
      'layers[0].inHeight: expected a positive integer, got -3',
      'layers[0].inWidth: expected a positive integer, got 0',
      'layers[0].pad: expected a non-negative integer, got -1',
      'layers[0].groups: expected a positive integer, got 1.5',
    ]);
    expect(lines(convDoc({ inChannels: 2 ** 60 }))).toEqual([`layers[0].inChannels: expected a positive integer, got ${2 ** 60}`]);
  });
  it('pairs: wrong length and wrong elements', () => {
    expect(lines(convDoc({ kernel: [3, 3, 3], stride: [1, 0] }))).toEqual([
      'layers[0].kernel: expected a positive integer or a pair [h, w], got [3,3,3]',
      'layers[0].stride[1]: expected a positive integer, got 0',
    ]);
  });
  it('densities in (0, 1] and bits in 1..64', () => {
    const doc = {
      name: 'n',
      defaults: { bits: { weights: 0, inputs: 65, outputs: 8.5 }, density: { weights: 0, inputs: 1.5 } },
      layers: [{ name: 'f', type: 'fc', inFeatures: 4, outFeatures: 2, density: { outputs: -0.1 } }],
    };
    expect(issuesOf(doc).map((i) => formatPath(i.path))).toEqual([
      'layers[0].density.outputs',
      'defaults.bits.weights', 'defaults.bits.inputs', 'defaults.bits.outputs',
      'defaults.density.weights', 'defaults.density.inputs',
    ]);
    expect(lines(doc)[1]).toBe('defaults.bits.weights: expected an integer number of bits in 1..64, got 0');
    expect(lines(doc)[4]).toBe('defaults.density.weights: expected a density in (0, 1], got 0');
  });
  it('layer type: missing, unknown, not a mapping', () => {
    const doc = { name: 'n', layers: [{ name: 'a' }, { name: 'b', type: 'lstm' }, 7, { name: 'c', type: 'pool', kernel: [2, 2] }] };
    expect(lines(doc)).toEqual([
      'layers[0].type: missing required key "type" of layer (one of conv2d, fc, pool, add)',
      'layers[1].type: unknown layer type "lstm" (expected one of conv2d, fc, pool, add)',
      'layers[2]: expected a layer (a mapping), got 7',
      'layers[3].kernel: expected a positive integer, got [2,2]',
    ]);
  });
  it('names and inputs must be (lists of) non-empty strings', () => {
    expect(lines(convDoc({ name: '' }, [{ name: 'p', type: 'pool', kernel: 2, inputs: 'c1' }]))).toEqual([
      'layers[0].name: expected a non-empty name, got ""',
      'layers[1].inputs: expected a list of layer names, got "c1"',
    ]);
    expect(lines({ name: 'n', layers: {} })).toEqual(['layers: expected a list of layers, got {}']);
  });
});

describe('decodeNetwork: semantic issues, each with its path', () => {
  it('an empty network', () => {
    expect(lines({ name: 'n', layers: [] })).toEqual(['layers: a network needs at least one layer']);
  });
  it('channels not divisible by groups', () => {
    expect(lines(convDoc({ inChannels: 6, outChannels: 8, groups: 4 }))).toEqual([
      'layers[0].groups: groups 4 does not divide inChannels 6',
    ]);
    expect(lines(convDoc({ inChannels: 8, outChannels: 6, groups: 4 }))).toEqual([
      'layers[0].groups: groups 4 does not divide outChannels 6',
    ]);
  });
  it('output size < 1', () => {
    expect(lines(convDoc({ kernel: [11, 3], pad: 0 }))).toEqual([
      'layers[0].kernel: output height would be -2: the kernel (11) is larger than the padded input height (8 + 2·0 = 8)',
    ]);
    expect(lines(convDoc({ kernel: 3, pad: 0, dilation: [1, 5] }))[0]).toMatch(/^layers\[0\]\.kernel: output width would be -2: the dilated kernel \(11\)/);
    expect(issuesOf(convDoc({}, [{ name: 'p', type: 'pool', kernel: 9 }])).map((i) => formatPath(i.path))).toEqual([
      'layers[1].kernel', 'layers[1].kernel',
    ]);
  });
  it('duplicate names', () => {
    expect(lines(convDoc({}, [{ name: 'c1', type: 'pool', kernel: 2 }]))).toEqual([
      'layers[1].name: duplicate layer name "c1" (already used by layers[0])',
    ]);
  });
  it('unknown inputs and forward references', () => {
    expect(lines(convDoc({}, [
      { name: 'p', type: 'pool', kernel: 2, inputs: ['c1', 'nope'] },
      { name: 'q', type: 'pool', kernel: 2, inputs: ['r'] },
      { name: 'r', type: 'pool', kernel: 2, inputs: ['r'] },
    ]))).toEqual([
      'layers[1].inputs[1]: unknown input "nope": no layer has that name',
      'layers[2].inputs[0]: input "r" is not an earlier layer (layers must be listed in topological order)',
      'layers[3].inputs[0]: input "r" is not an earlier layer (layers must be listed in topological order)',
    ]);
  });
  it('fc inFeatures must equal the flattened conv / pool input', () => {
    // c1: 8 × 8 × 8 = 512 outputs; p: 8 × 4 × 4 = 128.
    expect(lines(convDoc({}, [{ name: 'f', type: 'fc', inFeatures: 500, outFeatures: 10 }]))).toEqual([
      'layers[1].inFeatures: inFeatures 500 does not match the input (c1: 8×8×8), which gives 512',
    ]);
    expect(lines(convDoc({}, [{ name: 'p', type: 'pool', kernel: 2 }, { name: 'f', type: 'fc', inFeatures: 512, outFeatures: 10 }]))).toEqual([
      'layers[2].inFeatures: inFeatures 512 does not match the input (p: 8×4×4), which gives 128',
    ]);
    expect(networkOf(convDoc({}, [{ name: 'f', type: 'fc', inFeatures: 512, outFeatures: 10 }])).layers[1]).toMatchObject({ inFeatures: 512 });
  });
  it('given input dimensions must match what the inputs produce', () => {
    expect(lines(convDoc({}, [{ name: 'c2', type: 'conv2d', inChannels: 4, inWidth: 8, outChannels: 2, kernel: 1 }]))).toEqual([
      'layers[1].inChannels: inChannels 4 does not match the input (c1: 8×8×8), which gives 8',
    ]);
    expect(lines(convDoc({}, [{ name: 'p', type: 'pool', kernel: 2, inHeight: 7 }]))).toEqual([
      'layers[1].inHeight: inHeight 7 does not match the input (c1: 8×8×8), which gives 8',
    ]);
  });
  it('dimensions are required for layers reading the network input', () => {
    expect(lines({ name: 'n', layers: [{ name: 'c', type: 'conv2d', outChannels: 2, kernel: 1, inChannels: 3 }, { name: 'f', type: 'fc', inputs: [], outFeatures: 2 }] })).toEqual([
      'layers[0].inHeight: missing required key "inHeight" (the layer reads the network input, so its height cannot be inferred)',
      'layers[0].inWidth: missing required key "inWidth" (the layer reads the network input, so its width cannot be inferred)',
      'layers[1].inFeatures: missing required key "inFeatures" (the layer reads the network input, so its feature count cannot be inferred)',
    ]);
  });
  it('add needs at least two inputs of one shape; concatenation needs equal height × width', () => {
    expect(lines(convDoc({}, [{ name: 'a', type: 'add' }]))).toEqual(['layers[1].inputs: an add layer needs at least two inputs, got 1']);
    expect(lines(convDoc({}, [
      { name: 'p', type: 'pool', kernel: 2 },
      { name: 'a', type: 'add', inputs: ['c1', 'p'] },
      { name: 'c', type: 'conv2d', inputs: ['c1', 'p'], outChannels: 2, kernel: 1 },
    ]))).toEqual([
      'layers[2].inputs: inputs of an add layer must have the same shape: c1 8×8×8, p 8×4×4',
      'layers[3].inputs: inputs are concatenated along channels and need equal height × width: c1 8×8×8, p 8×4×4',
    ]);
  });
  it('collects all issues across layers, without cascading from an invalid layer', () => {
    const doc = convDoc({ groups: 3 }, [
      { name: 'f', type: 'fc', inFeatures: 1, outFeatures: 2 }, // reads the invalid c1: not checked
      { name: 'g', type: 'fc', inFeatures: 3, outFeatures: 2 }, // reads f: 2 features whatever f's input, so checked
      { name: 'c1', type: 'fc', inputs: ['x'], outFeatures: 1 },
    ]);
    expect(issuesOf(doc).map((i) => formatPath(i.path))).toEqual([
      'layers[0].groups', 'layers[0].groups', 'layers[2].inFeatures', 'layers[3].name', 'layers[3].inputs[0]',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// fuzz: randomly mutated valid documents → a valid network or a non-empty issue list, never a throw
// ---------------------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = ReadonlyArray<string | number>;

/** Every path into a JSON value (the root included). */
const pathsOf = (v: Json, at: Path = []): ReadonlyArray<Path> => {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => pathsOf(x, [...at, i]))];
  if (v !== null && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k]))];
  return [at];
};

const getAt = (v: unknown, path: Path): { readonly found: boolean; readonly value: unknown } => {
  let cur: unknown = v;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) return { found: false, value: undefined };
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return { found: true, value: cur };
};

type Mutation =
  | { readonly op: 'delete' }
  | { readonly op: 'replace'; readonly value: Json }
  | { readonly op: 'addKey'; readonly key: string; readonly value: Json }
  | { readonly op: 'duplicate' };

const arbValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, '', 'x', 'conv2d', 'fc', 'pool', 'add', 'c1', [], {}, [1], [1, 2], [0, -1]),
  fc.integer({ min: -3, max: 40 }),
  fc.constantFrom(0.5, 1.5, -0.25, 1e300, 2 ** 53, Number.NaN),
);

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ op: 'delete' }),
  arbValue.map((value): Mutation => ({ op: 'replace', value })),
  fc.tuple(fc.constantFrom('extra', 'strideH', 'name', 'type', 'inputs', 'kernel', 'groups', 'density', 'bits', '0'), arbValue)
    .map(([key, value]): Mutation => ({ op: 'addKey', key, value })),
  fc.constant<Mutation>({ op: 'duplicate' }),
);

/** Apply `m` at the `pick`-th path of `doc` (modulo the number of paths), on a copy. */
const mutate = (doc: Json, pick: number, m: Mutation): Json => {
  const copy = structuredClone(doc);
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return m.op === 'replace' ? m.value : copy;
  const parent = getAt(copy, path.slice(0, -1)).value as Record<string | number, Json> | Json[];
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const i = key as number;
    if (m.op === 'delete') parent.splice(i, 1);
    else if (m.op === 'replace') parent[i] = m.value;
    else if (m.op === 'duplicate') parent.splice(i, 0, structuredClone(parent[i]!));
    else parent.push(m.value);
  } else {
    const target = parent[key as string];
    if (m.op === 'delete') delete parent[key as string];
    else if (m.op === 'replace') parent[key as string] = m.value;
    else if (m.op === 'addKey' && target !== null && typeof target === 'object' && !Array.isArray(target)) target[m.key] = m.value;
    else if (m.op === 'addKey') parent[m.key] = m.value;
    else parent[key as string] = structuredClone(target ?? null);
  }
  return copy;
};

const BASES: ReadonlyArray<Json> = [
  exampleDoc() as Json,
  toDoc(ZOO['lenet5']!({ batch: 1 })) as Json,
  toDoc(ZOO['mnist-mlp']!({ batch: 2 })) as Json,
  {
    name: 'mini-res', defaults: { batch: 2, bits: { weights: 8 }, density: { inputs: 0.5 } },
    layers: [
      { name: 'c1', type: 'conv2d', inChannels: 3, outChannels: 8, inHeight: 9, inWidth: 9, kernel: [3, 3], stride: 2, pad: 1 },
      { name: 'c2', type: 'conv2d', outChannels: 8, kernel: 3, pad: 1, groups: 8 },
      { name: 'a', type: 'add', inputs: ['c1', 'c2'], bits: 8 },
      { name: 'p', type: 'pool', kernel: 2, stride: 1, pad: 0 },
      { name: 'f', type: 'fc', outFeatures: 3, density: { weights: 0.5 } },
    ],
  },
];

describe('decodeNetwork fuzz', () => {
  it('every base document decodes', () => {
    for (const b of BASES) expect(E.isRight(decodeNetwork(b))).toBe(true);
  });
  it('mutated documents give a valid network or a non-empty list of issues whose parent paths exist; never throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BASES),
        fc.array(fc.tuple(fc.nat(), arbMutation), { minLength: 1, maxLength: 4 }),
        (base, mutations) => {
          const doc = mutations.reduce((d, [pick, m]) => mutate(d, pick, m), base);
          const r = decodeNetwork(doc);
          if (E.isLeft(r)) {
            expect(r.left.length).toBeGreaterThan(0);
            for (const issue of r.left) {
              expect(typeof issue.message).toBe('string');
              expect(issue.message.length).toBeGreaterThan(0);
              expect(getAt(doc, issue.path.slice(0, -1)).found, formatIssue(issue)).toBe(true);
            }
          } else {
            const net = r.right;
            expect(validateNetwork(net)).toEqual([]);
            expect(net.layers.length).toBeGreaterThan(0);
            for (const l of net.layers.filter(isMacLayer)) {
              for (const v of Object.values(toProblem(l).bounds)) expect(Number.isSafeInteger(v) && v >= 1).toBe(true);
              expect(Number.isSafeInteger(problemMacs(toProblem(l)))).toBe(true);
              for (const d of Object.values(l.density)) expect(d > 0 && d <= 1).toBe(true);
            }
          }
        },
      ),
      { numRuns: 1500, seed: 20240601 },
    );
  });
});
