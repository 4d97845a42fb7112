/**
 * Public API of `optimize/`: a small, domain-agnostic Bayesian-optimization engine.
 *
 *   space  → encode to [0,1]^D → gp (Matérn-5/2 ARD, MAP-II) → acquisition (log EI, PoF, HW-IECI)
 *          → candidate optimizer → ask/tell `Optimizer<S>` with JSON-safe state
 *
 * plus the baselines behind the same interface (random search, NSGA-II), Pareto tools (non-dominated sort,
 * exact 2-D/3-D hypervolume, ParEGO), test problems with known optima and the benchmark runner.
 * Other modules import only from here.
 */

export type { Observation, OptimizeError, Optimizer, Predicate } from './optimizer.js';

export {
  categorical,
  continuous,
  decode,
  encode,
  integer,
  isValidPoint,
  latinHypercube,
  makeSpace,
  ordinal,
  sample,
  snap,
} from './space/space.js';
export type { Categorical, Continuous, Integer, Ordinal, Param, Point, Space, SpaceError } from './space/space.js';

export { bayesOpt } from './bo/bayesOpt.js';
export type { BoConfig, BoState } from './bo/bayesOpt.js';
export type { CandidateOptions } from './bo/candidates.js';
export { chebyshev, simplexWeights } from './bo/parego.js';
export { randomSearch } from './baselines/randomSearch.js';
export type { RandomConfig, RandomState } from './baselines/randomSearch.js';
export { nsga2 } from './baselines/nsga2.js';
export type { Individual, NsgaConfig, NsgaState } from './baselines/nsga2.js';

export { expectedImprovement, logExpectedImprovement } from './acquisition/ei.js';
export { logProbabilityOfFeasibility, probabilityOfFeasibility } from './acquisition/feasibility.js';
export { constrainedEi, logConstrainedEi } from './acquisition/constrained.js';
export type { Marginal } from './acquisition/constrained.js';

export { cholesky } from './gp/cholesky.js';
export type { Cholesky, NotPositiveDefinite } from './gp/cholesky.js';
export { addObservation, conditionGp, posterior } from './gp/gp.js';
export type { Gp, Posterior } from './gp/gp.js';
export { fitGp } from './gp/fit.js';
export type { FitOptions } from './gp/fit.js';
export type { GpHyper } from './gp/hyper.js';
export { logMarginalLikelihood } from './gp/likelihood.js';

export { crowdingDistance, dominates, nonDominatedSort, paretoFront } from './multi/pareto.js';
export { hypervolume } from './multi/hypervolume.js';

export { branin } from './testFunctions/branin.js';
export { hartmann6 } from './testFunctions/hartmann6.js';
export { gramacy } from './testFunctions/gramacy.js';
export { makeZdt1, zdt1 } from './testFunctions/zdt1.js';
export { PROBLEMS } from './testFunctions/registry.js';
export type { ProblemName } from './testFunctions/registry.js';
export type { Problem } from './testFunctions/problem.js';

export { evalsToTarget, METHODS, optimizerFor, quantile, quartiles, runBench } from './bench.js';
export type { BenchOptions, BenchResult, Method, Quartiles, SeedRun } from './bench.js';
