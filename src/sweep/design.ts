/**
 * A design point applied to the base design (pure): the parameters' values written into the accelerator
 * document (then decoded again with the arch codecs, so a point never bypasses validation) and into the
 * network (batch, bit widths, densities, channels / hidden units, width multiplier).
 *
 * Paths are those of `config/sweep.ts`. Values are multiplied by the parameter's `scale` first.
 */
import type { DataSpace } from '../core/index.js';
import type { Conv2d, FullyConnected, Layer, Network } from '../workload/index.js';
import { isMacLayer, weightCount } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A parameter as the evaluator needs it: where its value goes. */
export interface ParameterTarget {
  readonly name: string;
  readonly path: string;
  readonly scale: number;
}

/** A point's values by parameter name (numbers, or strings for categoricals). */
export type PointValues = Readonly<Record<string, number | string>>;

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * The accelerator document with the point's `arch.*` values set (a deep copy; the input is not changed).
 * `Left(message)` when a path does not exist in the document (e.g. a level name that is not there).
 */
export const applyToArchDoc = (doc: unknown, targets: ReadonlyArray<ParameterTarget>, point: PointValues): { ok: true; doc: unknown } | { ok: false; error: string } => {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let peX: number | undefined;
  let peY: number | undefined;
  for (const t of targets) {
    if (!t.path.startsWith('arch.')) continue;
    const v = valueOf(t, point);
    if (typeof v !== 'number') return { ok: false, error: `${t.name}: ${t.path} takes a number` };
    if (t.path === 'arch.pe.x') peX = v;
    else if (t.path === 'arch.pe.y') peY = v;
    else {
      const r = setPath(copy, t.path.split('.').slice(1), v);
      if (r !== null) return { ok: false, error: `${t.name}: ${r}` };
    }
  }
  if (peX !== undefined || peY !== undefined) {
    const compute = copy['compute'];
    if (!isRec(compute)) return { ok: false, error: 'arch.pe: the accelerator has no compute section' };
    const [cx, cy] = meshOf(compute);
    const nx = peX ?? cx;
    const ny = peY ?? cy;
    const resize = (o: Record<string, unknown>): void => {
      o['mesh'] = [nx, ny];
      o['instances'] = nx * ny;
    };
    const levels = Array.isArray(copy['levels']) ? copy['levels'] : [];
    for (const l of levels) if (isRec(l) && sameMesh(meshOf(l), [cx, cy])) resize(l);
    resize(compute);
  }
  return { ok: true, doc: copy };
};

/** The dataflow name a point selects (`dataflow` path), or `fallback`. */
export const dataflowOf = (targets: ReadonlyArray<ParameterTarget>, point: PointValues, fallback: string | null): string | null => {
  const t = targets.find((x) => x.path === 'dataflow');
  const v = t === undefined ? undefined : point[t.name];
  return typeof v === 'string' ? v : fallback;
};

/** The training hyper-parameters of a point (`train.*` paths), by their name after `train.`. */
export const trainingOf = (targets: ReadonlyArray<ParameterTarget>, point: PointValues): Record<string, number | string> => {
  const out: Record<string, number | string> = {};
  for (const t of targets) {
    if (!t.path.startsWith('train.')) continue;
    const v = valueOf(t, point);
    if (v !== undefined) out[t.path.slice('train.'.length)] = v;
  }
  return out;
};

