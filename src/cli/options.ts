/**
 * Option tables shared by several commands (`optionTable.ts`): the network options (--arch, --net, --batch,
 * --bits, --density, --json) and the search options (--objective, --strategy, --seed, --jobs, --dataflow,
 * --budget), with their parsers. `SEARCH_FLAGS` / `SEARCH_USAGE` stay for commands that use `parseArgs`.
 */
import { availableParallelism } from 'node:os';
import * as E from 'fp-ts/lib/Either.js';
import { OBJECTIVES, STRATEGIES, type Objective, type Strategy } from '../mapper/index.js';
import { positiveInt, type ParsedArgs } from './args.js';
import { optionsHelp, type OptionDef } from './optionTable.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The search options, in help order. */
export const SEARCH_OPTIONS: ReadonlyArray<OptionDef> = [
  { name: 'dataflow', arg: 'NAME', help: "dataflow from the accelerator file (default: its first; 'any' = unconstrained)" },
  { name: 'objective', arg: 'O', help: 'energy | delay | edp (default energy)' },
  { name: 'strategy', arg: 'S', help: 'heuristic | exhaustive (default heuristic)' },
  { name: 'seed', arg: 'N', help: 'heuristic: random seed (default 1)' },
  { name: 'budget', arg: 'N', help: 'exhaustive: evaluation budget per layer (default 1,000,000,000)' },
  {
    name: 'jobs', arg: 'N',
    help: "worker threads, at most the machine's cores (default: 1 up to 16 MAC layers — worker start-up\ncosts more than it saves there — else the machine's cores)",
  },
];

/** `--strategy` of eval: also `greedy` (no search). */
export const EVAL_STRATEGY_OPTION: OptionDef = {
  name: 'strategy', arg: 'S',
  help: 'heuristic | exhaustive | greedy (default heuristic; greedy: no search, a simple valid mapping\nper layer — fast, not the best; it takes no other search option)',
};

export const SEARCH_FLAGS = SEARCH_OPTIONS.map((o) => o.name);
export const SEARCH_USAGE = optionsHelp(SEARCH_OPTIONS);

/** Network options of eval / map / compare-dataflows (`--net`'s help depends on the zoo, given by the caller). */
export const networkOptions = (zoo: ReadonlyArray<string>, batchHelp: string): ReadonlyArray<OptionDef> => [
  { name: 'net', arg: 'NAME|FILE', help: `built-in network (${zoo.join(', ')})\nor a network YAML file (default: alexnet; codesim export net NAME writes one to edit)` },
  { name: 'batch', arg: 'N', help: batchHelp },
  { name: 'bits', arg: 'W,I,O', help: 'bit widths of weights, inputs, outputs for every layer (one number: all three)' },
  { name: 'density', arg: 'W,I', help: 'densities (fraction of non-zeros, in (0, 1]) of weights and inputs for every layer' },
];

export const BATCH_HELP = "batch size (default: the network file's defaults.batch, else 1)";

export interface SearchFlags {
  readonly objective: Objective;
  readonly strategy: Strategy;
  /** `--strategy greedy` (eval only): no search. */
  readonly greedy: boolean;
  readonly seed: number;
  /** 0 = automatic (`autoJobs`). */
  readonly jobs: number;
  readonly budget: number;
  readonly dataflow: string | undefined;
  /** Notes for stderr (e.g. `--jobs` capped). */
  readonly notes: ReadonlyArray<string>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * The search options of parsed arguments. `allowGreedy` (eval): `--strategy greedy` is accepted and then
 * --seed / --objective / --budget / --jobs are rejected (greedy does no search, they would be ignored).
 * `--jobs` above the machine's available parallelism is capped, with a note.
 */
export const searchFlags = (a: ParsedArgs, allowGreedy = false, cores: number = availableParallelism()): E.Either<string, SearchFlags> => {
  const strategies = allowGreedy ? [...STRATEGIES, 'greedy'] : [...STRATEGIES];
  const strategy = a.values['strategy'] ?? 'heuristic';
  if (!strategies.includes(strategy)) return E.left(`--strategy must be one of ${strategies.join(', ')}, got '${strategy}'`);
  const greedy = strategy === 'greedy';
  if (greedy) {
    const ignored = ['seed', 'objective', 'budget', 'jobs'].filter((f) => a.values[f] !== undefined);
    if (ignored.length > 0) {
      return E.left(`--strategy greedy does no search, so ${ignored.map((f) => `--${f}`).join(', ')} would have no effect: drop ${ignored.length > 1 ? 'them' : 'it'}, or use --strategy heuristic | exhaustive`);
    }
  }
  const objective = a.values['objective'] ?? 'energy';
  if (!(OBJECTIVES as ReadonlyArray<string>).includes(objective)) return E.left(`--objective must be one of ${OBJECTIVES.join(', ')}, got '${objective}'`);
  const seed = positiveInt('seed', a.values['seed'], 1);
  if (E.isLeft(seed)) return seed;
  // 0 = automatic: decided per network by `autoJobs`.
  const jobs = positiveInt('jobs', a.values['jobs'], 0);
  if (E.isLeft(jobs)) return jobs;
  const notes: string[] = [];
  let j = jobs.right;
  if (j > cores) {
    notes.push(`note: --jobs ${j} capped at ${cores}, this machine's available parallelism (more threads than cores only add overhead)`);
    j = cores;
  }
  const budget = positiveInt('budget', a.values['budget'], 1_000_000_000);
  if (E.isLeft(budget)) return budget;
  return E.right({
    objective: objective as Objective, strategy: greedy ? 'heuristic' : (strategy as Strategy), greedy,
    seed: seed.right, jobs: j, budget: budget.right, dataflow: a.values['dataflow'], notes,
  });
};

/** Bit widths and densities given on the command line for every layer. */
export interface Annotations {
  readonly bits?: { readonly W: number; readonly I: number; readonly O: number };
  readonly density?: { readonly W: number; readonly I: number };
}

/** `--bits W,I,O` (or one number for all three) and `--density W,I`. */
export const annotationFlags = (a: ParsedArgs): E.Either<string, Annotations> => {
  const out: { bits?: Annotations['bits']; density?: Annotations['density'] } = {};
  const bitsText = a.values['bits'];
  if (bitsText !== undefined) {
    const parts = bitsText.split(',').map((s) => s.trim());
    const ns = parts.map(Number);
    if ((parts.length !== 1 && parts.length !== 3) || !ns.every((n, i) => parts[i] !== '' && Number.isInteger(n) && n >= 1 && n <= 64)) {
      return E.left(`--bits must be W,I,O (or one value for all three), each an integer number of bits in 1..64, got '${bitsText}'`);
    }
    out.bits = ns.length === 1 ? { W: ns[0]!, I: ns[0]!, O: ns[0]! } : { W: ns[0]!, I: ns[1]!, O: ns[2]! };
  }
  const densityText = a.values['density'];
  if (densityText !== undefined) {
    const parts = densityText.split(',').map((s) => s.trim());
    const ns = parts.map(Number);
    if (parts.length !== 2 || !ns.every((n, i) => parts[i] !== '' && n > 0 && n <= 1)) {
      return E.left(`--density must be W,I: the densities of weights and inputs, each in (0, 1], got '${densityText}'`);
    }
    out.density = { W: ns[0]!, I: ns[1]! };
  }
  return E.right(out);
};

/** `--batch N`: `undefined` when not given (the network file's batch holds). */
export const batchFlag = (a: ParsedArgs): E.Either<string, number | undefined> =>
  a.values['batch'] === undefined ? E.right(undefined) : positiveInt('batch', a.values['batch'], 1);
