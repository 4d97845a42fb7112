/**
 * `codesim bo-bench` — runs the Bayesian-optimization engine and its baselines on standard test problems and
 * reports, over seeds, the median and quartiles of simple regret (hypervolume for the multi-objective ZDT1) after
 * N evaluations, and the median wall time per suggestion.
 *
 *   codesim bo-bench --problem branin|hartmann6|constrained|zdt1 --method bo|random|ga --evals N --seeds S [--json]
 *
 * A thin shell: argv parsing and rendering here, all computation in `optimize/` (`runBench`); the clock
 * (`performance.now`) is injected. Returns the exit code: 0 ok, 1 run failure, 2 bad arguments (one message on
 * stderr, never a stack trace).
 */

import * as E from 'fp-ts/lib/Either.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import type { Out } from './out.js';
import { PROBLEMS, quartiles, runBench, type BenchResult, type Method, type ProblemName } from '../optimize/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export type { Out } from './out.js';

/** Parsed arguments. */
export interface BoBenchArgs {
  readonly problem: ProblemName;
  readonly method: Extract<Method, 'bo' | 'random' | 'ga'>;
  readonly evals: number;
  readonly seeds: number;
  readonly json: boolean;
}

const CLI_METHODS = ['bo', 'random', 'ga'] as const;

/** The options of `codesim bo-bench` (parser and help are generated from this table). */
export const BO_BENCH_COMMAND: CommandDef = {
  name: 'bo-bench',
  summary: 'Bayesian-optimization benchmarks on standard test problems: median and quartiles of regret (hypervolume for zdt1) over seeds, and wall time per suggestion.',
  options: [
    { name: 'problem', arg: 'P', help: 'branin | hartmann6 | constrained | zdt1 (required)' },
    { name: 'method', arg: 'M', help: 'bo | random | ga (required)' },
    { name: 'evals', arg: 'N', help: 'evaluations per run, 1..100,000 (required)' },
    { name: 'seeds', arg: 'S', help: 'runs (seeds 1..S), 1..10,000 (required)' },
    { name: 'json', help: 'one JSON summary on stdout' },
  ],
};
const USAGE = usageLine(BO_BENCH_COMMAND);

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Parses `--flag value` / `--flag=value` arguments; `Left(message)` on the first problem found. */
export const parseBoBenchArgs = (argv: ReadonlyArray<string>): E.Either<string, BoBenchArgs> => {
  const parsed = parseCommand(argv, BO_BENCH_COMMAND);
  if (E.isLeft(parsed)) return E.left(`${parsed.left}\n${USAGE}`);
  if (parsed.right.positional.length > 0) return E.left(`unknown argument '${parsed.right.positional[0]}'\n${USAGE}`);
  const values = parsed.right.values;
  const json = parsed.right.booleans.has('json');
  for (const k of ['problem', 'method', 'evals', 'seeds']) if (values[k] === undefined) return E.left(`missing --${k}\n${USAGE}`);
  const problem = values['problem']!;
  if (!(problem in PROBLEMS)) return E.left(`--problem must be one of ${Object.keys(PROBLEMS).join('|')}, got '${problem}'`);
  const method = values['method']!;
  if (!(CLI_METHODS as ReadonlyArray<string>).includes(method)) return E.left(`--method must be one of ${CLI_METHODS.join('|')}, got '${method}'`);
  const int = (k: string, max: number): E.Either<string, number> => {
    const s = values[k]!;
    const n = Number(s);
    return /^\d+$/.test(s) && n >= 1 && n <= max ? E.right(n) : E.left(`--${k} must be an integer in [1, ${max}], got '${s}'`);
  };
  const evals = int('evals', 100_000);
  if (E.isLeft(evals)) return evals;
  const seeds = int('seeds', 10_000);
  if (E.isLeft(seeds)) return seeds;
  return E.right({ problem: problem as ProblemName, method: method as BoBenchArgs['method'], evals: evals.right, seeds: seeds.right, json });
};

/**
 * Runs the command.
 * @returns exit code (0 ok, 1 run failure, 2 bad arguments)
 */
export async function boBenchCommand(argv: readonly string[], out: Out): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.stdout(commandHelp(BO_BENCH_COMMAND));
    return 0;
  }
  const args = parseBoBenchArgs(argv);
  if (E.isLeft(args)) {
    out.stderr(`bo-bench: ${args.left}\n`);
    return 2;
  }
  const { problem, method, evals, seeds, json } = args.right;
  const result = runBench({ problem: PROBLEMS[problem], method, evals, seeds, now: () => performance.now() });
  if (E.isLeft(result)) {
    out.stderr(`bo-bench: run failed: ${JSON.stringify(result.left)}\n`);
    return 1;
  }
  out.stdout(json ? `${JSON.stringify(toJson(result.right))}\n` : renderTable(result.right));
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** The JSON summary (non-finite numbers, e.g. regret before any feasible point, become null). */
export const toJson = (r: BenchResult): Record<string, string | number | null> => {
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const key = r.metric === 'hypervolume' ? 'medianHypervolume' : 'medianRegret';
  return {
    problem: r.problem,
    method: r.method,
    evals: r.evals,
    seeds: r.seeds,
    [key]: num(r.final.median),
    q25: num(r.final.q25),
    q75: num(r.final.q75),
    msPerSuggestion: num(r.msPerSuggestion),
    ...(r.problem === 'constrained' ? { aPrioriViolations: r.aPrioriViolations } : {}),
  };
};

/** Human-readable table: the metric's median and quartiles at checkpoints, then timing. */
export const renderTable = (r: BenchResult): string => {
  const fmt = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(2)) : 'inf');
  const checkpoints = [...new Set([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map((f) => Math.min(r.evals, f)).concat([r.evals]))].filter((k) => k <= r.evals);
  const rows = checkpoints
    .filter((k, i) => i === checkpoints.length - 1 || k >= 5)
    .map((k) => {
      const qs = quartiles(r.runs.map((run) => run.trace[k - 1]!));
      return [String(k), fmt(qs.median), fmt(qs.q25), fmt(qs.q75)];
    });
  const header = ['evals', `median ${r.metric}`, 'q25', 'q75'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)));
  const line = (cells: ReadonlyArray<string>): string => cells.map((c, j) => c.padStart(widths[j]!)).join('  ');
  return [
    `bo-bench  problem=${r.problem}  method=${r.method}  evals=${r.evals}  seeds=${r.seeds}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `ms per suggestion (median): ${r.msPerSuggestion.toFixed(2)}`,
    ...(r.problem === 'constrained' ? [`evaluated points rejected by the a-priori model: ${r.aPrioriViolations}`] : []),
    '',
  ].join('\n');
};
