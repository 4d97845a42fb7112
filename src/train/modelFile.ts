/**
 * The model file format (docs/model-format.md): one JSON document,
 *
 *   { "format": "codesim-model", "version": 1, "network": "<zoo name>",
 *     "meta": { "seed", "epochs", "trainAccuracy"?, "testAccuracy"? },
 *     "quant"?: { "<layer>": { "weights"?: { "intBits", "fracBits" }, "activations"?: {…} } },
 *     "layers": [ { "name", "kind": "conv2d"|"fc", "weightShape": [K, C(, R, S)],
 *                   "weights": base64(Float32 little-endian), "bias": base64(Float32 LE),
 *                   "mask": base64(one byte per weight, 0 or 1) } ] }
 *
 * `decodeModel` checks, collecting every issue with its path: JSON syntax; the shape of the document (io-ts
 * codecs plus unknown-key checks at every level); format / version; base64 lengths (4 bytes per weight / bias,
 * 1 per mask entry); finite values; masks of 0/1 with masked weights exactly 0; and the layers against the zoo
 * network the file names (names, kinds, shapes: `checkModel`) — and, given `expectNetwork`, that the file is
 * for that network. Never throws.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { zooNetwork } from '../workload/index.js';
import { checkModel } from './model.js';
import type { DecodeModel, EncodeModel, LayerParams, ModelIssue, QuantSpec, TrainedModel } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

const Int = t.refinement(t.number, (n) => Number.isSafeInteger(n), 'an integer');
const Dim = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1 && n <= 1 << 24, 'a positive integer');
const Bits = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0 && n <= 31, 'an integer in 0..31');
const Acc = t.refinement(t.number, (n) => n >= 0 && n <= 1, 'a fraction in [0, 1]');
const FixedPointC = t.type({ intBits: Bits, fracBits: Bits }, 'a fixed-point format { intBits, fracBits }');
const QuantEntry = t.partial({ weights: FixedPointC, activations: FixedPointC }, 'a quantization entry { weights?, activations? }');
const LayerC = t.type(
  { name: t.string, kind: t.keyof({ conv2d: null, fc: null }, '"conv2d" or "fc"'), weightShape: t.array(Dim, 'a list of positive integers'), weights: t.string, bias: t.string, mask: t.string },
  'a layer',
);
const ModelC = t.intersection([
  t.type({
    format: t.literal('codesim-model', '"codesim-model"'),
    version: Int,
    network: t.string,
    layers: t.array(LayerC, 'a list of layers'),
    meta: t.intersection([t.type({ seed: Int, epochs: Int }), t.partial({ trainAccuracy: Acc, testAccuracy: Acc })], 'meta { seed, epochs, trainAccuracy?, testAccuracy? }'),
  }),
  t.partial({ quant: t.record(t.string, QuantEntry, 'a map from layer name to formats') }),
]);

/** The allowed keys at each level (unknown keys are errors). */
const KEYS = {
  root: ['format', 'version', 'network', 'layers', 'meta', 'quant'],
  meta: ['seed', 'epochs', 'trainAccuracy', 'testAccuracy'],
  layer: ['name', 'kind', 'weightShape', 'weights', 'bias', 'mask'],
  quant: ['weights', 'activations'],
  fixed: ['intBits', 'fracBits'],
} as const;

