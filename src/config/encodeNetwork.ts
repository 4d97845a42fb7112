/**
 * The inverse of `decodeNetwork`: a domain `Network` written back as a network-file document (a plain,
 * JSON/YAML-safe object in the format described in `network.ts`). `codesim export net NAME` prints it as
 * YAML so users can edit per-layer bits and densities of a built-in network; the compression code writes
 * compressed networks with it.
 *
 * Invariant (tested by a fast-check round trip over the zoo with random per-layer bits and densities):
 * `decodeNetwork(encodeNetwork(net))` is `Right(net')` with `net'` deep-equal to `net`, for every network
 * whose layers share one batch size and whose shapes are consistent with their inputs (every decoded and
 * every zoo network). The document is minimal: values the decoder infers or defaults are omitted
 * (input dimensions of layers that read other layers, stride 1, pad 0, dilation 1, groups 1, a pool's
 * stride equal to its kernel, `inputs` when a layer reads the previous one), and per-layer `bits` /
 * `density` list only the tensors that differ from `defaults`.
 */
import type { Layer, Network, TensorAnnotations } from '../workload/index.js';
import { isMacLayer } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** `{ weights?, inputs?, outputs? }` as written in a network file. */
export interface TensorValuesDoc {
  weights?: number;
  inputs?: number;
  outputs?: number;
}

/** One layer entry of a network file (the keys of its `type`; see `network.ts`). */
export type LayerDoc = { name: string; type: Layer['kind'] } & Record<string, unknown>;

/** A network-file document (what `NetworkSpec` decodes), plain and JSON/YAML-safe. */
export interface NetworkDoc {
  name: string;
  source: string;
  defaults: { batch: number; bits: Required<TensorValuesDoc>; density: Required<TensorValuesDoc> };
  layers: LayerDoc[];
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Write `net` as a network-file document. `defaults` take the batch of the first layer and the bits and
 * densities of the first MAC layer (16 bits, dense when there is none); layers state only what differs.
 * Precondition: all layers have the same batch (the file format has one batch per network).
 * @example YAML.stringify(encodeNetwork(ZOO['alexnet']!({ batch: 1 }))) // name: alexnet, defaults: …, layers: …
 */
export const encodeNetwork = (net: Network): NetworkDoc => {
  const firstMac = net.layers.find(isMacLayer);
  const defaults: TensorAnnotations = firstMac ?? { bits: { W: 16, I: 16, O: 16 }, density: { W: 1, I: 1, O: 1 } };
  return {
    name: net.name,
    source: net.source,
    defaults: {
      batch: net.layers[0]?.batch ?? 1,
      bits: tensorValues(defaults.bits),
      density: tensorValues(defaults.density),
    },
    layers: net.layers.map((l, i) => encodeLayer(l, i === 0 ? undefined : net.layers[i - 1], defaults)),
  };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const tensorValues = (v: { readonly W: number; readonly I: number; readonly O: number }): Required<TensorValuesDoc> => ({
  weights: v.W,
  inputs: v.I,
  outputs: v.O,
});

/** The tensors whose value differs from the default; `undefined` when none does. */
const overrides = (
  v: { readonly W: number; readonly I: number; readonly O: number },
  d: { readonly W: number; readonly I: number; readonly O: number },
): TensorValuesDoc | undefined => {
  const out: TensorValuesDoc = {};
  if (v.W !== d.W) out.weights = v.W;
  if (v.I !== d.I) out.inputs = v.I;
  if (v.O !== d.O) out.outputs = v.O;
  return Object.keys(out).length > 0 ? out : undefined;
};

/** A number when `h = w`, else `[h, w]`. */
const pair = (h: number, w: number): number | [number, number] => (h === w ? h : [h, w]);

/** `obj` without its `undefined` values (so documents stay JSON/YAML-clean). */
const compact = <A extends Record<string, unknown>>(obj: A): A =>
  Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as A;

const encodeLayer = (l: Layer, previous: Layer | undefined, d: TensorAnnotations): LayerDoc => {
  const readsPrevious = previous !== undefined && l.inputs.length === 1 && l.inputs[0] === previous.name;
  const readsNetworkInput = l.inputs.length === 0;
  const defaultInputs = previous === undefined ? readsNetworkInput : readsPrevious;
  const head = { name: l.name, type: l.kind, inputs: defaultInputs ? undefined : [...l.inputs] };
  /** Input dimensions are written only where the decoder cannot infer them. */
  const given = (v: number): number | undefined => (readsNetworkInput ? v : undefined);
  switch (l.kind) {
    case 'conv2d':
      return compact({
        ...head,
        inChannels: given(l.inChannels),
        outChannels: l.outChannels,
        inHeight: given(l.inHeight),
        inWidth: given(l.inWidth),
        kernel: pair(l.kernelH, l.kernelW),
        stride: l.strideH === 1 && l.strideW === 1 ? undefined : pair(l.strideH, l.strideW),
        pad: l.padH === 0 && l.padW === 0 ? undefined : pair(l.padH, l.padW),
        dilation: l.dilationH === 1 && l.dilationW === 1 ? undefined : pair(l.dilationH, l.dilationW),
        groups: l.groups === 1 ? undefined : l.groups,
        bits: overrides(l.bits, d.bits),
        density: overrides(l.density, d.density),
      });
    case 'fc':
      return compact({
        ...head,
        inFeatures: given(l.inFeatures),
        outFeatures: l.outFeatures,
        bits: overrides(l.bits, d.bits),
        density: overrides(l.density, d.density),
      });
    case 'pool':
      return compact({
        ...head,
        kernel: l.kernel,
        stride: l.stride === l.kernel ? undefined : l.stride,
        pad: l.pad === 0 ? undefined : l.pad,
        channels: given(l.channels),
        inHeight: given(l.inHeight),
        inWidth: given(l.inWidth),
        bits: l.bits === d.bits.I ? undefined : l.bits,
      });
    case 'add':
      return compact({ ...head, bits: l.bits === d.bits.I ? undefined : l.bits });
  }
};
