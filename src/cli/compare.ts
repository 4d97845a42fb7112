/**
 * `codesim compare-dataflows [--arch FILE] [--net NAME|FILE] [--batch N] [--json] [search options]`
 * Maps the network under each dataflow of the accelerator file (with its storage re-allocation) and
 * compares energy per MAC by level and tensor. Default arch: configs/eyeriss-256.yaml (ISCA'16 set-up).
 */
import * as E from 'fp-ts/lib/Either.js';
import { evaluateNetwork } from '../codesign/index.js';
import { withStorage } from '../config/index.js';
import { describeInvalid } from '../mapping/index.js';
import { compareEntry, compareText, type DataflowComparison } from '../report/index.js';
import { parseArgs, positiveInt } from './args.js';
import type { Out } from './eval.js';
import { loadArch, loadNetwork } from './load.js';
import { mapLayers } from './mapLayers.js';
import { SEARCH_FLAGS, SEARCH_USAGE, searchFlags } from './options.js';
import { packageFile } from './io.js';

export const COMPARE_USAGE = `usage: codesim compare-dataflows [--arch FILE] [--net NAME|FILE] [--batch N] [--json] [search options]
  --arch FILE      accelerator YAML listing the dataflows to compare (default: configs/eyeriss-256.yaml)
  --net NAME|FILE  built-in network or network YAML (default: alexnet)
  --batch N        batch size (default 1; the ISCA'16 comparison uses 16)
${SEARCH_USAGE.split('\n').filter((l) => !l.includes('--dataflow')).join('\n')}`;

export const compareCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseArgs(argv, { values: ['arch', 'net', 'batch', ...SEARCH_FLAGS.filter((f) => f !== 'dataflow')], booleans: ['json', 'help'] });
  if (E.isLeft(args)) return fail([`codesim compare-dataflows: ${args.left}`, COMPARE_USAGE]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(COMPARE_USAGE + '\n');
    return 0;
  }
  const sf = searchFlags(a);
  if (E.isLeft(sf)) return fail([`codesim compare-dataflows: ${sf.left}`]);
  const batch = positiveInt('batch', a.values['batch'], 1);
  if (E.isLeft(batch)) return fail([`codesim compare-dataflows: ${batch.left}`]);
  const loaded = await loadArch(a.values['arch'] ?? packageFile('configs/eyeriss-256.yaml'));
  if (E.isLeft(loaded)) return fail(loaded.left);
  if (loaded.right.dataflows.length === 0) return fail([`${loaded.right.file}:1:1: dataflows: the accelerator file defines no dataflows to compare`]);
  const netE = await loadNetwork(a.values['net'] ?? 'alexnet', batch.right);
  if (E.isLeft(netE)) return fail(netE.left.map((l) => (l.startsWith('--') ? `codesim compare-dataflows: ${l}` : l)));
  const net = netE.right;
  const { objective, strategy, seed, jobs, budget } = sf.right;
  const rows: DataflowComparison[] = [];
  for (const [i, spec] of loaded.right.dataflows.entries()) {
    if (!a.booleans.has('json')) out.stderr(`mapping ${net.name} under ${spec.dataflow.name} …\n`);
    const run = await mapLayers(loaded.right, net, i, { objective, strategy, seed, budget }, jobs, null, null);
    if (E.isLeft(run)) return fail(run.left);
    const arch = withStorage(loaded.right.arch, spec);
    const res = evaluateNetwork(arch, net, new Map(run.right.layers.map((l) => [l.name, l.mapping])));
    if (E.isLeft(res)) return fail([`${loaded.right.file}:1:1: dataflows[${i}]: layer ${res.left.layer}: ${res.left.reasons.map(describeInvalid).join('; ')}`]);
    rows.push(compareEntry(spec.dataflow.name, spec.dataflow.description, loaded.right.arch.energyUnit, res.right));
  }
  if (a.booleans.has('json')) {
    out.stdout(JSON.stringify({ arch: loaded.right.arch.name, network: net.name, batch: batch.right, energyUnit: loaded.right.arch.energyUnit, objective, strategy, dataflows: rows }, null, 2) + '\n');
    return 0;
  }
  out.stdout(`arch: ${loaded.right.arch.name}   network: ${net.name}   batch: ${batch.right}   mapper: ${strategy}, objective ${objective}\n\n${compareText(loaded.right.arch.energyUnit, rows)}\n`);
  return 0;
};
