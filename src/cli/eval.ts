/**
 * `codesim eval [options]`: energy, latency and accesses of a network on an accelerator.
 * Defaults: --arch configs/eyeriss.yaml (shipped), --net alexnet, the network's batch (1 for built-ins), every
 * MAC layer mapped by the heuristic mapper under the file's first dataflow. Loads and decodes everything first,
 * evaluates (pure), renders, and writes the output once at the end, so a failure leaves nothing half-written.
 * Progress (mapping the layers) goes to stderr; stdout holds only the result.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import { evaluateNetwork } from '../codesign/index.js';
import { decodeMapping, encodeMapping, formatPath, renderIssue, withStorage, type YamlSource } from '../config/index.js';
import { describeInvalid, type Mapping } from '../mapping/index.js';
import { evalJson, evalText } from '../report/index.js';
import { isMacLayer, zooNames, type MacLayer } from '../workload/index.js';
import { readYaml } from './io.js';
import { loadArch, loadNetwork, located, noMappingLines, pickDataflow, residentLines } from './load.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import { annotationFlags, batchFlag, BATCH_HELP, EVAL_STRATEGY_OPTION, networkOptions, SEARCH_OPTIONS, searchFlags } from './options.js';
import type { Out } from './out.js';

export type { Out } from './out.js';

/** The options of `codesim eval` (parser and help are generated from this table). */
export const EVAL_COMMAND: CommandDef = {
  name: 'eval',
  summary: 'Energy, latency and accesses of a network on an accelerator (each MAC layer mapped by the mapper unless --mapping / --strategy greedy).',
  options: [
    { name: 'arch', arg: 'FILE', help: 'accelerator YAML (default: configs/eyeriss.yaml)' },
    ...networkOptions(zooNames, BATCH_HELP),
    { name: 'mapping', arg: 'FILE', help: "mapping YAML (per layer, or '*'); other layers are mapped by the mapper" },
    { name: 'json', help: 'one JSON document on stdout (schema in README.md); progress stays on stderr' },
    ...SEARCH_OPTIONS.map((o) => (o.name === 'strategy' ? EVAL_STRATEGY_OPTION : o)),
  ],
};

/** The generated help text of eval (kept as an export for compatibility). */
export const EVAL_USAGE = commandHelp(EVAL_COMMAND).trimEnd();

export const evalCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseCommand(argv, EVAL_COMMAND);
  if (E.isLeft(args)) return fail([`codesim eval: ${args.left}`, usageLine(EVAL_COMMAND)]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(commandHelp(EVAL_COMMAND));
    return 0;
  }
  if (a.positional.length > 0) return fail([`codesim eval: unexpected argument '${a.positional[0]}'`, usageLine(EVAL_COMMAND)]);
  const batch = batchFlag(a);
  if (E.isLeft(batch)) return fail([`codesim eval: ${batch.left}`]);
  const ann = annotationFlags(a);
  if (E.isLeft(ann)) return fail([`codesim eval: ${ann.left}`]);
  const sf = searchFlags(a, true);
  if (E.isLeft(sf)) return fail([`codesim eval: ${sf.left}`]);
  const greedy = sf.right.greedy;
  for (const n of sf.right.notes) out.stderr(`codesim eval: ${n}\n`);

  const loaded = await loadArch(a.values['arch']);
  if (E.isLeft(loaded)) return fail(loaded.left);
  const df = pickDataflow(loaded.right, sf.right.dataflow);
  if (E.isLeft(df)) return fail([`codesim eval: ${df.left}`]);
  if (greedy && df.right.spec !== null) {
    if (sf.right.dataflow !== undefined) {
      out.stderr(`codesim eval: note: --strategy greedy does not follow dataflow '${df.right.spec.dataflow.name}''s loop rules, only its storage allocation (use the mapper for the dataflow)\n`);
    }
  }
  const archFile = loaded.right.file;
  const arch: Arch = df.right.spec ? withStorage(loaded.right.arch, df.right.spec) : loaded.right.arch;

  const netE = await loadNetwork(a.values['net'] ?? 'alexnet', batch.right, ann.right);
  if (E.isLeft(netE)) return fail(netE.left.map((l) => (l.startsWith('--') ? `codesim eval: ${l}` : l)));
  const net = netE.right;
  const resident = residentLines(loaded.right, net);
  if (resident.length > 0) return fail(resident);

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
      // The mapper, the worker pool and the progress bar load only when there is something to map (start-up).
      const [{ mapLayers }, { startProgress }] = await Promise.all([import('./mapLayers.js'), import('./progress.js')]);
      const progress = await startProgress(out, { label: 'codesim eval: mapping', total: todo.length, unit: 'layers' });
      const run = await mapLayers(loaded.right, net, df.right.index, { objective, strategy, seed, budget }, jobs, todo, progress, true);
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
    // The greedy default mapping does not fit: say what blocks it (without dataflow rules: greedy ignores them).
    const l = net.layers.find((x): x is MacLayer => x.name === layer && isMacLayer(x));
    if (l !== undefined) return fail(noMappingLines(loaded.right, -1, [l], false));
    return fail(reasons.map((r) => renderIssue({ file: archFile, line: 1, col: 1, path: 'levels', message: `layer ${layer}: no valid mapping on this architecture: ${describeInvalid(r)}` })));
  }
  if (a.booleans.has('json')) {
    const doc = evalJson(arch, result.right);
    const byName = new Map(result.right.layers.flatMap((l) => (l.mapping ? [[l.name, l.mapping] as const] : [])));
    const encoded = encodeMapping(byName, arch).mappings;
    const entry = new Map([...byName.keys()].map((n, i) => [n, encoded[i]]));
    const layers = doc.layers.map((l) => ({ ...l, mapping: entry.get(l.name) ?? null, mappingOrigin: l.mapping }));
    out.stdout(JSON.stringify({ ...doc, layers }, null, 2) + '\n');
    return 0;
  }
  out.stdout(evalText(arch, result.right) + '\n');
  return 0;
};
