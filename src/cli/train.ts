/**
 * `codesim train --net mnist-mlp|lenet5 --out FILE [--epochs N] [--seed S] [--optimizer sgd|adam] [--lr X]
 *  [--batch-size N] [--limit N] [--json]`
 *
 * Trains a zoo MNIST network on the training split of the `mnist` package's digits, evaluates it on the
 * held-out split, and writes the model file (docs/model-format.md). `--out` is checked writable before
 * training. The trainer and the data are loaded with dynamic imports, so other commands' start-up never
 * pays for them. Progress per epoch on stderr; stdout gets the summary (or only the JSON with `--json`).
 */
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { zooNetwork } from '../workload/index.js';
import { positiveInt } from './args.js';
import { checkWritable } from './io.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import type { Out } from './out.js';
import { startProgress } from './progress.js';
import { recipeOf, TRAIN_NETS } from './trainRecipes.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export { TRAIN_NETS } from './trainRecipes.js';
const recipes = Object.entries(TRAIN_NETS);

/** The command's option table (parser and `--help` are generated from it). */
export const TRAIN_COMMAND: CommandDef = {
  name: 'train',
  summary: 'train mnist-mlp or lenet5 on real MNIST digits (the mnist package), evaluate on the held-out digits, write a model file',
  options: [
    { name: 'net', arg: 'NAME', help: `network to train: ${Object.keys(TRAIN_NETS).join(' | ')} (required)` },
    { name: 'out', arg: 'FILE', help: 'model file to write (required; checked writable before training; format: docs/model-format.md)' },
    { name: 'epochs', arg: 'N', help: `passes over the training digits (default: ${recipes.map(([n, r]) => `${n} ${r.epochs}`).join(', ')})` },
    { name: 'seed', arg: 'S', help: 'seed of the initialization, the shuffling and the shifts (default 1)' },
    { name: 'optimizer', arg: 'NAME', help: 'adam | sgd (default adam)' },
    { name: 'lr', arg: 'X', help: 'learning rate (default 0.001 for adam, 0.05 for sgd)' },
    { name: 'lr-decay', arg: 'X', help: `learning-rate factor per epoch, in (0, 1] (default: ${recipes.map(([n, r]) => `${n} ${r.lrDecay}`).join(', ')})` },
    { name: 'batch-size', arg: 'N', help: 'mini-batch size (default 32)' },
    { name: 'augment', arg: 'N', help: `translate each training image by a seeded random offset of up to ±N pixels, 0..4 (default: ${recipes.map(([n, r]) => `${n} ${r.augment}`).join(', ')})` },
    { name: 'limit', arg: 'N', help: 'train on the first N training digits only (quick runs; the test split stays whole)' },
    { name: 'json', help: 'only { network, epochs, seed, trainAccuracy, testAccuracy, seconds } on stdout' },
  ],
  notes: ['Progress per epoch on stderr. Data: 8,004 training / 1,996 held-out digits (README: Training on real digits).'],
};

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const trainCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (msg: string, usage = false): number => {
    out.stderr(`codesim train: ${msg}\n${usage ? usageLine(TRAIN_COMMAND) + '\n' : ''}`);
    return 2;
  };
  const args = parseCommand(argv, TRAIN_COMMAND);
  if (E.isLeft(args)) return fail(args.left, true);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(commandHelp(TRAIN_COMMAND));
    return 0;
  }
  if (a.positional.length > 0) return fail(`unexpected argument '${a.positional[0]}'`, true);
  const netName = a.values['net'];
  if (netName === undefined) return fail('--net is required', true);
  const recipe = recipeOf(netName);
  const net = zooNetwork(netName, { batch: 1 });
  if (recipe === undefined || net === undefined) return fail(`--net must be one of ${Object.keys(TRAIN_NETS).join(', ')}, got '${netName}'`);
  const outFile = a.values['out'];
  if (outFile === undefined) return fail('--out is required', true);
  const epochs = nonNegativeInt('epochs', a.values['epochs'], recipe.epochs);
  if (E.isLeft(epochs)) return fail(epochs.left);
  const seed = nonNegativeInt('seed', a.values['seed'], 1);
  if (E.isLeft(seed)) return fail(seed.left);
  const batchSize = positiveInt('batch-size', a.values['batch-size'], 32);
  if (E.isLeft(batchSize)) return fail(batchSize.left);
  const limit = positiveInt('limit', a.values['limit'], Number.MAX_SAFE_INTEGER);
  if (E.isLeft(limit)) return fail(limit.left);
  const augment = nonNegativeInt('augment', a.values['augment'], recipe.augment);
  if (E.isLeft(augment) || augment.right > 4) return fail(`--augment must be an integer in 0..4, got '${a.values['augment']}'`);
  const optimizer = a.values['optimizer'] ?? 'adam';
  if (optimizer !== 'adam' && optimizer !== 'sgd') return fail(`--optimizer must be adam or sgd, got '${optimizer}'`);
  const lrText = a.values['lr'];
  const lr = lrText === undefined ? undefined : Number(lrText);
  if (lr !== undefined && !(Number.isFinite(lr) && lr > 0)) return fail(`--lr must be a positive number, got '${lrText}'`);
  const decayText = a.values['lr-decay'];
  const decay = decayText === undefined ? recipe.lrDecay : Number(decayText);
  if (!(Number.isFinite(decay) && decay > 0 && decay <= 1)) return fail(`--lr-decay must be a number in (0, 1], got '${decayText}'`);
  const writable = await checkWritable(outFile);
  if (writable !== undefined) return out.stderr(`${outFile}:1:1: cannot write the model file: ${writable}\n`), 2;

  const t0 = performance.now();
  const tr = await import('../train/index.js');
  const split = tr.loadMnist();
  const data = tr.subset(split.train, limit.right);
  const progress = await startProgress(out, { label: `codesim train ${netName}`, total: epochs.right, unit: 'epochs', intervalMs: 0 });
  let model = tr.initModel(net, seed.right);
  model = tr.trainModel(
    net, model, data,
    { epochs: epochs.right, seed: seed.right, batchSize: batchSize.right, optimizer, augmentShift: augment.right, learningRateDecay: decay, ...(lr !== undefined ? { learningRate: lr } : {}) },
    (e, loss, acc) => {
      progress.update(e, `loss ${loss.toFixed(4)}, train accuracy ${(100 * acc).toFixed(2)}%`);
    },
  );
  progress.finish();
  const test = tr.evaluateModel(net, model, split.test);
  const trainAccuracy = tr.evaluateModel(net, model, data).accuracy;
  const seconds = (performance.now() - t0) / 1000;
  model = { ...model, meta: { ...model.meta, trainAccuracy, testAccuracy: test.accuracy } };
  try {
    await writeFile(outFile, tr.encodeModel(model));
  } catch (err) {
    return out.stderr(`${outFile}:1:1: cannot write the model file (${(err as NodeJS.ErrnoException).code ?? 'error'})\n`), 2;
  }
  const summary = { network: netName, epochs: epochs.right, seed: seed.right, trainAccuracy, testAccuracy: test.accuracy, seconds };
  if (a.booleans.has('json')) {
    out.stdout(JSON.stringify(summary, null, 2) + '\n');
  } else {
    out.stdout(
      [
        `trained ${netName} (${net.source})`,
        `data: ${data.n} training digits, ${split.test.n} held-out test digits — ${split.source}`,
        `epochs ${epochs.right}, seed ${seed.right}, ${optimizer}, batch ${batchSize.right}${augment.right > 0 ? `, shifts up to ±${augment.right} px` : ''}, lr ${lr ?? (optimizer === 'adam' ? 0.001 : 0.05)} × ${decay}^(epoch−1)`,
        `train accuracy ${(100 * trainAccuracy).toFixed(2)}%, test accuracy ${(100 * test.accuracy).toFixed(2)}% (test loss ${test.loss.toFixed(4)} nats)`,
        `${seconds.toFixed(1)} s; model written to ${outFile}`,
      ].join('\n') + '\n',
    );
  }
  return 0;
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const nonNegativeInt = (flag: string, v: string | undefined, dflt: number): E.Either<string, number> => {
  if (v === undefined) return E.right(dflt);
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? E.right(n) : E.left(`--${flag} must be a non-negative integer, got '${v}'`);
};
