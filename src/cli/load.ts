/**
 * Loading shared by the CLI commands: the accelerator file (with its dataflows) and the network (zoo name
 * or YAML file). Failures are ready-to-print lines (`file:line:col: path: message`).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import { weightResidency } from '../codesign/index.js';
import {
  decodeArch, decodeDataflows, decodeNetwork, formatPath, renderIssue, withStorage,
  type ConfigIssue, type DataflowSpec, type LocatedIssue, type YamlSource,
} from '../config/index.js';
import { DATA_SPACE_NAMES } from '../core/index.js';
import { ANY_DATAFLOW, explainNoMapping } from '../mapping/index.js';
import { isMacLayer, problemMacs, toProblem, ZOO, zooNames, type Layer, type MacLayer, type Network } from '../workload/index.js';
import { packageFile, readYaml } from './io.js';
import type { Annotations } from './options.js';

export interface LoadedArch {
  readonly file: string;
  readonly doc: unknown;
  readonly arch: Arch;
  readonly dataflows: ReadonlyArray<DataflowSpec>;
  readonly src: YamlSource;
}

/** Decoding issues placed in a file. */
export const located = (src: YamlSource, file: string, issues: ReadonlyArray<ConfigIssue>): LocatedIssue[] =>
  issues.map((i) => ({ file, ...src.locate(i.path), path: formatPath(i.path), message: i.message }));

/** The default accelerator file shipped with the package. */
export const DEFAULT_ARCH = 'configs/eyeriss.yaml';

export const loadArch = async (file: string | undefined): Promise<E.Either<ReadonlyArray<string>, LoadedArch>> => {
  const path = file ?? packageFile(DEFAULT_ARCH);
  const src = await readYaml(path);
  if (E.isLeft(src)) return E.left(src.left.map(renderIssue));
  const arch = decodeArch(src.right.doc);
  if (E.isLeft(arch)) return E.left(located(src.right, path, arch.left).map(renderIssue));
  const dfs = decodeDataflows((src.right.doc as { dataflows?: unknown }).dataflows, arch.right);
  if (E.isLeft(dfs)) return E.left(located(src.right, path, dfs.left).map(renderIssue));
  return E.right({ file: path, doc: src.right.doc, arch: arch.right, dataflows: dfs.right, src: src.right });
};

/**
 * A zoo name, or a YAML file (anything with a path separator or a .yaml/.yml ending). `batch` (from
 * `--batch`), when given, overrides the file's `defaults.batch` (zoo networks: default 1); `annotations`
 * (`--bits`, `--density`) override every layer's. The result's counts are checked to stay exact
 * (`exactnessProblem`).
 */
export const loadNetwork = async (spec: string, batch?: number, annotations: Annotations = {}): Promise<E.Either<ReadonlyArray<string>, Network>> => {
  const isFile = /\.(ya?ml)$/i.test(spec) || spec.includes('/');
  let net: Network;
  let fileSrc: YamlSource | undefined;
  if (!isFile) {
    if (!Object.prototype.hasOwnProperty.call(ZOO, spec)) return E.left([`--net: unknown network '${spec}' (built-in: ${zooNames.join(', ')}; or give a .yaml file)`]);
    net = ZOO[spec]!({ batch: batch ?? 1 });
  } else {
    const src = await readYaml(spec);
    if (E.isLeft(src)) return E.left(src.left.map(renderIssue));
    const decoded = decodeNetwork(src.right.doc);
    if (E.isLeft(decoded)) return E.left(located(src.right, spec, decoded.left).map(renderIssue));
    fileSrc = src.right;
    net = batch === undefined ? decoded.right : { ...decoded.right, layers: decoded.right.layers.map((l) => ({ ...l, batch })) };
  }
  net = annotate(net, annotations);
  const problem = exactnessProblem(net);
  if (problem !== undefined) {
    if (batch === undefined && fileSrc !== undefined) {
      return E.left(located(fileSrc, spec, [{ path: ['defaults', 'batch'], message: problem }]).map(renderIssue));
    }
    return E.left([`${batch !== undefined ? `--batch ${batch}` : `--net ${spec}`}: ${problem}`]);
  }
  return E.right(net);
};

/**
 * Every count the model reports (MACs, accesses per level, tensor and action, cycles, and their sums over
 * layers) is a small multiple of the MACs; codesim keeps them exact in a double (below 2^53) by limiting a
 * network to `MAX_NETWORK_MACS` = 2^47 dense MACs (a factor 64 of headroom).
 */
export const MAX_NETWORK_MACS = 2 ** 47;

/** Why `net`'s counts would not be exact (too many MACs), with the largest batch that fits; else `undefined`. */
export const exactnessProblem = (net: Network): string | undefined => {
  const macLayers = net.layers.filter(isMacLayer);
  const total = macLayers.reduce((a, l) => a + problemMacs(toProblem(l)), 0);
  if (total <= MAX_NETWORK_MACS) return undefined;
  const batch = net.layers[0]?.batch ?? 1;
  const perSample = total / batch;
  const maxBatch = Math.floor(MAX_NETWORK_MACS / perSample);
  return `${net.name} at batch ${batch.toLocaleString('en-US')} has ${total.toExponential(3)} MACs, above the ${MAX_NETWORK_MACS.toLocaleString('en-US')} (2^47) that keeps every count exact (below 2^53); the largest batch for ${net.name} is ${maxBatch.toLocaleString('en-US')}`;
};

