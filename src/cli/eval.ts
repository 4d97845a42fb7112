/**
 * `codesim eval [--arch FILE] [--net NAME|FILE] [--mapping FILE] [--batch N] [--json]`
 * Defaults: --arch configs/eyeriss.yaml (shipped), --net alexnet, batch 1, the default mapping per layer.
 * Loads and decodes everything first, evaluates (pure), renders, and writes the output once at the end, so a
 * failure leaves nothing half-written.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import { evaluateNetwork } from '../codesign/index.js';
import { decodeMapping, formatPath, renderIssue, withStorage, type YamlSource } from '../config/index.js';
import { describeInvalid, type Mapping } from '../mapping/index.js';
import { evalJson, evalText } from '../report/index.js';
import { isMacLayer, zooNames } from '../workload/index.js';
import { parseArgs, positiveInt } from './args.js';
import { readYaml } from './io.js';
import { loadArch, loadNetwork, located, pickDataflow } from './load.js';
import { mapLayers } from './mapLayers.js';
import { SEARCH_FLAGS, SEARCH_USAGE, searchFlags } from './options.js';
import type { Out } from './out.js';

export type { Out } from './out.js';

export const EVAL_USAGE = `usage: codesim eval [--arch FILE] [--net NAME|FILE] [--mapping FILE] [--batch N] [--json] [search options]
  --arch FILE      accelerator YAML (default: configs/eyeriss.yaml)
  --net NAME|FILE  built-in network (${zooNames.join(', ')}) or a network YAML file (default: alexnet)
  --mapping FILE   mapping YAML (per layer, or '*'); other layers are mapped by the mapper
  --batch N        batch size (default 1; overrides the batch of every layer of a YAML network)
  --json           one JSON document on stdout (schema in README.md)
  --strategy greedy  no search: a simple valid mapping per layer (fast, not the best)
${SEARCH_USAGE}`;

export const evalCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseArgs(argv, { values: ['arch', 'net', 'mapping', 'batch', ...SEARCH_FLAGS], booleans: ['json', 'help'] });
  if (E.isLeft(args)) return fail([`codesim eval: ${args.left}`, EVAL_USAGE]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(EVAL_USAGE + '\n');
    return 0;
  }
  if (a.positional.length > 0) return fail([`codesim eval: unexpected argument '${a.positional[0]}'`, EVAL_USAGE]);
  const batch = positiveInt('batch', a.values['batch'], 1);
  if (E.isLeft(batch)) return fail([`codesim eval: ${batch.left}`]);
  const greedy = a.values['strategy'] === 'greedy';
  const sf = searchFlags(greedy ? { ...a, values: { ...a.values, strategy: 'heuristic' } } : a);
  if (E.isLeft(sf)) return fail([`codesim eval: ${sf.left}`]);

  const loaded = await loadArch(a.values['arch']);
  if (E.isLeft(loaded)) return fail(loaded.left);
  const df = pickDataflow(loaded.right, sf.right.dataflow);
  if (E.isLeft(df)) return fail([`codesim eval: ${df.left}`]);
  const archFile = loaded.right.file;
  const arch: Arch = df.right.spec ? withStorage(loaded.right.arch, df.right.spec) : loaded.right.arch;

  const netE = await loadNetwork(a.values['net'] ?? 'alexnet', batch.right);
  if (E.isLeft(netE)) return fail(netE.left.map((l) => (l.startsWith('--') ? `codesim eval: ${l}` : l)));
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
  const userMapped = new Set(mappings.keys());
  if (!greedy) {
    const todo = net.layers.filter(isMacLayer).map((l) => l.name).filter((n) => !userMapped.has(n));
    if (todo.length > 0) {
      const { objective, strategy, seed, jobs, budget } = sf.right;
      const run = await mapLayers(loaded.right, net, df.right.index, { objective, strategy, seed, budget }, jobs, todo, null);
      if (E.isLeft(run)) return fail(run.left);
      mappings = new Map([...mappings, ...run.right.layers.map((l) => [l.name, l.mapping] as const)]);
    }
  }

  const result = evaluateNetwork(arch, net, mappings);
  if (E.isLeft(result)) {
    const { layer, reasons } = result.left;
    if (mappingSrc && mappingFile && userMapped.has(layer)) {
      // Point at the mapping entry that produced the invalid mapping.
      const entries = (mappingSrc.doc as { mappings?: Array<{ layer?: unknown }> }).mappings ?? [];
      let i = entries.findIndex((e) => e?.layer === layer);
      if (i < 0) i = entries.findIndex((e) => e?.layer === '*');
      const path = ['mappings', Math.max(0, i)];
      return fail(reasons.map((r) => renderIssue({ file: mappingFile, ...mappingSrc!.locate(path), path: formatPath(path), message: `layer ${layer}: ${describeInvalid(r)}` })));
    }
    return fail(reasons.map((r) => renderIssue({ file: archFile, line: 1, col: 1, path: 'levels', message: `layer ${layer}: no valid mapping on this architecture: ${describeInvalid(r)}` })));
  }
  out.stdout(a.booleans.has('json') ? JSON.stringify(evalJson(arch, result.right), null, 2) + '\n' : evalText(arch, result.right) + '\n');
  return 0;
};
