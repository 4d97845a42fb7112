/**
 * Loading shared by the CLI commands: the accelerator file (with its dataflows) and the network (zoo name
 * or YAML file). Failures are ready-to-print lines (`file:line:col: path: message`).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import {
  decodeArch, decodeDataflows, decodeNetwork, formatPath, renderIssue,
  type ConfigIssue, type DataflowSpec, type LocatedIssue, type YamlSource,
} from '../config/index.js';
import { ZOO, zooNames, type Network } from '../workload/index.js';
import { packageFile, readYaml } from './io.js';

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

/** A zoo name, or a YAML file (anything with a path separator or a .yaml/.yml ending); `batch` overrides. */
export const loadNetwork = async (spec: string, batch: number): Promise<E.Either<ReadonlyArray<string>, Network>> => {
  const isFile = /\.(ya?ml)$/i.test(spec) || spec.includes('/');
  if (!isFile) {
    const make = ZOO[spec];
    if (!make) return E.left([`--net: unknown network '${spec}' (built-in: ${zooNames.join(', ')}; or give a .yaml file)`]);
    return E.right(make({ batch }));
  }
  const src = await readYaml(spec);
  if (E.isLeft(src)) return E.left(src.left.map(renderIssue));
  const net = decodeNetwork(src.right.doc);
  if (E.isLeft(net)) return E.left(located(src.right, spec, net.left).map(renderIssue));
  return E.right({ ...net.right, layers: net.right.layers.map((l) => ({ ...l, batch })) });
};

/** The dataflow a command uses: `--dataflow NAME`, else the file's first, else none (unconstrained). */
export const pickDataflow = (a: LoadedArch, name: string | undefined): E.Either<string, { readonly spec: DataflowSpec | null; readonly index: number }> => {
  if (name === undefined) return E.right(a.dataflows.length > 0 ? { spec: a.dataflows[0]!, index: 0 } : { spec: null, index: -1 });
  if (name === 'any') return E.right({ spec: null, index: -1 });
  const i = a.dataflows.findIndex((d) => d.dataflow.name === name);
  if (i < 0) return E.left(`--dataflow: '${name}' is not defined in ${a.file} (defined: ${[...a.dataflows.map((d) => d.dataflow.name), 'any'].join(', ')})`);
  return E.right({ spec: a.dataflows[i]!, index: i });
};
