/**
 * `codesim compare-dataflows [options]` (the option table is `COMPARE_COMMAND`)
 * Maps the network under each dataflow of the accelerator file (with its storage re-allocation) and
 * compares energy per MAC by level and tensor. Default arch: configs/eyeriss-256.yaml (ISCA'16 set-up).
 * `--rf-words LIST`: equal-storage mode — each dataflow gets the file's own RF + global-buffer capacity,
 * split as each RF size in LIST (words per PE) leaves it (`config/storageSplit.ts`), and keeps its best split.
 */
import * as E from 'fp-ts/lib/Either.js';
import { evaluateNetwork } from '../codesign/index.js';
import { decodeArch, decodeDataflows, equalStorageSplits, withSplitDoc, withStorage, type EqualStorage } from '../config/index.js';
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
    {
      name: 'rf-words', arg: 'LIST',
      help: "equal-storage comparison (ISCA'16 §VI-A, with capacity in place of area): each dataflow tries each RF size per PE in LIST (words, e.g. 16,64,256), the global buffer gets the rest of the file's own RF + buffer capacity, and the split with the lowest energy is kept (the dataflows' own storage re-allocations are ignored)",
    },
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
  const rfText = a.values['rf-words'];
  if (rfText !== undefined) {
    const rfWords = rfText.split(',').map((x) => Number(x.trim()));
    if (rfWords.length === 0 || rfWords.some((w) => !Number.isSafeInteger(w) || w < 1)) return fail([`codesim compare-dataflows: --rf-words: expected positive integers separated by commas (words per PE), got '${rfText}'`]);
    const eq = equalStorageSplits(loaded.right.arch, rfWords);
    if (E.isLeft(eq)) return fail([`${loaded.right.file}:1:1: levels: ${eq.left}`]);
    const rows: Array<DataflowComparison & { readonly storage: { readonly rfWords: number; readonly glbWords: number }; readonly splits: ReadonlyArray<{ rfWords: number; glbWords: number; energyPerMac: number }> }> = [];
    for (const [i, spec] of loaded.right.dataflows.entries()) {
      const tried: Array<{ rfWords: number; glbWords: number; energyPerMac: number; row: DataflowComparison }> = [];
      for (const split of eq.right.splits) {
        const doc = withSplitDoc(loaded.right.doc, eq.right, split);
        const arch = decodeArch(doc);
        const dfs = E.isRight(arch) ? decodeDataflows((doc as { dataflows?: unknown }).dataflows, arch.right) : null;
        if (E.isLeft(arch) || dfs === null || E.isLeft(dfs)) return fail([`${loaded.right.file}:1:1: the ${split.rfWords}-word RF split does not decode`]);
        const variant = { ...loaded.right, doc, arch: arch.right, dataflows: dfs.right };
        const progress = await startProgress(out, { label: `codesim compare-dataflows: ${spec.dataflow.name}, RF ${split.rfWords} words/PE`, total: net.layers.filter(isMacLayer).length, unit: 'layers' });
        const run = await mapLayers(variant, net, i, { objective, strategy, seed, budget }, jobs, null, progress);
        if (E.isLeft(run)) {
          out.stderr(`codesim compare-dataflows: ${spec.dataflow.name} with ${split.rfWords} RF words per PE: no mapping (${run.left[0] ?? ''}); split skipped\n`);
          continue;
        }
        const res = evaluateNetwork(variant.arch, net, new Map(run.right.layers.map((l) => [l.name, l.mapping])));
        if (E.isLeft(res)) continue;
        const row = compareEntry(spec.dataflow.name, spec.dataflow.description, loaded.right.arch.energyUnit, res.right);
        tried.push({ rfWords: split.rfWords, glbWords: split.glbWords, energyPerMac: row.energyPerMac, row });
      }
      const best = tried.reduce<(typeof tried)[number] | undefined>((b, x) => (b === undefined || x.energyPerMac < b.energyPerMac ? x : b), undefined);
      if (best === undefined) return fail([`${loaded.right.file}:1:1: dataflows[${i}]: no split maps the network`]);
      rows.push({ ...best.row, storage: { rfWords: best.rfWords, glbWords: best.glbWords }, splits: tried.map(({ rfWords, glbWords, energyPerMac }) => ({ rfWords, glbWords, energyPerMac })) });
    }
    const budgetKB = eq.right.budgetBits / 8 / 1024;
    if (a.booleans.has('json')) {
      out.stdout(JSON.stringify({ arch: loaded.right.arch.name, network: net.name, batch, energyUnit: loaded.right.arch.energyUnit, objective, strategy, equalStorage: { rf: eq.right.rf, glb: eq.right.glb, budgetKB, rfWords }, dataflows: rows }, null, 2) + '\n');
      return 0;
    }
    out.stdout(`arch: ${loaded.right.arch.name}   network: ${net.name}   batch: ${batch}   mapper: ${strategy}, objective ${objective}\n`);
    out.stdout(`equal storage: ${eq.right.rf} (per PE) + ${eq.right.glb} = ${budgetKB} kB for every dataflow; best split of RF sizes ${rfWords.join(', ')} words per PE\n\n`);
    out.stdout(`${compareText(loaded.right.arch.energyUnit, rows)}\n\n${splitText(eq.right, rows)}\n`);
    return 0;
  }
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

/** The splits each dataflow tried: energy per MAC (all MAC layers) by RF size, the chosen one marked `*`. */
const splitText = (eq: EqualStorage, rows: ReadonlyArray<{ readonly name: string; readonly storage: { readonly rfWords: number }; readonly splits: ReadonlyArray<{ rfWords: number; glbWords: number; energyPerMac: number }> }>): string => {
  const lines = [`energy per MAC (all MAC layers) by split: ${eq.rf} words per PE / ${eq.glb} words`];
  for (const r of rows) {
    lines.push(`  ${r.name}: ${r.splits.map((s) => `${s.rfWords}/${s.glbWords} ${s.energyPerMac.toPrecision(4)}${s.rfWords === r.storage.rfWords ? '*' : ''}`).join('   ')}`);
  }
  return lines.join('\n');
};