/** The only version this code reads and writes. */
export const MODEL_VERSION = 1;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Serialize (keys in a fixed order; two-space JSON, base64 arrays on one line each). */
export const encodeModel: EncodeModel = (m) => {
  const doc = {
    format: m.format,
    version: m.version,
    network: m.network,
    meta: m.meta,
    ...(m.quant !== undefined ? { quant: m.quant } : {}),
    layers: m.layers.map((l) => ({
      name: l.name,
      kind: l.kind,
      weightShape: [...l.weightShape],
      weights: f32ToBase64(l.weights),
      bias: f32ToBase64(l.bias),
      mask: Buffer.from(l.mask.buffer, l.mask.byteOffset, l.mask.byteLength).toString('base64'),
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
};

export const decodeModel: DecodeModel = (text, expectNetwork) => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return E.left([{ path: [], message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }]);
  }
  const issues: ModelIssue[] = [];
  if (isRecord(doc)) {
    if (doc['format'] !== 'codesim-model') {
      return E.left([{ path: ['format'], message: `not a codesim model file (expected format "codesim-model", got ${show(doc['format'])})` }]);
    }
    if (doc['version'] !== MODEL_VERSION) {
      return E.left([{ path: ['version'], message: `unsupported model file version ${show(doc['version'])} (this codesim reads version ${MODEL_VERSION})` }]);
    }
    excess(doc, KEYS.root, [], issues);
    if (isRecord(doc['meta'])) excess(doc['meta'], KEYS.meta, ['meta'], issues);
    if (Array.isArray(doc['layers'])) doc['layers'].forEach((l, i) => isRecord(l) && excess(l, KEYS.layer, ['layers', i], issues));
    if (isRecord(doc['quant'])) {
      for (const [k, v] of Object.entries(doc['quant'])) {
        if (!isRecord(v)) continue;
        excess(v, KEYS.quant, ['quant', k], issues);
        for (const f of KEYS.quant) if (isRecord(v[f])) excess(v[f], KEYS.fixed, ['quant', k, f], issues);
      }
    }
  }
  const decoded = ModelC.decode(doc);
  if (E.isLeft(decoded)) return E.left([...issues, ...decoded.left.map(toIssue)]);
  if (issues.length > 0) return E.left(issues);
  const d = decoded.right;
  if (expectNetwork !== undefined && d.network !== expectNetwork) {
    return E.left([{ path: ['network'], message: `the model is for network '${d.network}', expected '${expectNetwork}'` }]);
  }
  const net = zooNetwork(d.network, { batch: 1 });
  if (net === undefined) return E.left([{ path: ['network'], message: `unknown network '${d.network}' (model files are for built-in networks)` }]);
  const layers: LayerParams[] = [];
  d.layers.forEach((l, i) => {
    const count = l.weightShape.reduce((a, b) => a * b, 1);
    const weights = base64ToF32(l.weights, ['layers', i, 'weights'], issues);
    const bias = base64ToF32(l.bias, ['layers', i, 'bias'], issues);
    const maskBytes = base64Bytes(l.mask, ['layers', i, 'mask'], issues);
    if (weights === undefined || bias === undefined || maskBytes === undefined) return;
    if (weights.length !== count) issues.push({ path: ['layers', i, 'weights'], message: `${weights.length} weights, weightShape [${l.weightShape.join(', ')}] needs ${count}` });
    if (maskBytes.length !== count) issues.push({ path: ['layers', i, 'mask'], message: `${maskBytes.length} mask entries, weightShape [${l.weightShape.join(', ')}] needs ${count}` });
    if (weights.length !== count || maskBytes.length !== count) return;
    const mask = new Uint8Array(maskBytes);
    const badMask = mask.findIndex((v) => v !== 0 && v !== 1);
    if (badMask >= 0) issues.push({ path: ['layers', i, 'mask'], message: `mask entry ${badMask} is ${mask[badMask]}, expected 0 or 1` });
    const badW = weights.findIndex((v, j) => !Number.isFinite(v) || (mask[j] === 0 && v !== 0));
    if (badW >= 0) issues.push({ path: ['layers', i, 'weights'], message: Number.isFinite(weights[badW]!) ? `weight ${badW} is pruned (mask 0) but not 0` : `weight ${badW} is not a finite number` });
    const badB = bias.findIndex((v) => !Number.isFinite(v));
    if (badB >= 0) issues.push({ path: ['layers', i, 'bias'], message: `bias ${badB} is not a finite number` });
    layers.push({ name: l.name, kind: l.kind, weightShape: l.weightShape, weights, bias, mask });
  });
  if (issues.length > 0) return E.left(issues);
  const model: TrainedModel = {
    format: 'codesim-model',
    version: 1,
    network: d.network,
    layers,
    ...(d.quant !== undefined ? { quant: d.quant as QuantSpec } : {}),
    meta: d.meta,
  };
  const shapeIssues = [...checkModel(net, model)];
  if (d.quant !== undefined) {
    const names = new Set(layers.map((l) => l.name));
    for (const k of Object.keys(d.quant)) if (!names.has(k)) shapeIssues.push({ path: ['quant', k], message: `no layer '${k}' in network ${d.network}` });
  }
  return shapeIssues.length > 0 ? E.left(shapeIssues) : E.right(model);
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Float32 values as base64 of their little-endian bytes. */
export const f32ToBase64 = (a: Float32Array): string => {
  const buf = Buffer.alloc(a.length * 4);
  for (let i = 0; i < a.length; i++) buf.writeFloatLE(a[i]!, i * 4);
  return buf.toString('base64');
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const base64Bytes = (s: string, path: ReadonlyArray<string | number>, issues: ModelIssue[]): Buffer | undefined => {
  if (!BASE64.test(s) || s.length % 4 !== 0) {
    issues.push({ path, message: 'not base64 text' });
    return undefined;
  }
  return Buffer.from(s, 'base64');
};

const base64ToF32 = (s: string, path: ReadonlyArray<string | number>, issues: ModelIssue[]): Float32Array | undefined => {
  const buf = base64Bytes(s, path, issues);
  if (buf === undefined) return undefined;
  if (buf.length % 4 !== 0) {
    issues.push({ path, message: `${buf.length} bytes is not a whole number of 4-byte floats` });
    return undefined;
  }
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
};

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

const excess = (o: Record<string, unknown>, allowed: ReadonlyArray<string>, path: ReadonlyArray<string | number>, issues: ModelIssue[]): void => {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) issues.push({ path: [...path, k], message: `unknown key (expected one of: ${allowed.join(', ')})` });
};

const show = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  const s = JSON.stringify(u) ?? String(u);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

const toIssue = (e: t.ValidationError): ModelIssue => {
  const path: Array<string | number> = [];
  for (let i = 1; i < e.context.length; i++) {
    const entry = e.context[i]!;
    const parent = e.context[i - 1]!;
    const tag = (parent.type as { readonly _tag?: string })._tag;
    if (tag === 'IntersectionType' || tag === 'UnionType') continue;
    path.push(Array.isArray(parent.actual) && /^\d+$/.test(entry.key) ? Number(entry.key) : entry.key);
  }
  const last = e.context[e.context.length - 1];
  const expected = last === undefined ? 'a value' : last.type.name;
  return { path, message: e.value === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${show(e.value)}` };
};

