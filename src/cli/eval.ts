/**
 * `codesim eval [--arch FILE] [--net NAME|FILE] [--mapping FILE] [--batch N] [--json]`
 * Defaults: --arch configs/eyeriss.yaml (shipped), --net alexnet, batch 1, the default mapping per layer.
 * Loads and decodes everything first, evaluates (pure), renders, and writes the output once at the end, so a
 * failure leaves nothing half-written.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import { evaluateNetwork } from '../codesign/index.js';
import { decodeArch } from '../config/arch.js';
import { formatPath, type ConfigIssue } from '../config/issue.js';
import { decodeMapping } from '../config/mapping.js';
import { decodeNetwork } from '../config/network.js';
import { renderIssue, type LocatedIssue, type YamlSource } from '../config/yamlSource.js';
import { describeInvalid, type Mapping } from '../mapping/index.js';
import { evalJson, evalText } from '../report/index.js';
import type { Network } from '../workload/index.js';
import { ZOO, zooNames } from '../workload/zoo/index.js';
import { parseArgs, positiveInt } from './args.js';
import { packageFile, readYaml } from './io.js';

export interface Out {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

export const EVAL_USAGE = `usage: codesim eval [--arch FILE] [--net NAME|FILE] [--mapping FILE] [--batch N] [--json]
  --arch FILE      accelerator YAML (default: configs/eyeriss.yaml)
  --net NAME|FILE  built-in network (${zooNames.join(', ')}) or a network YAML file (default: alexnet)
  --mapping FILE   mapping YAML (per layer, or '*'); layers without one get the default mapping
  --batch N        batch size (default 1; overrides the batch of every layer of a YAML network)
  --json           one JSON document on stdout (schema in README.md)`;

const located = (src: YamlSource, file: string, issues: ReadonlyArray<ConfigIssue>): LocatedIssue[] =>
  issues.map((i) => ({ file, ...src.locate(i.path), path: formatPath(i.path), message: i.message }));

/** Load a network: a zoo name, or a YAML file (anything with a path separator or a .yaml/.yml ending). */
const loadNetwork = async (spec: string, batch: number): Promise<E.Either<ReadonlyArray<LocatedIssue> | string, Network>> => {
  const isFile = /\.(ya?ml)$/i.test(spec) || spec.includes('/');
  if (!isFile) {
    const make = ZOO[spec];
    if (!make) return E.left(`--net: unknown network '${spec}' (built-in: ${zooNames.join(', ')}; or give a .yaml file)`);
    return E.right(make({ batch }));
  }
  const src = await readYaml(spec);
  if (E.isLeft(src)) return src;
  const net = decodeNetwork(src.right.doc);
  if (E.isLeft(net)) return E.left(located(src.right, spec, net.left));
  return E.right({ ...net.right, layers: net.right.layers.map((l) => ({ ...l, batch })) });
};

export const evalCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseArgs(argv, { values: ['arch', 'net', 'mapping', 'batch'], booleans: ['json', 'help'] });
  if (E.isLeft(args)) return fail([`codesim eval: ${args.left}`, EVAL_USAGE]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(EVAL_USAGE + '\n');
    return 0;
  }
  if (a.positional.length > 0) return fail([`codesim eval: unexpected argument '${a.positional[0]}'`, EVAL_USAGE]);
  const batch = positiveInt('batch', a.values['batch'], 1);
  if (E.isLeft(batch)) return fail([`codesim eval: ${batch.left}`]);

  const archFile = a.values['arch'] ?? packageFile('configs/eyeriss.yaml');
  const archSrc = await readYaml(archFile);
  if (E.isLeft(archSrc)) return fail(archSrc.left.map(renderIssue));
  const archE = decodeArch(archSrc.right.doc);
  if (E.isLeft(archE)) return fail(located(archSrc.right, archFile, archE.left).map(renderIssue));
  const arch: Arch = archE.right;

  const netE = await loadNetwork(a.values['net'] ?? 'alexnet', batch.right);
  if (E.isLeft(netE)) return fail(typeof netE.left === 'string' ? [`codesim eval: ${netE.left}`] : netE.left.map(renderIssue));
  const net = netE.right;

  let mappings: ReadonlyMap<string, Mapping> = new Map();
  let mappingSrc: YamlSource | null = null;
  const mappingFile = a.values['mapping'];
  if (mappingFile !== undefined) {
    const src = await readYaml(mappingFile);
    if (E.isLeft(src)) return fail(src.left.map(renderIssue));
    const m = decodeMapping(src.right.doc, arch, net.layers.map((l) => l.name));
    if (E.isLeft(m)) return fail(located(src.right, mappingFile, m.left).map(renderIssue));
    mappings = m.right;
    mappingSrc = src.right;
  }

  const result = evaluateNetwork(arch, net, mappings);
  if (E.isLeft(result)) {
    const { layer, reasons } = result.left;
    if (mappingSrc && mappingFile && mappings.has(layer)) {
      // Point at the mapping entry that produced the invalid mapping.
      const entries = (mappingSrc.doc as { mappings?: Array<{ layer?: unknown }> }).mappings ?? [];
      let i = entries.findIndex((e) => e?.layer === layer);
      if (i < 0) i = entries.findIndex((e) => e?.layer === '*');
      const path = ['mappings', Math.max(0, i)];
      return fail(reasons.map((r) => renderIssue({ file: mappingFile, ...mappingSrc!.locate(path), path: formatPath(path), message: `layer ${layer}: ${describeInvalid(r)}` })));
    }
    return fail(reasons.map((r) => renderIssue({ file: archFile, line: 1, col: 1, path: 'levels', message: `layer ${layer}: no valid default mapping on this architecture: ${describeInvalid(r)}` })));
  }
  out.stdout(a.booleans.has('json') ? JSON.stringify(evalJson(arch, result.right), null, 2) + '\n' : evalText(arch, result.right) + '\n');
  return 0;
};
