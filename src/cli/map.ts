/**
 * `codesim map [options]` (the option table is `MAP_COMMAND`)
 * The best mapping of each MAC layer under the accelerator's dataflow, its stats, how many mappings were
 * evaluated and how fast. `--out` writes a mapping file that `codesim eval --mapping` reads back.
 */
import { writeFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { stringify } from 'yaml';
import { encodeMapping } from '../config/index.js';
import { fmtNum, loopNestText, renderTable } from '../report/index.js';
import { isMacLayer, problemMacs, toProblem } from '../workload/index.js';
import { zooNames } from '../workload/index.js';
import { checkWritable } from './io.js';
import { loadArch, loadNetwork, pickDataflow, residentLines } from './load.js';
import { mapLayers } from './mapLayers.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import { annotationFlags, batchFlag, BATCH_HELP, networkOptions, SEARCH_OPTIONS, searchFlags } from './options.js';
import type { Out } from './out.js';
import { startProgress } from './progress.js';

/** The options of `codesim map` (parser and help are generated from this table). */
export const MAP_COMMAND: CommandDef = {
  name: 'map',
  summary: "The best mapping of each MAC layer under the accelerator's dataflow, its stats, and how fast the search ran.",
  options: [
    { name: 'arch', arg: 'FILE', help: 'accelerator YAML with its dataflows (default: configs/eyeriss.yaml)' },
    ...networkOptions(zooNames, BATCH_HELP),
    { name: 'layer', arg: 'NAME', help: 'map only this MAC layer (a comma-separated list also works)', repeatable: true },
    { name: 'out', arg: 'FILE', help: 'write the mappings as YAML (input of codesim eval --mapping); checked writable before the search' },
    { name: 'json', help: 'one JSON document on stdout (schema in README.md); progress stays on stderr' },
    ...SEARCH_OPTIONS,
  ],
};

/** The generated help text of map (kept as an export for compatibility). */
export const MAP_USAGE = commandHelp(MAP_COMMAND).trimEnd();

export const mapCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseCommand(argv, MAP_COMMAND);
  if (E.isLeft(args)) return fail([`codesim map: ${args.left}`, usageLine(MAP_COMMAND)]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(commandHelp(MAP_COMMAND));
    return 0;
  }
  if (a.positional.length > 0) return fail([`codesim map: unexpected argument '${a.positional[0]}'`, usageLine(MAP_COMMAND)]);
  const sf = searchFlags(a);
  if (E.isLeft(sf)) return fail([`codesim map: ${sf.left}`]);
  const batch = batchFlag(a);
  if (E.isLeft(batch)) return fail([`codesim map: ${batch.left}`]);
  const ann = annotationFlags(a);
  if (E.isLeft(ann)) return fail([`codesim map: ${ann.left}`]);
  for (const n of sf.right.notes) out.stderr(`codesim map: ${n}\n`);
  const outFile = a.values['out'];
  if (outFile !== undefined) {
    const w = await checkWritable(outFile);
    if (w !== undefined) return fail([`${outFile}:1:1: cannot write the mapping file: ${w} (checked before the search)`]);
  }
  const loaded = await loadArch(a.values['arch']);
  if (E.isLeft(loaded)) return fail(loaded.left);
  const netE = await loadNetwork(a.values['net'] ?? 'alexnet', batch.right, ann.right);
  if (E.isLeft(netE)) return fail(netE.left.map((l) => (l.startsWith('--') ? `codesim map: ${l}` : l)));
  const net = netE.right;
  const resident = residentLines(loaded.right, net);
  if (resident.length > 0) return fail(resident);
  const df = pickDataflow(loaded.right, sf.right.dataflow);
  if (E.isLeft(df)) return fail([`codesim map: ${df.left}`]);
  const only = a.values['layer'] ? [...new Set(a.values['layer'].split(',').map((x) => x.trim()))] : null;
  const macNames = net.layers.filter(isMacLayer).map((l) => l.name);
  for (const n of only ?? []) if (!macNames.includes(n)) return fail([`codesim map: --layer: no MAC layer '${n}' in ${net.name} (layers: ${macNames.join(', ')})`]);

  const { objective, strategy, seed, budget } = sf.right;
  const progress = await startProgress(out, { label: 'codesim map', total: only?.length ?? macNames.length, unit: 'layers' });
  const run = await mapLayers(loaded.right, net, df.right.index, { objective, strategy, seed, budget }, sf.right.jobs, only, progress);
  if (E.isLeft(run)) return fail(run.left);
  const r = run.right;
  const jobs = r.jobs;
  const arch = loaded.right.arch;
  const mappingsPerSecond = r.seconds > 0 ? r.evaluated / r.seconds : 0;
  const dfName = df.right.spec ? df.right.spec.dataflow.name : 'any';
  if (outFile !== undefined) {
    const text = `# codesim map: ${net.name} on ${arch.name}, dataflow ${dfName}, objective ${objective}, strategy ${strategy}\n` +
      stringify(encodeMapping(new Map(r.layers.map((l) => [l.name, l.mapping])), arch));
    try {
      await writeFile(outFile, text);
    } catch (err) {
      return fail([`${outFile}:1:1: cannot write the mapping file (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
  }
  if (a.booleans.has('json')) {
    const enc = encodeMapping(new Map(r.layers.map((l) => [l.name, l.mapping])), arch).mappings;
    out.stdout(JSON.stringify({
      arch: arch.name, network: net.name, dataflow: dfName, objective, strategy, energyUnit: arch.energyUnit,
      layers: r.layers.map((l, i) => ({ name: l.name, mapping: enc[i], energy: l.energy, cycles: l.cycles, mappingsEvaluated: l.evaluated, complete: l.complete, seconds: l.ms / 1000 })),
      mappingsEvaluated: r.evaluated, mappingsPerSecond, seconds: r.seconds, jobs,
    }, null, 2) + '\n');
    return 0;
  }
  const tag = arch.energyUnit === 'pJ' ? 'pJ' : '×MAC';
  const byName = new Map(net.layers.filter(isMacLayer).map((l) => [l.name, problemMacs(toProblem(l))]));
  const rows = r.layers.map((l) => [l.name, fmtNum(byName.get(l.name)!), fmtNum(l.energy), fmtNum(l.energy / byName.get(l.name)!), fmtNum(l.cycles), fmtNum(l.evaluated), (l.ms / 1000).toFixed(2)]);
  out.stdout([
    `arch: ${arch.name}   network: ${net.name}   dataflow: ${dfName}   objective: ${objective}   strategy: ${strategy}${strategy === 'heuristic' ? ` (seed ${seed})` : ''}`,
    '',
    renderTable(['layer', 'MACs', `energy [${tag}]`, `[${tag}]/MAC`, 'cycles', 'mappings evaluated', 'search [s]'], rows),
    '',
    ...r.layers.flatMap((l) => [`${l.name}:${l.complete ? '' : ' (exhaustive search stopped at its budget)'}`, loopNestText(arch, l.mapping)]),
    '',
    `${fmtNum(r.evaluated)} mappings evaluated in ${r.seconds.toFixed(2)} s (${fmtNum(Math.round(mappingsPerSecond))} mappings/s, ${jobs} worker${jobs > 1 ? 's' : ''})` +
      (outFile ? `; mappings written to ${outFile}` : ''),
  ].join('\n') + '\n');
  return 0;
};
