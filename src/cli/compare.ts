/**
 * `codesim compare-dataflows [options]` (the option table is `COMPARE_COMMAND`)
 * Maps the network under each dataflow of the accelerator file (with its storage re-allocation) and
 * compares energy per MAC by level and tensor. Default arch: configs/eyeriss-256.yaml (ISCA'16 set-up).
 * `--rf-words LIST`: each dataflow tries each RF size in LIST (words per PE), the global buffer gets what the
 * file's own RF + global buffer leave, and keeps its best split. `--equal area` (the default when the file's area
 * model prices both levels): the same storage AREA (`config/areaSplit.ts`, ISCA'16 §VI-A); `--equal storage`
 * (the default otherwise): the same bits (`config/storageSplit.ts`).
 */
import * as E from 'fp-ts/lib/Either.js';
import { evaluateNetwork } from '../codesign/index.js';
import { decodeArch, decodeArea, decodeDataflows, equalAreaSplits, equalStorageSplits, pricesRfAndGlb, renderIssue, withSplitDoc, withStorage, type StorageSplit } from '../config/index.js';
import { describeInvalid } from '../mapping/index.js';
import { compareEntry, compareText, type DataflowComparison } from '../report/index.js';
import { isMacLayer } from '../workload/index.js';
import { zooNames } from '../workload/index.js';
import { packageFile } from './io.js';
import { loadArch, loadNetwork, located } from './load.js';
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
      help: "equal-resource comparison (ISCA'16 §VI-A): each dataflow tries each RF size per PE in LIST (words, e.g. 16,64,256), the global buffer gets the rest of the file's own RF + buffer budget (see --equal), and the split with the lowest energy is kept (the dataflows' own storage re-allocations are ignored)",
    },
    {
      name: 'equal', arg: 'MODE',
      help: "with --rf-words, the budget every split shares: `area` = the file's own RF + buffer area under its area model (an RF byte costs more than a buffer byte; the default when the model prices both levels) or `storage` = the same bits (the default otherwise)",
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
  const equalFlag = a.values['equal'];
  if (equalFlag !== undefined && equalFlag !== 'area' && equalFlag !== 'storage') return fail([`codesim compare-dataflows: --equal: expected area or storage, got '${equalFlag}'`]);
  if (equalFlag !== undefined && rfText === undefined) return fail([`codesim compare-dataflows: --equal ${equalFlag} needs --rf-words LIST (the RF sizes to compare)`]);
  if (rfText !== undefined) {
    const rfWords = rfText.split(',').map((x) => Number(x.trim()));
    if (rfWords.length === 0 || rfWords.some((w) => !Number.isSafeInteger(w) || w < 1)) return fail([`codesim compare-dataflows: --rf-words: expected positive integers separated by commas (words per PE), got '${rfText}'`]);
    const model = decodeArea((loaded.right.doc as { area?: unknown }).area, loaded.right.arch);
    if (E.isLeft(model)) return fail(located(loaded.right.src, loaded.right.file, model.left).map(renderIssue));
    const mode = equalFlag ?? (pricesRfAndGlb(model.right, loaded.right.arch) ? 'area' : 'storage');
    let eq: E.Either<string, { readonly rf: string; readonly glb: string; readonly splits: ReadonlyArray<StorageSplit> }>;
    let budgetJson: Record<string, unknown>;
    let budgetLine: string;
    if (mode === 'area') {
      if (model.right === null) return fail([`${loaded.right.file}:1:1: area: --equal area needs an area model (an area: section pricing the RF and the global buffer per kB)`]);
      const ea = equalAreaSplits(loaded.right.arch, model.right, rfWords);
      if (E.isLeft(ea)) return fail([`${loaded.right.file}:1:1: area: ${ea.left}`]);
      eq = ea;
      const { rf, glb, budgetMm2, rfMm2PerKB, glbMm2PerKB } = ea.right;
      budgetJson = { equalArea: { rf, glb, budgetMm2, rfMm2PerKB, glbMm2PerKB, source: model.right.source, rfWords } };
      budgetLine = `equal area: ${rf} (per PE) + ${glb} = ${budgetMm2.toPrecision(6)} mm² of storage for every dataflow (${rf} ${rfMm2PerKB} mm²/kB, ${glb} ${glbMm2PerKB} mm²/kB, linear; ${model.right.source})`;
    } else {
      const es = equalStorageSplits(loaded.right.arch, rfWords);
      if (E.isLeft(es)) return fail([`${loaded.right.file}:1:1: levels: ${es.left}`]);
      eq = es;
      const budgetKB = es.right.budgetBits / 8 / 1024;
      budgetJson = { equalStorage: { rf: es.right.rf, glb: es.right.glb, budgetKB, rfWords } };
      budgetLine = `equal storage: ${es.right.rf} (per PE) + ${es.right.glb} = ${budgetKB} kB for every dataflow`;
    }
    const dropped = rfWords.filter((r) => !eq.right.splits.some((x) => x.rfWords === r));
    if (dropped.length > 0) out.stderr(`codesim compare-dataflows: RF ${dropped.join(', ')} words per PE leave${dropped.length === 1 ? 's' : ''} no room for ${eq.right.glb} in the budget: skipped\n`);
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
    if (a.booleans.has('json')) {
      out.stdout(JSON.stringify({ arch: loaded.right.arch.name, network: net.name, batch, energyUnit: loaded.right.arch.energyUnit, objective, strategy, ...budgetJson, dataflows: rows }, null, 2) + '\n');
      return 0;
    }
    out.stdout(`arch: ${loaded.right.arch.name}   network: ${net.name}   batch: ${batch}   mapper: ${strategy}, objective ${objective}\n`);
    out.stdout(`${budgetLine}; best split of RF sizes ${rfWords.join(', ')} words per PE\n\n`);
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
const splitText = (eq: { readonly rf: string; readonly glb: string }, rows: ReadonlyArray<{ readonly name: string; readonly storage: { readonly rfWords: number }; readonly splits: ReadonlyArray<{ rfWords: number; glbWords: number; energyPerMac: number }> }>): string => {
  const lines = [`energy per MAC (all MAC layers) by split: ${eq.rf} words per PE / ${eq.glb} words`];
  for (const r of rows) {
    lines.push(`  ${r.name}: ${r.splits.map((s) => `${s.rfWords}/${s.glbWords} ${s.energyPerMac.toPrecision(4)}${s.rfWords === r.storage.rfWords ? '*' : ''}`).join('   ')}`);
  }
  return lines.join('\n');
};
