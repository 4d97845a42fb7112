/**
 * `codesim compare-dataflows [options]` (the option table is `COMPARE_COMMAND`)
 * Maps the network under each dataflow of the accelerator file (with its storage re-allocation) and
 * compares energy per MAC by level and tensor. Default arch: configs/eyeriss-256.yaml (ISCA'16 set-up).
 */
import * as E from 'fp-ts/lib/Either.js';
import { evaluateNetwork } from '../codesign/index.js';
import { withStorage } from '../config/index.js';
import { describeInvalid } from '../mapping/index.js';
import { compareEntry, compareText, type DataflowComparison } from '../report/index.js';
import { isMacLayer } from '../workload/index.js';
import { zooNames } from '../workload/index.js';
import { packageFile } from './io.js';
import { loadArch, loadNetwork } from './load.js';
import { mapLayers } from './mapLayers.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import { annotationFlags, batchFlag, networkOptions, SEARCH_OPTIONS, searchFlags } from './options.js';
import type { Out } from './out.js';
import { startProgress } from './progress.js';

/** The options of `codesim compare-dataflows` (parser and help are generated from this table). */
export const COMPARE_COMMAND: CommandDef = {
  name: 'compare-dataflows',
  summary: 'Maps the network under each dataflow of the accelerator file and compares energy per MAC by level and tensor.',
  options: [
    { name: 'arch', arg: 'FILE', help: 'accelerator YAML listing the dataflows to compare (default: configs/eyeriss-256.yaml)' },
    ...networkOptions(zooNames, "batch size (default: the network file's defaults.batch, else 1; the ISCA'16 comparison uses 16)"),
    { name: 'json', help: 'one JSON document on stdout (schema in README.md); progress stays on stderr' },
    ...SEARCH_OPTIONS.filter((o) => o.name !== 'dataflow'),
  ],
};

/** The generated help text (kept as an export for compatibility). */
export const COMPARE_USAGE = commandHelp(COMPARE_COMMAND).trimEnd();

export const compareCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseCommand(argv, COMPARE_COMMAND);
  if (E.isLeft(args)) return fail([`codesim compare-dataflows: ${args.left}`, usageLine(COMPARE_COMMAND)]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(commandHelp(COMPARE_COMMAND));
    return 0;
  }
  if (a.positional.length > 0) return fail([`codesim compare-dataflows: unexpected argument '${a.positional[0]}'`, usageLine(COMPARE_COMMAND)]);
  const sf = searchFlags(a);
  if (E.isLeft(sf)) return fail([`codesim compare-dataflows: ${sf.left}`]);
  const batchE = batchFlag(a);
  if (E.isLeft(batchE)) return fail([`codesim compare-dataflows: ${batchE.left}`]);
  const ann = annotationFlags(a);
  if (E.isLeft(ann)) return fail([`codesim compare-dataflows: ${ann.left}`]);
  for (const n of sf.right.notes) out.stderr(`codesim compare-dataflows: ${n}\n`);
  const loaded = await loadArch(a.values['arch'] ?? packageFile('configs/eyeriss-256.yaml'));
  if (E.isLeft(loaded)) return fail(loaded.left);
  if (loaded.right.dataflows.length === 0) return fail([`${loaded.right.file}:1:1: dataflows: the accelerator file defines no dataflows to compare`]);
  const netE = await loadNetwork(a.values['net'] ?? 'alexnet', batchE.right, ann.right);
  if (E.isLeft(netE)) return fail(netE.left.map((l) => (l.startsWith('--') ? `codesim compare-dataflows: ${l}` : l)));
  const net = netE.right;
  const batch = net.layers[0]?.batch ?? 1;
  const { objective, strategy, seed, jobs, budget } = sf.right;
  const rows: DataflowComparison[] = [];
  for (const [i, spec] of loaded.right.dataflows.entries()) {
    const progress = await startProgress(out, { label: `codesim compare-dataflows: ${spec.dataflow.name}`, total: net.layers.filter(isMacLayer).length, unit: 'layers' });
    const run = await mapLayers(loaded.right, net, i, { objective, strategy, seed, budget }, jobs, null, progress);
    if (E.isLeft(run)) return fail(run.left);
    const arch = withStorage(loaded.right.arch, spec);
    const res = evaluateNetwork(arch, net, new Map(run.right.layers.map((l) => [l.name, l.mapping])));
    if (E.isLeft(res)) return fail([`${loaded.right.file}:1:1: dataflows[${i}]: layer ${res.left.layer}: ${res.left.reasons.map(describeInvalid).join('; ')}`]);
    rows.push(compareEntry(spec.dataflow.name, spec.dataflow.description, loaded.right.arch.energyUnit, res.right));
  }
  if (a.booleans.has('json')) {
    out.stdout(JSON.stringify({ arch: loaded.right.arch.name, network: net.name, batch, energyUnit: loaded.right.arch.energyUnit, objective, strategy, dataflows: rows }, null, 2) + '\n');
    return 0;
  }
  out.stdout(`arch: ${loaded.right.arch.name}   network: ${net.name}   batch: ${batch}   mapper: ${strategy}, objective ${objective}\n\n${compareText(loaded.right.arch.energyUnit, rows)}\n`);
  return 0;
};