/** The network with the point's `net.*` values applied; `Left` names a layer that does not exist. */
export const applyToNetwork = (net: Network, targets: ReadonlyArray<ParameterTarget>, point: PointValues): { ok: true; net: Network } | { ok: false; error: string } => {
  let layers: ReadonlyArray<Layer> = net.layers;
  const outs = new Map<string, number>();
  let width: number | undefined;
  for (const t of targets) {
    if (!t.path.startsWith('net.')) continue;
    const v = valueOf(t, point);
    if (typeof v !== 'number') return { ok: false, error: `${t.name}: ${t.path} takes a number` };
    const [, a, b, c, d] = t.path.split('.');
    if (a === 'batch') {
      const n = Math.round(v);
      if (n < 1) return { ok: false, error: `${t.name}: batch must be ≥ 1, got ${v}` };
      layers = layers.map((l) => ({ ...l, batch: n }));
    } else if (a === 'widthMultiplier') {
      if (!(v > 0)) return { ok: false, error: `${t.name}: the width multiplier must be > 0, got ${v}` };
      width = v;
    } else if ((a === 'bits' || a === 'density') && b !== undefined) {
      const r = annotate(a, tensorOf(b), v);
      if (r.error) return { ok: false, error: `${t.name}: ${r.error}` };
      layers = layers.map((l) => r.apply(l));
    } else if (a === 'layers' && b !== undefined) {
      const layer = layers.find((l) => l.name === b);
      if (layer === undefined) return { ok: false, error: `${t.name}: no layer '${b}' in ${net.name}` };
      if (c === 'outChannels' || c === 'outFeatures') {
        if (!isMacLayer(layer)) return { ok: false, error: `${t.name}: layer '${b}' has no ${c}` };
        const n = Math.round(v);
        if (n < 1) return { ok: false, error: `${t.name}: ${c} must be ≥ 1, got ${v}` };
        outs.set(b, n);
      } else if ((c === 'bits' || c === 'density') && d !== undefined) {
        const r = annotate(c, tensorOf(d), v);
        if (r.error) return { ok: false, error: `${t.name}: ${r.error}` };
        layers = layers.map((l) => (l.name === b ? r.apply(l) : l));
      }
    }
  }
  if (width !== undefined) {
    const macs = layers.filter(isMacLayer);
    const last = macs[macs.length - 1]?.name;
    // Channel counts stay multiples of every (non-depthwise) group count, so grouped layers still divide.
    const q = macs.reduce((acc, l) => (l.kind === 'conv2d' && l.groups > 1 && !(l.groups === l.inChannels && l.groups === l.outChannels) ? lcm(acc, l.groups) : acc), 1);
    for (const l of macs) {
      if (l.name === last || outs.has(l.name)) continue;
      outs.set(l.name, Math.max(q, Math.round((outOf(l) * width) / q) * q));
    }
  }
  const resized = outs.size > 0 ? resize(layers, outs) : layers;
  for (const l of resized) {
    if (l.kind === 'conv2d' && l.inChannels % l.groups !== 0) return { ok: false, error: `layer ${l.name}: ${l.inChannels} input channels do not divide into its ${l.groups} groups` };
  }
  return { ok: true, net: { ...net, layers: resized } };
};

/**
 * Change the output channels / features of some MAC layers; every consumer's input follows (convolutions'
 * input channels, a fully connected layer's flattened input, pool / add channels). A depthwise convolution
 * keeps channels = groups = its input's channels; a grouped one rounds its output channels up to a multiple of
 * its groups (`applyToNetwork` rejects a grouped layer whose new input channels do not divide).
 */
export const resize = (layers: ReadonlyArray<Layer>, outs: ReadonlyMap<string, number>): ReadonlyArray<Layer> => {
  const chans = new Map<string, { readonly old: number; readonly now: number }>();
  const inputChannels = (l: Layer, old: number): number => {
    if (l.inputs.length === 0) return old;
    const prod = l.inputs.map((n) => chans.get(n) ?? { old: 0, now: 0 });
    const so = l.kind === 'add' ? (prod[0]?.old ?? 0) : prod.reduce((a, p) => a + p.old, 0);
    const sn = l.kind === 'add' ? (prod[0]?.now ?? 0) : prod.reduce((a, p) => a + p.now, 0);
    return so === old ? sn : so > 0 && (old * sn) % so === 0 ? (old * sn) / so : old;
  };
  return layers.map((l): Layer => {
    if (l.kind === 'conv2d') {
      const inC = inputChannels(l, l.inChannels);
      const depthwise = l.groups > 1 && l.groups === l.inChannels && l.groups === l.outChannels;
      let out = depthwise ? inC : (outs.get(l.name) ?? l.outChannels);
      let groups = depthwise ? inC : l.groups;
      const inCh = inC;
      if (!depthwise && groups > 1 && out % groups !== 0) out = Math.ceil(out / groups) * groups;
      if (groups < 1) groups = 1;
      chans.set(l.name, { old: l.outChannels, now: out });
      const r: Conv2d = { ...l, inChannels: inCh, outChannels: out, groups };
      return r;
    }
    if (l.kind === 'fc') {
      const inF = inputChannels(l, l.inFeatures);
      const out = outs.get(l.name) ?? l.outFeatures;
      chans.set(l.name, { old: l.outFeatures, now: out });
      const r: FullyConnected = { ...l, inFeatures: inF, outFeatures: out };
      return r;
    }
    const ch = inputChannels(l, l.channels);
    chans.set(l.name, { old: l.channels, now: ch });
    return { ...l, channels: ch };
  });
};

