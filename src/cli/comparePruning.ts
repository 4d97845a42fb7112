/**
 * `codesim compare-pruning --arch FILE --net mnist-mlp|lenet5 [--model FILE] [--accuracy-drop 1] [--json]
 *  [--out DIR] [--limit N] …`
 *
 * Magnitude (Han'15) vs FLOP-based vs energy-aware (Yang'17) pruning of one trained model at one accuracy
 * budget: accuracy, weights kept, MACs kept, energy (total, by level, by tensor) and per-layer densities, and
 * each method's energy-vs-accuracy curve (its accepted steps) as JSON and, with `--out DIR`, DIR/curves.svg.
 * Without `--model` the baseline is trained first (seeded). Progress on stderr.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { PRUNE_METHODS, type PruneSettings } from '../compress/index.js';
import { comparePruning } from '../compress/index.js';
import { zooNetwork } from '../workload/index.js';
import { positiveInt } from './args.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import { compareJson, compareText } from './compressReport.js';
import { MAPPING_STRATEGIES, makeOutDir, measureFailureLines, RUN_OPTIONS, setup, writeModelAndNetwork } from './compressSetup.js';
import { loadModel } from './loadModel.js';
import type { Out } from './out.js';
import { recipeOf, recipeOptions, recipeText, TRAIN_NETS } from './trainRecipes.js';

const NETS = ['mnist-mlp', 'lenet5'];

/** The command's option table (parser and `--help` are generated from it). */
export const COMPARE_PRUNING_COMMAND: CommandDef = {
  name: 'compare-pruning',
  summary: 'magnitude vs FLOP-based vs energy-aware pruning of mnist-mlp or lenet5 at one accuracy budget, energy on an accelerator',
  options: [
    { name: 'arch', arg: 'FILE', help: 'accelerator YAML (default configs/eyeriss.yaml)' },
    { name: 'net', arg: 'NAME', help: `${NETS.join(' | ')} (required unless --model names it)` },
    { name: 'model', arg: 'FILE', help: 'trained model file to prune (default: train a baseline first, seeded)' },
    { name: 'accuracy-drop', arg: 'X', help: 'accuracy budget: points of validation accuracy below the baseline (default 1)' },
    { name: 'target-sparsity', arg: 'X', help: 'stop each method at this fraction of weights removed (default 0.95)' },
    { name: 'epochs', arg: 'N', help: `baseline training epochs when no --model (default: codesim train's, ${Object.entries(TRAIN_NETS).map(([k, r]) => `${k} ${r.epochs}`).join(', ')})` },
    { name: 'retrain-epochs', arg: 'N', help: 'epochs of retraining after each pruning step (default 1)' },
    { name: 'steps', arg: 'N', help: 'magnitude: sparsity steps up to the target (default 6)' },
    { name: 'step', arg: 'X', help: "flops / energy-aware: fraction of a layer's remaining weights cut per step (default 0.3)" },
    { name: 'max-rounds', arg: 'N', help: 'flops / energy-aware: most cuts tried (default 40)' },
    { name: 'seed', arg: 'S', help: 'seed of the baseline training and of every retraining (default 1)' },
    ...RUN_OPTIONS,
    { name: 'out', arg: 'DIR', help: "write curves.json, curves.svg and each method's model file and network YAML there" },
    { name: 'json', help: 'one JSON document on stdout (schema in README.md)' },
  ],
  notes: ["Without --model the baseline is trained first (seeded) with codesim train's recipe for the network, on the retraining digits. Progress on stderr. JSON schema: README.md (Compression)."],
};

const numberIn = (flag: string, v: string | undefined, dflt: number, ok: (n: number) => boolean, what: string): E.Either<string, number> => {
  if (v === undefined) return E.right(dflt);
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) && ok(n) ? E.right(n) : E.left(`--${flag} must be ${what}, got '${v}'`);
};

