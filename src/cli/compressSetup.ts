/**
 * What `compress` and `compare-pruning` share: the accelerator and its dataflow, the MNIST data split into
 * retraining / validation / test sets (with `--limit N` for quick runs), the trainer (loaded by dynamic
 * import, so other commands never pay for it), the compression context, and writing results to `--out DIR`.
 *
 * Data: the `train` split of `loadMnist` minus its last 1,000 digits is the retraining set; those 1,000 are
 * the VALIDATION set every accept/reject decision is taken on; the held-out `test` split is only reported.
 * `--limit N`: the first N retraining digits, the first ⌈N/4⌉ validation digits and the first N test digits.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import YAML from 'yaml';
import { targetChooser, type EnergyTarget, type MeasureFailure } from '../compress/index.js';
import type { CompressContext } from '../compress/index.js';
import { withStorage } from '../config/index.js';
import { encodeNetwork } from '../config/index.js';
import { ANY_DATAFLOW, explainNoMapping } from '../mapping/index.js';
import type { TrainedModel } from '../train/index.js';
import { isMacLayer, toProblem, type MacLayer, type Network } from '../workload/index.js';
import { loadArch, noMappingLines, pickDataflow, residentLines, type LoadedArch } from './load.js';
import type { OptionDef } from './optionTable.js';

/** Digits of the training split held out for validation. */
export const VALIDATION_DIGITS = 1000;

export interface Setup {
  readonly loaded: LoadedArch;
  /** Index of the dataflow in the accelerator file (−1: none / `any`), for located errors. */
  readonly dataflowIndex: number;
  /** `--strategy`: `greedy` or `heuristic`. */
  readonly strategy: string;
  readonly target: EnergyTarget;
  readonly ctx: CompressContext;
  readonly dataNote: string;
  readonly train: typeof import('../train/index.js');
}

/** Mapping flag values: `heuristic` (the mapper, default) or `greedy` (simple valid mapping, fast). */
export const MAPPING_STRATEGIES = ['heuristic', 'greedy'] as const;

/** The options `compress` and `compare-pruning` share (data subset, dataflow, mapping strategy), for their option tables. */
export const RUN_OPTIONS: ReadonlyArray<OptionDef> = [
    { name: 'limit', arg: 'N', help: 'use only the first N retraining / N test / ⌈N/4⌉ validation digits (quick runs, tests)' },
    { name: 'dataflow', arg: 'NAME', help: "dataflow of the accelerator file (default its first; 'any' = unconstrained)" },
    { name: 'strategy', arg: 'S', help: 'heuristic (the mapper, default) | greedy (a simple valid mapping per layer: fast, not the best)' },
];

export const setup = async (
  archFile: string | undefined,
  dataflow: string | undefined,
  strategy: string,
  net: Network,
  limit: number,
  seed: number,
  log: (line: string) => void,
): Promise<E.Either<ReadonlyArray<string>, Setup>> => {
  const loaded = await loadArch(archFile);
  if (E.isLeft(loaded)) return loaded;
  const df = pickDataflow(loaded.right, dataflow);
  if (E.isLeft(df)) return E.left([`--dataflow: ${df.left}`]);
  const arch = df.right.spec ? withStorage(loaded.right.arch, df.right.spec) : loaded.right.arch;
  // Before any training: every MAC layer of the (dense, 16-bit) network must have a mapping that fits;
  // compression only shrinks tiles, so then every compressed layer has one too.
  const resident = residentLines(loaded.right, net);
  if (resident.length > 0) return E.left(resident);
  const blocked = net.layers.filter(isMacLayer).filter((l) => explainNoMapping(arch, toProblem(l), df.right.spec?.dataflow ?? ANY_DATAFLOW)._tag === 'Blocked');
  if (blocked.length > 0) return E.left(noMappingLines(loaded.right, df.right.index, blocked, strategy !== 'greedy'));
  const target: EnergyTarget = {
    arch,
    dataflow: df.right.spec?.dataflow ?? ANY_DATAFLOW,
    mapping: strategy === 'greedy' ? 'greedy' : { objective: 'energy', strategy: 'heuristic', seed: 1 },
  };
  const train = await import('../train/index.js');
  const split = train.loadMnist();
  const nVal = Math.min(VALIDATION_DIGITS, Math.floor(split.train.n / 5));
  const retrain = train.subset(split.train, split.train.n - nVal);
  const validation = train.subset(split.train, nVal, split.train.n - nVal);
  const data = {
    train: train.subset(retrain, limit),
    validation: train.subset(validation, Math.ceil(limit / 4)),
    test: train.subset(split.test, limit),
  };
  const dataNote = `data: ${data.train.n} retraining, ${data.validation.n} validation (decisions), ${data.test.n} test (reported) digits — ${split.source}`;
  const ctx: CompressContext = {
    net,
    trainer: { train: train.trainModel, evaluate: train.evaluateModel, activations: train.layerActivations },
    data,
    target,
    chooser: targetChooser(target),
    seed,
    log,
  };
  return E.right({ loaded: loaded.right, dataflowIndex: df.right.index, strategy, target, ctx, dataNote, train });
};

/**
 * A layer of a compressed network that no mapping fits, as located lines at the accelerator file (the line
 * of what blocks it, and the way out), like `codesim eval`'s.
 */
export const measureFailureLines = (s: Setup, f: MeasureFailure): string[] => {
  const layer = f.network.layers.find((l): l is MacLayer => isMacLayer(l) && l.name === f.layer);
  const lines = layer === undefined ? [] : noMappingLines(s.loaded, s.dataflowIndex, [layer], s.strategy !== 'greedy');
  return lines.length > 0
    ? lines
    : [`${s.loaded.file}:1:1: levels: layer ${f.layer} of the compressed network: no mapping fits (${f.reasons.map((r) => r._tag).join(', ')})`];
};

/** Create `dir` (and parents); a located line when it cannot be. */
export const makeOutDir = async (dir: string): Promise<string | undefined> => {
  try {
    await mkdir(dir, { recursive: true });
    return undefined;
  } catch (err) {
    return `${dir}:1:1: cannot create the output folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
};

/** Write a model file and its network YAML as `<dir>/<base>.model.json` and `<dir>/<base>.net.yaml`. */
export const writeModelAndNetwork = async (s: Setup, dir: string, base: string, model: TrainedModel, network: Network): Promise<ReadonlyArray<string>> => {
  const files = [join(dir, `${base}.model.json`), join(dir, `${base}.net.yaml`)];
  const header = `# ${network.name}: written by codesim (measured weight / activation densities, model bit widths); evaluate with codesim eval --net ${files[1]}\n`;
  await writeFile(files[0]!, s.train.encodeModel(model));
  await writeFile(files[1]!, header + YAML.stringify(encodeNetwork(network)));
  return files;
};
