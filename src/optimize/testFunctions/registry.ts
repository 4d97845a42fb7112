/**
 * The built-in test problems by name, as data (passed around, never registered as an import side effect).
 * Names are the `--problem` values of `codesim bo-bench`.
 */

import { branin } from './branin.js';
import { gramacy } from './gramacy.js';
import { hartmann6 } from './hartmann6.js';
import type { Problem } from './problem.js';
import { zdt1 } from './zdt1.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Name of a built-in problem. */
export type ProblemName = 'branin' | 'hartmann6' | 'constrained' | 'zdt1';

/** Built-in problems: Branin (2-D), Hartmann-6, Gramacy's constrained toy, ZDT1 (6-D, 2 objectives). */
export const PROBLEMS: Readonly<Record<ProblemName, Problem>> = {
  branin,
  hartmann6,
  constrained: gramacy,
  zdt1,
};