/** `net` with `--bits` / `--density` applied to every layer (pool / add layers take the input bit width). */
export const annotate = (net: Network, a: Annotations): Network => {
  if (a.bits === undefined && a.density === undefined) return net;
  return {
    ...net,
    layers: net.layers.map((l): Layer => {
      if (!isMacLayer(l)) return a.bits !== undefined ? { ...l, bits: a.bits.I } : l;
      const bits = a.bits ?? l.bits;
      const density = a.density !== undefined ? { ...l.density, W: a.density.W, I: a.density.I } : l.density;
      return { ...l, bits, density };
    }),
  };
};

/** The dataflow a command uses: `--dataflow NAME`, else the file's first, else none (unconstrained). */
export const pickDataflow = (a: LoadedArch, name: string | undefined): E.Either<string, { readonly spec: DataflowSpec | null; readonly index: number }> => {
  if (name === undefined) return E.right(a.dataflows.length > 0 ? { spec: a.dataflows[0]!, index: 0 } : { spec: null, index: -1 });
  if (name === 'any') return E.right({ spec: null, index: -1 });
  const i = a.dataflows.findIndex((d) => d.dataflow.name === name);
  if (i < 0) return E.left(`--dataflow: '${name}' is not defined in ${a.file} (defined: ${[...a.dataflows.map((d) => d.dataflow.name), 'any'].join(', ')})`);
  return E.right({ spec: a.dataflows[i]!, index: i });
};

/**
 * Located lines saying why no mapping of `layers` fits (issue 10 item 3): per blocker, the arch-file line of
 * the dataflow rule or level property that blocks it, what blocks it, and the way out. Layers with the same
 * blocker share one line. `greedyHint`: eval can also fall back to `--strategy greedy`.
 */
export const noMappingLines = (loaded: LoadedArch, dataflowIndex: number, layers: ReadonlyArray<MacLayer>, greedyHint: boolean): string[] => {
  const spec = dataflowIndex >= 0 ? loaded.dataflows[dataflowIndex] : undefined;
  const arch = spec !== undefined ? withStorage(loaded.arch, spec) : loaded.arch;
  const df = spec !== undefined ? spec.dataflow : ANY_DATAFLOW;
  const byLine = new Map<string, { readonly path: ReadonlyArray<string | number>; readonly message: string; readonly layers: string[] }>();
  const add = (path: ReadonlyArray<string | number>, message: string, layer: string): void => {
    const key = `${formatPath(path)}\u0000${message}`;
    const e = byLine.get(key);
    if (e !== undefined) e.layers.push(layer);
    else byLine.set(key, { path, message, layers: [layer] });
  };
  for (const layer of layers) {
    const ex = explainNoMapping(arch, toProblem(layer), df);
    if (ex._tag === 'SearchMissed') {
      add(spec !== undefined ? ['dataflows', dataflowIndex] : ['levels'], `the search found no mapping that fits, although one exists (${ex.example.origin}); way out: --strategy exhaustive, or another --seed`, layer.name);
      continue;
    }
    const wayOut = ex.dataflowOnly
      ? `way out: --dataflow any (no dataflow rules)${greedyHint ? ', or --strategy greedy (a simple valid mapping, no search)' : ''}${spec !== undefined ? `, or relax dataflow '${df.name}'` : ''}`
      : 'no mapping fits even without dataflow rules: enlarge the level';
    for (const b of ex.blockers) {
      const s = b.site;
      const path = s._tag === 'DataflowRule'
        ? ['dataflows', dataflowIndex, 'levels', s.level, s.slot, s.dim]
        : ['levels', Math.max(0, loaded.arch.levels.findIndex((l) => l.name === s.level)), ...(s.key === 'partitionWords' && s.tensor !== undefined ? ['partitionWords', DATA_SPACE_NAMES[s.tensor]] : [s.key])];
      add(path, `${b.message}; ${wayOut}`, layer.name);
    }
    if (ex.blockers.length === 0) add(['levels'], `no mapping fits this architecture; ${wayOut}`, layer.name);
  }
  return [...byLine.values()].map((e) => renderIssue({
    file: loaded.file, ...loaded.src.locate(e.path), path: formatPath(e.path),
    message: `layer${e.layers.length > 1 ? 's' : ''} ${e.layers.join(', ')}: no mapping fits: ${e.message}`,
  }));
};

/**
 * An on-chip backing store (levels[0] of kind sram) keeps the whole network resident across inferences, so all
 * MAC layers' weights must fit it at once (its weights partition, else its capacity): words per layer packed at
 * the layer's weight bits when `scaleAccessEnergyWithBits`, ⌈n · density⌉ when levels[0] stores weights
 * compressed (metadata excluded, as every capacity check). Located lines when they do not fit; none for a DRAM.
 */
export const residentLines = (loaded: LoadedArch, net: Network): string[] => {
  const r = weightResidency(loaded.arch, net);
  if (r === null || r.fits) return [];
  const l0 = loaded.arch.levels[0]!;
  const partition = r.limitedBy === 'partition';
  const path = partition ? ['levels', 0, 'partitionWords', 'weights'] : ['levels', 0, 'capacityWords'];
  return [renderIssue({
    file: loaded.file, ...loaded.src.locate(path), path: formatPath(path),
    message: `${l0.name} is an on-chip backing store (kind sram: the network resident across inferences), but the weights of ${net.name} need ${r.words.toLocaleString('en-US')} words together and ${partition ? 'its weights partition' : 'its capacity'} is ${r.capacityWords.toLocaleString('en-US')} words; way out: a larger ${partition ? 'partition' : 'capacityWords'}, or kind dram (weights fetched per inference)`,
  })];
};
