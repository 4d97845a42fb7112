import base from './vitest.config.js';

// Mutation runs of one piece against a chosen set of test files (stryker.unit.config.mjs): the test files come
// from MUTATE_TESTS (comma-separated paths or globs). Under Stryker's instrumentation the end-to-end tests that
// reach a numeric kernel (e.g. the BO loop over the GP's Cholesky) take minutes per mutant; a piece's own unit
// tests score it in minutes. Scores measured this way are conservative (docs/testing.md says which set was used).
const tests = process.env['MUTATE_TESTS'];
export default tests === undefined
  ? base
  : { ...base, test: { ...base.test, include: tests.split(',').map((t) => t.trim()).filter((t) => t !== '') } };
