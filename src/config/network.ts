/**
 * The network file format (YAML, already parsed to `unknown`) and its pure decoder `decodeNetwork`:
 * io-ts codecs with excess-key checking (unknown keys are errors) → semantic checks (shapes, groups,
 * names, inputs) → the domain `Network`. Every stage collects ALL issues, each with its path.
 *
 * ## Format
 * ```yaml
 * name: tiny-cnn                      # required, non-empty
 * source: "hand-written example"      # optional: where the description comes from
 * defaults:                           # optional; every field optional
 *   batch: 1                          # N, positive integer (default 1)
 *   bits: { weights: 16, inputs: 16, outputs: 16 }     # 1..64 each (default 16)
 *   density: { weights: 1.0, inputs: 1.0, outputs: 1.0 } # (0, 1] each (default 1: dense)
 * layers:                             # required, non-empty, in topological order
 *   - { name: conv1, type: conv2d, inChannels: 3, outChannels: 16, inHeight: 32, inWidth: 32,
 *       kernel: 3, stride: 1, pad: 1 }
 *   - { name: pool1, type: pool, kernel: 2, stride: 2 }
 *   - { name: fc1, type: fc, inFeatures: 4096, outFeatures: 10, density: { weights: 0.3 } }
 * ```
 * Layer types and keys (all layers: `name` (unique), `type`, optional `inputs`):
 * - `conv2d`: `outChannels`, `kernel` required; `inChannels`, `inHeight`, `inWidth` (inferred from the
 *   inputs, required when the layer reads the network input), `stride` (1), `pad` (0), `dilation` (1),
 *   `groups` (1; depthwise: groups = inChannels = outChannels), `bits`, `density` (override `defaults`).
 *   `kernel`, `stride`, `pad`, `dilation` are a number or `[h, w]`.
 * - `fc`: `outFeatures` required; `inFeatures` (inferred: the flattened input C·H·W; must equal it when
 *   given), `bits`, `density`.
 * - `pool`: `kernel` required (a number); `stride` (default = kernel), `pad` (0), `channels`, `inHeight`,
 *   `inWidth` (inferred from the input), `bits` (a number: the activation width; default `defaults.bits.inputs`).
 * - `add` (element-wise sum): `inputs` with at least two layers of identical shape; `bits` (a number).
 *
 * `inputs` lists earlier layers' names; omitted, a layer reads the previous layer (the first layer: the
 * network input); `[]` means the network input. Several inputs of a conv2d / fc / pool layer are
 * concatenated along channels (equal height × width required).
 *
 * Semantic checks: positive integers (pad ≥ 0), channels divisible by groups, output size ≥ 1, densities in
 * (0, 1], bits in 1..64, unique names, inputs naming earlier layers, given input dimensions / fc
 * `inFeatures` equal to what the inputs produce, MAC counts within 2^53.
 *
 * @example decodeNetwork(YAML.parse(text)) // Right(network) or Left([{ path: ['layers', 3, 'stride'], message }])
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { convOutSize, isMacLayer, problemMacs, toProblem } from '../workload/index.js';
import type { Conv2d, FullyConnected, Layer, Network, TensorAnnotations, VectorLayer } from '../workload/index.js';
import { flatSize, outputShape, sameShape, shape, type Shape } from '../workload/index.js';
import { Bits, Density, Name, NonNegativeInt, NonNegativePair, PositiveInt, PositivePair, Text, hasOwn, isRecord, listOf, strictStruct } from './codecs.js';
import { configIssue, issuesFromErrors, showValue } from './issue.js';
import type { ConfigIssue } from './issue.js';

// ---------------------------------------------------------------------------------------------------------
// model — codecs of the file format
// ---------------------------------------------------------------------------------------------------------

export const BitsSpec = strictStruct('bits', {}, { weights: Bits, inputs: Bits, outputs: Bits });
/** `{ weights?, inputs?, outputs? }` densities. */
export const DensitySpec = strictStruct('density', {}, { weights: Density, inputs: Density, outputs: Density });
/** `defaults:` of a network file. */
export const DefaultsSpec = strictStruct('defaults', {}, { batch: PositiveInt, bits: BitsSpec, density: DensitySpec });