/** Weight storage of a network in bits: Σ over MAC layers of ⌈weights · density_W⌉ · bits_W (metadata excluded). */
export const weightMemoryBits = (net: Network): number =>
  net.layers.filter(isMacLayer).reduce((acc, l) => acc + Math.ceil(weightCount(l) * l.density.W) * l.bits.W, 0);

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const valueOf = (t: ParameterTarget, point: PointValues): number | string | undefined => {
  const v = point[t.name];
  return typeof v === 'number' ? v * t.scale : v;
};

const isRec = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

const meshOf = (o: Record<string, unknown>): readonly [number, number] => {
  const m = o['mesh'];
  if (Array.isArray(m) && typeof m[0] === 'number' && typeof m[1] === 'number') return [m[0], m[1]];
  const n = typeof o['instances'] === 'number' ? o['instances'] : 1;
  return [n, 1];
};
const sameMesh = (a: readonly [number, number], b: readonly [number, number]): boolean => a[0] === b[0] && a[1] === b[1];

/** Set `value` at `keys` in `root` (creating mappings on the way); `levels.<NAME>` selects a level by name. */
const setPath = (root: Record<string, unknown>, keys: ReadonlyArray<string>, value: number): string | null => {
  let node: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const last = i === keys.length - 1;
    if (Array.isArray(node)) {
      const byName = node.findIndex((x) => isRec(x) && x['name'] === k);
      const idx = /^\d+$/.test(k) ? Number(k) : byName;
      if (idx < 0 || idx >= node.length) return `no entry '${k}' at arch.${keys.slice(0, i).join('.')}`;
      if (last) {
        node[idx] = value;
        return null;
      }
      node = node[idx];
      continue;
    }
    if (!isRec(node)) return `arch.${keys.slice(0, i).join('.')} is not a mapping`;
    if (last) {
      node[k] = Number.isInteger(value) ? value : value;
      return null;
    }
    if (node[k] === undefined) node[k] = {};
    node = node[k];
  }
  return null;
};

const tensorOf = (name: string): DataSpace => (name === 'weights' ? 'W' : name === 'inputs' ? 'I' : 'O');

const annotate = (what: 'bits' | 'density', t: DataSpace, v: number): { error?: string; apply: (l: Layer) => Layer } => {
  if (what === 'bits') {
    const b = Math.round(v);
    if (b < 1 || b > 64) return { error: `bits must be in 1..64, got ${v}`, apply: (l) => l };
    return {
      apply: (l) => (isMacLayer(l) ? { ...l, bits: { ...l.bits, [t]: b } } : t === 'I' ? { ...l, bits: b } : l),
    };
  }
  if (!(v > 0 && v <= 1)) return { error: `a density must be in (0, 1], got ${v}`, apply: (l) => l };
  return { apply: (l) => (isMacLayer(l) ? { ...l, density: { ...l.density, [t]: v } } : l) };
};

const outOf = (l: Conv2d | FullyConnected): number => (l.kind === 'fc' ? l.outFeatures : l.outChannels);

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;