export const comparePruningCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>, usage = false): number => {
    out.stderr(lines.join('\n') + '\n' + (usage ? usageLine(COMPARE_PRUNING_COMMAND) + '\n' : ''));
    return 2;
  };
  const args = parseCommand(argv, COMPARE_PRUNING_COMMAND);
  if (E.isLeft(args)) return fail([`codesim compare-pruning: ${args.left}`], true);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(commandHelp(COMPARE_PRUNING_COMMAND));
    return 0;
  }
  if (a.positional.length > 0) return fail([`codesim compare-pruning: unexpected argument '${a.positional[0]}'`], true);
  const v = a.values;
  const nums = {
    drop: numberIn('accuracy-drop', v['accuracy-drop'], 1, (n) => n >= 0 && n <= 100, 'a number of points in [0, 100]'),
    target: numberIn('target-sparsity', v['target-sparsity'], 0.95, (n) => n >= 0 && n < 1, 'a fraction in [0, 1)'),
    step: numberIn('step', v['step'], 0.3, (n) => n > 0 && n < 1, 'a fraction in (0, 1)'),
    retrainEpochs: numberIn('retrain-epochs', v['retrain-epochs'], 1, (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer'),
    epochs: positiveInt('epochs', v['epochs'], 0), // 0: the network's recipe
    steps: positiveInt('steps', v['steps'], 6),
    maxRounds: positiveInt('max-rounds', v['max-rounds'], 40),
    seed: positiveInt('seed', v['seed'], 1),
    limit: positiveInt('limit', v['limit'], Number.MAX_SAFE_INTEGER),
  };
  for (const r of Object.values(nums)) if (E.isLeft(r)) return fail([`codesim compare-pruning: ${r.left}`]);
  const n = Object.fromEntries(Object.entries(nums).map(([k, r]) => [k, (r as E.Right<number>).right])) as Record<keyof typeof nums, number>;
  const strategy = v['strategy'] ?? 'heuristic';
  if (!(MAPPING_STRATEGIES as ReadonlyArray<string>).includes(strategy)) return fail([`codesim compare-pruning: --strategy must be one of ${MAPPING_STRATEGIES.join(', ')}, got '${strategy}'`]);

  let netName = v['net'];
  const modelFile = v['model'];
  if (netName !== undefined && !NETS.includes(netName)) return fail([`codesim compare-pruning: --net must be one of ${NETS.join(', ')}, got '${netName}'`]);
  const loadedModel = modelFile === undefined ? undefined : await loadModel(modelFile, netName);
  if (loadedModel !== undefined && E.isLeft(loadedModel)) return fail(loadedModel.left);
  if (loadedModel !== undefined && E.isRight(loadedModel)) netName = loadedModel.right.network;
  if (netName === undefined) return fail(['codesim compare-pruning: --net is required (or --model)'], true);
  const net = zooNetwork(netName, { batch: 1 });
  if (net === undefined || !NETS.includes(netName)) return fail([`codesim compare-pruning: --net must be one of ${NETS.join(', ')}, got '${netName}'`]);
  const outDir = v['out'];
  if (outDir !== undefined) {
    const bad = await makeOutDir(outDir);
    if (bad !== undefined) return fail([bad]);
  }
  const log = (line: string): void => out.stderr(`codesim compare-pruning: ${line}\n`);
  const s = await setup(v['arch'], v['dataflow'], strategy, net, n.limit, n.seed, log);
  if (E.isLeft(s)) return fail(s.left);
  log(s.right.dataNote);

  let model;
  if (loadedModel !== undefined && E.isRight(loadedModel)) model = loadedModel.right;
  else {
    const recipe = recipeOf(netName)!; // NETS are the recipe's networks
    const epochs = n.epochs === 0 ? recipe.epochs : n.epochs;
    log(`training the baseline ${netName} with codesim train's recipe: ${recipeText(recipe, epochs)}, seed ${n.seed}`);
    model = s.right.train.trainModel(net, s.right.train.initModel(net, n.seed), s.right.ctx.data.train, recipeOptions(recipe, n.seed, epochs), (e, loss, acc) =>
      log(`  epoch ${e}/${epochs}: loss ${loss.toFixed(4)}, train accuracy ${(100 * acc).toFixed(2)}%`),
    );
  }
  const settings: PruneSettings = {
    targetSparsity: n.target,
    accuracyDrop: n.drop,
    retrain: { epochs: n.retrainEpochs, optimizer: 'adam', learningRate: 0.0005, batchSize: 32 },
    steps: n.steps,
    step: n.step,
    maxRounds: n.maxRounds,
    refitSamples: 128,
  };
  const ran = comparePruning(s.right.ctx, model, settings, PRUNE_METHODS);
  if (E.isLeft(ran)) return fail(measureFailureLines(s.right, ran.left));
  const run = ran.right;
  const arch = s.right.target.arch;
  const doc = compareJson(arch, run, s.right.dataNote);
  if (outDir !== undefined) {
    const { curvesSvg } = await import('./curvesChart.js');
    await writeFile(join(outDir, 'curves.json'), JSON.stringify(doc.curves, null, 2) + '\n');
    await writeFile(join(outDir, 'curves.svg'), await curvesSvg(doc.curves, `${doc.network} on ${arch.name}: energy vs accuracy of each pruning method`, arch.energyUnit === 'pJ' ? 'pJ' : '×MAC'));
    await writeModelAndNetwork(s.right, outDir, `${netName}-baseline`, model, run.baseline.network);
    for (const m of run.methods) await writeModelAndNetwork(s.right, outDir, `${netName}-${m.method}`, m.run.model, m.measurement.network);
    log(`wrote curves.json, curves.svg and ${2 * (run.methods.length + 1)} model / network files to ${outDir}`);
  }
  out.stdout(a.booleans.has('json') ? JSON.stringify(doc, null, 2) + '\n' : compareText(arch, run, s.right.dataNote) + '\n');
  return 0;
};