const Inputs = listOf(Name, 'layer names');

/** A `type: conv2d` layer. */
export const Conv2dSpec = strictStruct(
  'conv2d layer',
  { name: Name, type: t.literal('conv2d'), outChannels: PositiveInt, kernel: PositivePair },
  {
    inputs: Inputs, inChannels: PositiveInt, inHeight: PositiveInt, inWidth: PositiveInt,
    stride: PositivePair, pad: NonNegativePair, dilation: PositivePair, groups: PositiveInt,
    bits: BitsSpec, density: DensitySpec,
  },
);
/** A `type: fc` layer. */
export const FcSpec = strictStruct(
  'fc layer',
  { name: Name, type: t.literal('fc'), outFeatures: PositiveInt },
  { inputs: Inputs, inFeatures: PositiveInt, bits: BitsSpec, density: DensitySpec },
);
/** A `type: pool` layer. */
export const PoolSpec = strictStruct(
  'pool layer',
  { name: Name, type: t.literal('pool'), kernel: PositiveInt },
  { inputs: Inputs, stride: PositiveInt, pad: NonNegativeInt, channels: PositiveInt, inHeight: PositiveInt, inWidth: PositiveInt, bits: Bits },
);
/** A `type: add` layer. */
export const AddSpec = strictStruct('add layer', { name: Name, type: t.literal('add') }, { inputs: Inputs, bits: Bits });

const LAYER_SPECS = { conv2d: Conv2dSpec, fc: FcSpec, pool: PoolSpec, add: AddSpec } as const;
type LayerType = keyof typeof LAYER_SPECS;
/** A decoded (not yet checked) layer entry. */
export type LayerSpec = t.TypeOf<(typeof LAYER_SPECS)[LayerType]>;

/** A layer entry, dispatched on its `type` key so errors name the fields of that layer kind only. */
export const LayerSpecCodec = new t.Type<LayerSpec, unknown, unknown>(
  'layer',
  (u): u is LayerSpec => isRecord(u) && typeof u['type'] === 'string' && hasOwn(LAYER_SPECS, u['type']) && LAYER_SPECS[u['type'] as LayerType].is(u),
  (u, c) => {
    if (!isRecord(u)) return t.failure(u, c, `expected a layer (a mapping), got ${showValue(u)}`);
    const ty = u['type'];
    const kinds = Object.keys(LAYER_SPECS).join(', ');
    if (ty === undefined) return t.failure(undefined, t.appendContext(c, 'type', t.string, undefined), `missing required key "type" of layer (one of ${kinds})`);
    if (typeof ty !== 'string' || !hasOwn(LAYER_SPECS, ty)) {
      return t.failure(ty, t.appendContext(c, 'type', t.string, ty), `unknown layer type ${showValue(ty)} (expected one of ${kinds})`);
    }
    return (LAYER_SPECS[ty as LayerType] as t.Type<LayerSpec, unknown, unknown>).validate(u, c);
  },
  t.identity,
);

/** The whole document. */
export const NetworkSpec = strictStruct(
  'network',
  { name: Name, layers: listOf(LayerSpecCodec, 'layers') },
  { source: Text, defaults: DefaultsSpec },
);
/** A decoded (not yet checked) document. */
export type NetworkSpecDoc = t.TypeOf<typeof NetworkSpec>;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Decode a parsed network file: structure (io-ts, unknown keys rejected) then semantics; all issues are
 * collected, each with the path of the offending value. Never throws.
 */
export const decodeNetwork = (doc: unknown): E.Either<ReadonlyArray<ConfigIssue>, Network> => {
  const decoded = NetworkSpec.decode(doc);
  if (E.isLeft(decoded)) return E.left(issuesFromErrors(decoded.left));
  return resolveNetwork(decoded.right);
};

