/**
 * `codesim train --net mnist-mlp|lenet5 --out FILE [--epochs N] [--seed S] [--optimizer sgd|adam] [--lr X]
 *  [--batch-size N] [--limit N] [--json]`
 *
 * Trains a zoo MNIST network on the training split of the `mnist` package's digits, evaluates it on the
 * held-out split, and writes the model file (docs/model-format.md). `--out` is checked writable before
 * training. The trainer and the data are loaded with dynamic imports, so other commands' start-up never
 * pays for them. Progress per epoch on stderr; stdout gets the summary (or only the JSON with `--json`).
 */
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { zooNetwork } from '../workload/index.js';
import { parseArgs, positiveInt } from './args.js';
import type { Out } from './out.js';
import { startProgress } from './progress.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The networks `train` accepts, with their default epochs. */
export const TRAIN_NETS: Readonly<Record<string, number>> = { 'mnist-mlp': 10, lenet5: 10 };

/** The command's options: flag, value name ('' for booleans), help text. */
const OPTIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['net', 'NAME', `network to train: ${Object.keys(TRAIN_NETS).join(' | ')} (required)`],
  ['out', 'FILE', 'model file to write (required; checked writable before training)'],
  ['epochs', 'N', `passes over the training digits (default: ${Object.entries(TRAIN_NETS).map(([n, e]) => `${n} ${e}`).join(', ')})`],
  ['seed', 'S', 'seed of the initialization and of the shuffling (default 1)'],
  ['optimizer', 'NAME', 'adam | sgd (default adam)'],
  ['lr', 'X', 'learning rate (default 0.001 for adam, 0.05 for sgd)'],
  ['batch-size', 'N', 'mini-batch size (default 32)'],
  ['limit', 'N', 'train on the first N training digits only (quick runs; the test split stays whole)'],
  ['json', '', 'one JSON document on stdout: { network, epochs, seed, trainAccuracy, testAccuracy, seconds }'],
  ['help', '', 'this text'],
];

export const TRAIN_USAGE = `usage: codesim train --net ${Object.keys(TRAIN_NETS).join('|')} --out FILE [--epochs N] [--seed S] [--optimizer sgd|adam] [--lr X] [--batch-size N] [--limit N] [--json]
${OPTIONS.map(([f, v, h]) => `  ${`--${f}${v ? ` ${v}` : ''}`.padEnd(18)} ${h}`).join('\n')}`;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const trainCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (msg: string, usage = false): number => {
    out.stderr(`codesim train: ${msg}\n${usage ? TRAIN_USAGE + '\n' : ''}`);
    return 2;
  };
  const args = parseArgs(argv, { values: OPTIONS.filter((o) => o[1] !== '').map((o) => o[0]), booleans: OPTIONS.filter((o) => o[1] === '').map((o) => o[0]) });
  if (E.isLeft(args)) return fail(args.left, true);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(TRAIN_USAGE + '\n');
    return 0;
  }
  if (a.positional.length > 0) return fail(`unexpected argument '${a.positional[0]}'`, true);
  const netName = a.values['net'];
  if (netName === undefined) return fail('--net is required', true);
  const defaultEpochs = TRAIN_NETS[netName];
  const net = zooNetwork(netName, { batch: 1 });
  if (defaultEpochs === undefined || net === undefined) return fail(`--net must be one of ${Object.keys(TRAIN_NETS).join(', ')}, got '${netName}'`);
  const outFile = a.values['out'];
  if (outFile === undefined) return fail('--out is required', true);
  const epochs = nonNegativeInt('epochs', a.values['epochs'], defaultEpochs);
  if (E.isLeft(epochs)) return fail(epochs.left);
  const seed = nonNegativeInt('seed', a.values['seed'], 1);
  if (E.isLeft(seed)) return fail(seed.left);
  const batchSize = positiveInt('batch-size', a.values['batch-size'], 32);
  if (E.isLeft(batchSize)) return fail(batchSize.left);
  const limit = positiveInt('limit', a.values['limit'], Number.MAX_SAFE_INTEGER);
  if (E.isLeft(limit)) return fail(limit.left);
  const optimizer = a.values['optimizer'] ?? 'adam';
  if (optimizer !== 'adam' && optimizer !== 'sgd') return fail(`--optimizer must be adam or sgd, got '${optimizer}'`);
  const lrText = a.values['lr'];
  const lr = lrText === undefined ? undefined : Number(lrText);
  if (lr !== undefined && !(Number.isFinite(lr) && lr > 0)) return fail(`--lr must be a positive number, got '${lrText}'`);
  const writable = await checkWritable(outFile);
  if (writable !== undefined) return out.stderr(`${outFile}:1:1: ${writable}\n`), 2;

  const t0 = performance.now();
  const tr = await import('../train/index.js');
  const split = tr.loadMnist();
  const data = tr.subset(split.train, limit.right);
  const progress = await startProgress(out, { label: `codesim train ${netName}`, total: epochs.right, unit: 'epochs', intervalMs: 0 });
  let model = tr.initModel(net, seed.right);
  model = tr.trainModel(
    net, model, data,
    { epochs: epochs.right, seed: seed.right, batchSize: batchSize.right, optimizer, ...(lr !== undefined ? { learningRate: lr } : {}) },
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
        `epochs ${epochs.right}, seed ${seed.right}, ${optimizer}, batch ${batchSize.right}`,
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

/** Why `file` cannot be written (its folder missing / not writable, or the file itself read-only), or undefined. */
const checkWritable = async (file: string): Promise<string | undefined> => {
  try {
    const s = await stat(file);
    if (s.isDirectory()) return 'is a directory';
    await access(file, constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return 'cannot write the model file (permission denied)';
    if (code !== 'ENOENT') return `cannot write the model file (${code ?? 'error'})`;
  }
  try {
    const d = await stat(dirname(file));
    if (!d.isDirectory()) return `cannot write the model file (${dirname(file)} is not a folder)`;
    await access(dirname(file), constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `cannot write the model file (no folder ${dirname(file)})` : 'cannot write the model file (permission denied)';
  }
};
