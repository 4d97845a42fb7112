/**
 * Search options shared by the commands that run the mapper: --objective, --strategy, --seed, --jobs,
 * --dataflow, --budget.
 */
import * as E from 'fp-ts/lib/Either.js';
import { OBJECTIVES, STRATEGIES, type Objective, type Strategy } from '../mapper/index.js';
import { positiveInt, type ParsedArgs } from './args.js';

export const SEARCH_FLAGS = ['objective', 'strategy', 'seed', 'jobs', 'dataflow', 'budget'] as const;

export const SEARCH_USAGE = `  --dataflow NAME  dataflow from the accelerator file (default: its first; 'any' = unconstrained)
  --objective O    energy | delay | edp (default energy)
  --strategy S     heuristic | exhaustive (default heuristic)
  --seed N         heuristic seed (default 1)
  --budget N       exhaustive: evaluation budget per layer (default 1000000000)
  --jobs N         worker threads (default: 1 up to 16 MAC layers — worker start-up costs more than it
                   saves there — else the machine's cores)`;

export interface SearchFlags {
  readonly objective: Objective;
  readonly strategy: Strategy;
  readonly seed: number;
  readonly jobs: number;
  readonly budget: number;
  readonly dataflow: string | undefined;
}

export const searchFlags = (a: ParsedArgs): E.Either<string, SearchFlags> => {
  const objective = a.values['objective'] ?? 'energy';
  if (!(OBJECTIVES as ReadonlyArray<string>).includes(objective)) return E.left(`--objective must be one of ${OBJECTIVES.join(', ')}, got '${objective}'`);
  const strategy = a.values['strategy'] ?? 'heuristic';
  if (!(STRATEGIES as ReadonlyArray<string>).includes(strategy)) return E.left(`--strategy must be one of ${STRATEGIES.join(', ')}, got '${strategy}'`);
  const seed = positiveInt('seed', a.values['seed'], 1);
  if (E.isLeft(seed)) return seed;
  // 0 = automatic: decided per network by `autoJobs`.
  const jobs = positiveInt('jobs', a.values['jobs'], 0);
  if (E.isLeft(jobs)) return jobs;
  const budget = positiveInt('budget', a.values['budget'], 1_000_000_000);
  if (E.isLeft(budget)) return budget;
  return E.right({ objective: objective as Objective, strategy: strategy as Strategy, seed: seed.right, jobs: jobs.right, budget: budget.right, dataflow: a.values['dataflow'] });
};
