/**
 * Constrained expected improvement in log space, combining
 *  - *a-priori* constraints (HW-IECI, HyperPower): caller-supplied predicates computable before evaluating
 *    (e.g. predicted power ≤ budget). A candidate failing any predicate has EI·0 = 0, i.e. log score −Infinity,
 *    so it is never proposed and never costs an evaluation;
 *  - *black-box* constraints, each modelled by a GP: multiply by the probability of feasibility.
 *
 *   HW-IECI(x) = EI(x) · Πₖ 𝟙[gₖ(x)] · Πⱼ PoFⱼ(x)
 *   log HW-IECI(x) = log EI(x) + Σⱼ log PoFⱼ(x)   if all gₖ(x) hold, else −Infinity
 *
 * When no feasible point has been observed yet (no incumbent), the score is Σⱼ log PoFⱼ (search for feasibility).
 *
 * References: Stamoulis et al., "HyperPower: Power- and Memory-Constrained Hyper-Parameter Optimization for Neural
 * Networks" (DATE 2018), eq. 4 (HW-IECI); Gelbart, Snoek & Adams, "Bayesian Optimization with Unknown Constraints"
 * (UAI 2014); BoTorch `LogConstrainedExpectedImprovement`.
 */

import { expectedImprovement, logExpectedImprovement } from './ei.js';
import { logProbabilityOfFeasibility, probabilityOfFeasibility } from './feasibility.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Posterior marginal of one output at one point (mean in output units, variance in units²). */
export interface Marginal {
  readonly mean: number;
  readonly variance: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * log of EI × Π PoF × Π 𝟙[a-priori] for minimization.
 * @param objective posterior of the objective; @param best incumbent (lowest feasible value) or `undefined`
 * @param constraints posteriors of the black-box constraints (feasible iff ≤ 0)
 * @param aPrioriOk whether all a-priori predicates hold at the candidate
 */
export const logConstrainedEi = (
  objective: Marginal,
  best: number | undefined,
  constraints: ReadonlyArray<Marginal>,
  aPrioriOk: boolean,
): number => {
  if (!aPrioriOk) return -Infinity;
  let s = best === undefined ? 0 : logExpectedImprovement(objective.mean, objective.variance, best);
  for (const c of constraints) s += logProbabilityOfFeasibility(c.mean, c.variance);
  return s;
};

/** The same score in linear space (EI × Π PoF × Π 𝟙); ≥ 0, and 0 wherever an a-priori predicate fails. */
export const constrainedEi = (
  objective: Marginal,
  best: number | undefined,
  constraints: ReadonlyArray<Marginal>,
  aPrioriOk: boolean,
): number => {
  if (!aPrioriOk) return 0;
  let s = best === undefined ? 1 : expectedImprovement(objective.mean, objective.variance, best);
  for (const c of constraints) s *= probabilityOfFeasibility(c.mean, c.variance);
  return s;
};