/** Semantic checks and conversion of a structurally valid document (see the module doc for the rules). */
export const resolveNetwork = (spec: NetworkSpecDoc): E.Either<ReadonlyArray<ConfigIssue>, Network> => {
  const issues: ConfigIssue[] = [];
  if (spec.layers.length === 0) issues.push(configIssue(['layers'], 'a network needs at least one layer'));
  const batch = spec.defaults?.batch ?? 1;
  const bits = { W: spec.defaults?.bits?.weights ?? 16, I: spec.defaults?.bits?.inputs ?? 16, O: spec.defaults?.bits?.outputs ?? 16 };
  const density = {
    W: spec.defaults?.density?.weights ?? 1,
    I: spec.defaults?.density?.inputs ?? 1,
    O: spec.defaults?.density?.outputs ?? 1,
  };
  const defaults: TensorAnnotations = { bits, density };
  /** name → index and output shape (`undefined`: the layer is invalid, dependants skip shape checks). */
  const known = new Map<string, { readonly index: number; readonly shape: Shape | undefined }>();
  const allNames = new Set(spec.layers.map((l) => l.name));
  const layers: Layer[] = [];
  spec.layers.forEach((l, i) => {
    const at = (...rest: ReadonlyArray<string | number>): ReadonlyArray<string | number> => ['layers', i, ...rest];
    const before = issues.length;
    const first = known.get(l.name);
    if (first !== undefined) issues.push(configIssue(at('name'), `duplicate layer name "${l.name}" (already used by layers[${first.index}])`));
    const inputs = l.inputs ?? (i === 0 ? [] : [spec.layers[i - 1]!.name]);
    const inShapes: Array<Shape | undefined> = inputs.map((name, j) => {
      const src = known.get(name);
      if (src === undefined) {
        issues.push(configIssue(at('inputs', j), name === l.name || allNames.has(name)
          ? `input "${name}" is not an earlier layer (layers must be listed in topological order)`
          : `unknown input "${name}": no layer has that name`));
      }
      return src?.shape;
    });
    const ctx: LayerContext = { at, issues, batch, defaults, inputs, inShapes, known: inShapes.every((s) => s !== undefined) };
    const layer = resolveLayer(l, ctx);
    if (layer !== undefined && issues.length === before && isMacLayer(layer) && !Number.isSafeInteger(problemMacs(toProblem(layer)))) {
      issues.push(configIssue(at(), `layer too large: its MAC count exceeds 2^53`));
    }
    const ok = layer !== undefined && issues.length === before;
    if (layer !== undefined) layers.push(layer);
    if (first === undefined) known.set(l.name, { index: i, shape: ok ? outputShape(layer) : undefined });
  });
  if (issues.length > 0) return E.left(issues);
  return E.right({ name: spec.name, source: spec.source ?? 'network file', layers });
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

interface LayerContext {
  readonly at: (...rest: ReadonlyArray<string | number>) => ReadonlyArray<string | number>;
  readonly issues: ConfigIssue[];
  readonly batch: number;
  readonly defaults: TensorAnnotations;
  readonly inputs: ReadonlyArray<string>;
  /** Output shapes of the inputs (`undefined` entries: unresolved). */
  readonly inShapes: ReadonlyArray<Shape | undefined>;
  /** All input shapes are resolved. */
  readonly known: boolean;
}

const showShape = (s: Shape): string => `${s.channels}×${s.height}×${s.width}`;

/** The combined input (channel concatenation), `null` for the network input, `undefined` when unresolved. */
const combinedInput = (ctx: LayerContext): Shape | null | undefined => {
  if (ctx.inputs.length === 0) return null;
  if (!ctx.known) return undefined;
  const shapes = ctx.inShapes as ReadonlyArray<Shape>;
  const s0 = shapes[0]!;
  if (shapes.some((s) => s.height !== s0.height || s.width !== s0.width)) {
    const list = ctx.inputs.map((n, j) => `${n} ${showShape(shapes[j]!)}`).join(', ');
    ctx.issues.push(configIssue(ctx.at('inputs'), `inputs are concatenated along channels and need equal height × width: ${list}`));
    return undefined;
  }
  return shape(shapes.reduce((acc, s) => acc + s.channels, 0), s0.height, s0.width);
};

/**
 * One input dimension: the given value, checked against the inferred one; or the inferred one; or, for a
 * layer reading the network input, an issue that it is required.
 */
const dimension = (
  ctx: LayerContext,
  key: string,
  given: number | undefined,
  input: Shape | null | undefined,
  inferred: (s: Shape) => number,
  what: string,
): number | undefined => {
  if (input === null) {
    if (given === undefined) ctx.issues.push(configIssue(ctx.at(key), `missing required key "${key}" (the layer reads the network input, so its ${what} cannot be inferred)`));
    return given;
  }
  if (input === undefined) return given;
  const want = inferred(input);
  if (given !== undefined && given !== want) {
    ctx.issues.push(configIssue(ctx.at(key), `${key} ${given} does not match the input (${ctx.inputs.join(' + ')}: ${showShape(input)}), which gives ${want}`));
  }
  return want;
};

const annotations = (
  d: TensorAnnotations,
  bits: { readonly weights?: number; readonly inputs?: number; readonly outputs?: number } | undefined,
  density: { readonly weights?: number; readonly inputs?: number; readonly outputs?: number } | undefined,
): TensorAnnotations => ({
  bits: { W: bits?.weights ?? d.bits.W, I: bits?.inputs ?? d.bits.I, O: bits?.outputs ?? d.bits.O },
  density: { W: density?.weights ?? d.density.W, I: density?.inputs ?? d.density.I, O: density?.outputs ?? d.density.O },
});

/** Output size along one axis, with an issue at `key` when it is < 1. */
const outSize = (ctx: LayerContext, key: string, axis: string, inSize: number, k: number, s: number, p: number, d: number): number => {
  const out = convOutSize(inSize, k, s, p, d);
  if (out < 1) {
    ctx.issues.push(configIssue(ctx.at(key), `output ${axis} would be ${out}: the ${d > 1 ? 'dilated ' : ''}kernel (${d * (k - 1) + 1}) is larger than the padded input ${axis} (${inSize} + 2·${p} = ${inSize + 2 * p})`));
  }
  return out;
};

const resolveLayer = (l: LayerSpec, ctx: LayerContext): Layer | undefined => {
  switch (l.type) {
    case 'conv2d':
      return resolveConv(l as t.TypeOf<typeof Conv2dSpec>, ctx);
    case 'fc':
      return resolveFc(l as t.TypeOf<typeof FcSpec>, ctx);
    case 'pool':
      return resolvePool(l as t.TypeOf<typeof PoolSpec>, ctx);
    case 'add':
      return resolveAdd(l as t.TypeOf<typeof AddSpec>, ctx);
  }
};

const resolveConv = (l: t.TypeOf<typeof Conv2dSpec>, ctx: LayerContext): Conv2d | undefined => {
  const input = combinedInput(ctx);
  const inChannels = dimension(ctx, 'inChannels', l.inChannels, input, (s) => s.channels, 'channel count');
  const inHeight = dimension(ctx, 'inHeight', l.inHeight, input, (s) => s.height, 'height');
  const inWidth = dimension(ctx, 'inWidth', l.inWidth, input, (s) => s.width, 'width');
  const [kernelH, kernelW] = l.kernel;
  const [strideH, strideW] = l.stride ?? [1, 1];
  const [padH, padW] = l.pad ?? [0, 0];
  const [dilationH, dilationW] = l.dilation ?? [1, 1];
  const groups = l.groups ?? 1;
  if (inChannels !== undefined && inChannels % groups !== 0) {
    ctx.issues.push(configIssue(ctx.at('groups'), `groups ${groups} does not divide inChannels ${inChannels}`));
  }
  if (l.outChannels % groups !== 0) {
    ctx.issues.push(configIssue(ctx.at('groups'), `groups ${groups} does not divide outChannels ${l.outChannels}`));
  }
  if (inHeight !== undefined) outSize(ctx, 'kernel', 'height', inHeight, kernelH, strideH, padH, dilationH);
  if (inWidth !== undefined) outSize(ctx, 'kernel', 'width', inWidth, kernelW, strideW, padW, dilationW);
  if (inChannels === undefined || inHeight === undefined || inWidth === undefined) return undefined;
  return {
    kind: 'conv2d', name: l.name, inputs: ctx.inputs, batch: ctx.batch,
    inChannels, outChannels: l.outChannels, inHeight, inWidth,
    kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, groups,
    ...annotations(ctx.defaults, l.bits, l.density),
  };
};

const resolveFc = (l: t.TypeOf<typeof FcSpec>, ctx: LayerContext): FullyConnected | undefined => {
  const input = combinedInput(ctx);
  const inFeatures = dimension(ctx, 'inFeatures', l.inFeatures, input, flatSize, 'feature count');
  if (inFeatures === undefined) return undefined;
  return {
    kind: 'fc', name: l.name, inputs: ctx.inputs, batch: ctx.batch, inFeatures, outFeatures: l.outFeatures,
    ...annotations(ctx.defaults, l.bits, l.density),
  };
};

const resolvePool = (l: t.TypeOf<typeof PoolSpec>, ctx: LayerContext): VectorLayer | undefined => {
  const input = combinedInput(ctx);
  const channels = dimension(ctx, 'channels', l.channels, input, (s) => s.channels, 'channel count');
  const inHeight = dimension(ctx, 'inHeight', l.inHeight, input, (s) => s.height, 'height');
  const inWidth = dimension(ctx, 'inWidth', l.inWidth, input, (s) => s.width, 'width');
  const stride = l.stride ?? l.kernel;
  const pad = l.pad ?? 0;
  if (inHeight !== undefined) outSize(ctx, 'kernel', 'height', inHeight, l.kernel, stride, pad, 1);
  if (inWidth !== undefined) outSize(ctx, 'kernel', 'width', inWidth, l.kernel, stride, pad, 1);
  if (channels === undefined || inHeight === undefined || inWidth === undefined) return undefined;
  return {
    kind: 'pool', name: l.name, inputs: ctx.inputs, batch: ctx.batch, channels, inHeight, inWidth,
    kernel: l.kernel, stride, pad, bits: l.bits ?? ctx.defaults.bits.I,
  };
};

const resolveAdd = (l: t.TypeOf<typeof AddSpec>, ctx: LayerContext): VectorLayer | undefined => {
  if (ctx.inputs.length < 2) {
    ctx.issues.push(configIssue(ctx.at('inputs'), `an add layer needs at least two inputs, got ${ctx.inputs.length}`));
    return undefined;
  }
  if (!ctx.known) return undefined;
  const shapes = ctx.inShapes as ReadonlyArray<Shape>;
  const s0 = shapes[0]!;
  if (!shapes.every((s) => sameShape(s, s0))) {
    const list = ctx.inputs.map((n, j) => `${n} ${showShape(shapes[j]!)}`).join(', ');
    ctx.issues.push(configIssue(ctx.at('inputs'), `inputs of an add layer must have the same shape: ${list}`));
    return undefined;
  }
  return {
    kind: 'add', name: l.name, inputs: ctx.inputs, batch: ctx.batch, channels: s0.channels,
    inHeight: s0.height, inWidth: s0.width, kernel: 1, stride: 1, pad: 0, bits: l.bits ?? ctx.defaults.bits.I,
  };
};
