/**
 * `codesim compress --model FILE --pipeline FILE.yaml [--arch FILE] [--out DIR] [--json] [--limit N]
 *  [--dataflow NAME] [--strategy heuristic|greedy]`
 *
 * Runs a compression pipeline (configs/pipelines/minerva.yaml; format: src/compress/pipeline.ts) on a trained
 * model (`codesim train --out`) and prints, per stage, a Minerva-style table: test accuracy, weights kept,
 * effectual MACs, energy by hierarchy level and total on the accelerator, savings × and cumulative.
 * `--out DIR` writes each stage's model file and network YAML (`codesim eval --net DIR/…net.yaml`).
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { decodePipeline } from '../compress/index.js';
import { runPipeline } from '../compress/index.js';
import { zooNetwork } from '../workload/index.js';
import { positiveInt } from './args.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import { compressJson, compressText } from './compressReport.js';
import { MAPPING_STRATEGIES, makeOutDir, measureFailureLines, RUN_OPTIONS, setup, writeModelAndNetwork } from './compressSetup.js';
import { readYaml } from './io.js';
import { located } from './load.js';
import { loadModel } from './loadModel.js';
import type { Out } from './out.js';
import { renderIssue } from '../config/index.js';

/** The command's option table (parser and `--help` are generated from it). */
export const COMPRESS_COMMAND: CommandDef = {
  name: 'compress',
  summary: 'run a compression pipeline (Minerva-style stages) on a trained model; per stage: accuracy, weights kept, effectual MACs, energy by level, savings',
  options: [
    { name: 'model', arg: 'FILE', help: 'trained model file (codesim train --out; required)' },
    { name: 'pipeline', arg: 'FILE', help: 'pipeline YAML, e.g. configs/pipelines/minerva.yaml (required)' },
    { name: 'arch', arg: 'FILE', help: 'accelerator YAML (default configs/eyeriss.yaml)' },
    { name: 'out', arg: 'DIR', help: "write each stage's model file and network YAML there" },
    ...RUN_OPTIONS,
    { name: 'json', help: 'one JSON document on stdout (schema in README.md)' },
  ],
  notes: ['Progress (one line per decision) on stderr. Pipeline format: src/compress/pipeline.ts (README: Compression).'],
};

export const compressCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>, usage = false): number => {
    out.stderr(lines.join('\n') + '\n' + (usage ? usageLine(COMPRESS_COMMAND) + '\n' : ''));
    return 2;
  };
  const args = parseCommand(argv, COMPRESS_COMMAND);
  if (E.isLeft(args)) return fail([`codesim compress: ${args.left}`], true);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(commandHelp(COMPRESS_COMMAND));
    return 0;
  }
  if (a.positional.length > 0) return fail([`codesim compress: unexpected argument '${a.positional[0]}'`], true);
  const modelFile = a.values['model'];
  const pipelineFile = a.values['pipeline'];
  if (modelFile === undefined) return fail(['codesim compress: --model is required'], true);
  if (pipelineFile === undefined) return fail(['codesim compress: --pipeline is required'], true);
  const limit = positiveInt('limit', a.values['limit'], Number.MAX_SAFE_INTEGER);
  if (E.isLeft(limit)) return fail([`codesim compress: ${limit.left}`]);
  const strategy = a.values['strategy'] ?? 'heuristic';
  if (!(MAPPING_STRATEGIES as ReadonlyArray<string>).includes(strategy)) return fail([`codesim compress: --strategy must be one of ${MAPPING_STRATEGIES.join(', ')}, got '${strategy}'`]);

  const src = await readYaml(pipelineFile);
  if (E.isLeft(src)) return fail(src.left.map(renderIssue));
  const pipeline = decodePipeline(src.right.doc);
  if (E.isLeft(pipeline)) return fail(located(src.right, pipelineFile, pipeline.left).map(renderIssue));
  const model = await loadModel(modelFile);
  if (E.isLeft(model)) return fail(model.left);
  const net = zooNetwork(model.right.network, { batch: 1 });
  if (net === undefined) return fail([`${modelFile}:1:1: network: unknown network '${model.right.network}'`]);
  const outDir = a.values['out'];
  if (outDir !== undefined) {
    const bad = await makeOutDir(outDir);
    if (bad !== undefined) return fail([bad]);
  }
  const s = await setup(a.values['arch'], a.values['dataflow'], strategy, net, limit.right, pipeline.right.seed, (line) => out.stderr(`codesim compress: ${line}\n`));
  if (E.isLeft(s)) return fail(s.left);
  const faultLevelsUnknown = pipeline.right.stages.flatMap((st, i) =>
    st.stage === 'fault-mitigation' && st.levels !== null
      ? st.levels.flatMap((l, j) => (s.right.target.arch.levels.some((x) => x.name === l) ? [] : [renderIssue({ file: pipelineFile, ...src.right.locate(['stages', i, 'levels', j]), path: `stages[${i}].levels[${j}]`, message: `no storage level '${l}' in ${s.right.loaded.file} (levels: ${s.right.target.arch.levels.map((x) => x.name).join(', ')})` })]))
      : [],
  );
  if (faultLevelsUnknown.length > 0) return fail(faultLevelsUnknown);
  out.stderr(`codesim compress: ${s.right.dataNote}\n`);

  const ran = runPipeline(s.right.ctx, model.right, pipeline.right);
  if (E.isLeft(ran)) return fail(measureFailureLines(s.right, ran.left));
  const run = ran.right;
  if (outDir !== undefined) {
    const written: string[] = [];
    for (const [i, st] of run.stages.entries()) written.push(...(await writeModelAndNetwork(s.right, outDir, `${i}-${st.name}`, st.state.model, st.measurement.network)));
    out.stderr(`codesim compress: wrote ${written.length} files to ${join(outDir)}\n`);
  }
  const arch = s.right.target.arch;
  out.stdout(a.booleans.has('json') ? JSON.stringify(compressJson(arch, run, s.right.dataNote), null, 2) + '\n' : compressText(arch, run, s.right.dataNote) + '\n');
  return 0;
};
