/**
 * The model file: round trip (bit-exact), every error case as an issue with its path, and a fuzz test that
 * decoding never throws.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, initModel } from '../../src/train/index.js';
import type { ModelIssue, TrainedModel } from '../../src/train/index.js';
import { lenet5, mnistMlp } from '../../src/workload/zoo/index.js';

const model = (): TrainedModel => {
  const m = initModel(lenet5({ batch: 1 }), 4);
  return { ...m, quant: { c1: { weights: { intBits: 0, fracBits: 7 } }, f6: { activations: { intBits: 3, fracBits: 4 } } }, meta: { ...m.meta, epochs: 2, testAccuracy: 0.5 } };
};
const issuesOf = (text: string, expect?: string): ReadonlyArray<ModelIssue> => {
  const r = decodeModel(text, expect);
  return E.isLeft(r) ? r.left : [];
};
const edit = (f: (doc: Record<string, any>) => void): string => {
  const doc = JSON.parse(encodeModel(model()));
  f(doc);
  return JSON.stringify(doc);
};

describe('model file', () => {
  it('round trip: decode(encode(m)) = m, bit for bit', () => {
    const m = model();
    const r = decodeModel(encodeModel(m), 'lenet5');
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.network).toBe('lenet5');
    expect(r.right.quant).toEqual(m.quant);
    expect(r.right.meta).toEqual(m.meta);
    r.right.layers.forEach((l, i) => {
      const o = m.layers[i]!;
      expect([l.name, l.kind, l.weightShape]).toEqual([o.name, o.kind, o.weightShape]);
      expect(Buffer.from(l.weights.buffer).equals(Buffer.from(o.weights.buffer))).toBe(true);
      expect(Buffer.from(l.bias.buffer).equals(Buffer.from(o.bias.buffer))).toBe(true);
      expect(Buffer.from(l.mask).equals(Buffer.from(o.mask))).toBe(true);
    });
    expect(encodeModel(r.right)).toBe(encodeModel(m));
  });
  it('weights are base64 of little-endian Float32', () => {
    const doc = JSON.parse(encodeModel(model()));
    const bytes = Buffer.from(doc.layers[0].weights, 'base64');
    expect(bytes.readFloatLE(4)).toBe(model().layers[0]!.weights[1]);
  });
  it('a model of another network, a wrong version, a wrong format: one issue each', () => {
    expect(issuesOf(encodeModel(model()), 'mnist-mlp')).toEqual([{ path: ['network'], message: "the model is for network 'lenet5', expected 'mnist-mlp'" }]);
    expect(issuesOf(edit((d) => (d.version = 2)))).toEqual([{ path: ['version'], message: 'unsupported model file version 2 (this codesim reads version 1)' }]);
    expect(issuesOf(edit((d) => (d.format = 'onnx')))[0]!.path).toEqual(['format']);
    expect(issuesOf('{ not json')[0]!.path).toEqual([]);
    expect(issuesOf(edit((d) => (d.network = 'alexnet')))[0]!.path).toEqual(['network']);
    expect(issuesOf(edit((d) => (d.network = 'nope')))).toEqual([{ path: ['network'], message: "unknown network 'nope' (model files are for built-in networks)" }]);
  });
  it('shapes that do not match the network, lengths, masks, unknown keys, types', () => {
    // the MLP's layers in a file that says lenet5
    const mlp = JSON.parse(encodeModel(initModel(mnistMlp({ batch: 1 }), 1)));
    expect(issuesOf(JSON.stringify({ ...mlp, network: 'lenet5' }))[0]!.path).toEqual(['layers']);
    const shape = issuesOf(edit((d) => { d.layers[1].weightShape = [16, 6, 5, 5]; d.layers[1].name = 'c3'; d.layers[0].weightShape = [3, 1, 5, 5]; }));
    expect(shape.map((i) => i.path)).toEqual([['layers', 0, 'weights'], ['layers', 0, 'mask']]);
    const renamed = issuesOf(edit((d) => (d.layers[2].name = 'c9')));
    expect(renamed).toEqual([{ path: ['layers', 2, 'name'], message: "expected layer 'c5', got 'c9'" }]);
    expect(issuesOf(edit((d) => (d.layers[0].weightShape = [6, 1, 25, 1]))).map((i) => i.path)).toEqual([['layers', 0, 'weightShape']]);
    expect(issuesOf(edit((d) => (d.layers[0].bias = 'AAAA'))).map((i) => i.path)).toEqual([['layers', 0, 'bias']]);
    expect(issuesOf(edit((d) => (d.layers[0].weights = '%%%')))).toEqual([{ path: ['layers', 0, 'weights'], message: 'not base64 text' }]);
    expect(issuesOf(edit((d) => (d.layers[0].mask = Buffer.alloc(150, 2).toString('base64'))))[0]!.message).toMatch(/mask entry 0 is 2/);
    // a pruned weight that is not 0
    expect(issuesOf(edit((d) => (d.layers[0].mask = Buffer.alloc(150, 0).toString('base64'))))[0]!.message).toMatch(/pruned \(mask 0\) but not 0/);
    expect(issuesOf(edit((d) => (d.extra = 1)))).toEqual([{ path: ['extra'], message: expect.stringMatching(/unknown key/) }]);
    expect(issuesOf(edit((d) => (d.layers[3].colour = 'red')))[0]!.path).toEqual(['layers', 3, 'colour']);
    expect(issuesOf(edit((d) => (d.quant.c1.weights.sign = 1)))[0]!.path).toEqual(['quant', 'c1', 'weights', 'sign']);
    expect(issuesOf(edit((d) => (d.quant.zz = {})))).toEqual([{ path: ['quant', 'zz'], message: "no layer 'zz' in network lenet5" }]);
    expect(issuesOf(edit((d) => (d.meta.epochs = 'two')))[0]!.path).toEqual(['meta', 'epochs']);
    expect(issuesOf(edit((d) => delete d.layers[1].kind))[0]).toEqual({ path: ['layers', 1, 'kind'], message: 'missing (expected "conv2d" or "fc")' });
  });
  it('fuzz: decoding never throws (arbitrary JSON; mutated model files)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => { decodeModel(JSON.stringify(v)); }), { numRuns: 300 });
    const good = JSON.parse(encodeModel(initModel(mnistMlp({ batch: 1 }), 1)));
    const paths: Array<Array<string | number>> = [['format'], ['version'], ['network'], ['meta'], ['meta', 'seed'], ['layers'], ['layers', 0], ['layers', 0, 'weights'], ['layers', 1, 'weightShape'], ['layers', 2, 'mask'], ['quant']];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, v) => {
        const doc = structuredClone(good);
        let o = doc;
        for (const k of path.slice(0, -1)) o = o[k];
        o[path[path.length - 1]!] = v;
        const r = decodeModel(JSON.stringify(doc), 'mnist-mlp');
        if (E.isLeft(r)) expect(r.left.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
