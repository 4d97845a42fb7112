// Mutation testing of one piece against its own unit tests (the test files in MUTATE_TESTS), e.g.
//   MUTATE_TESTS='test/optimize/gp*.test.ts,test/optimize/cholesky.test.ts' npx stryker run stryker.unit.config.mjs \
//     --concurrency 1 --timeoutMS 30000 --timeoutFactor 2 --mutate 'src/optimize/gp/**/*.ts' --incrementalFile .stryker/gp.json
// Same options as stryker.config.mjs otherwise. Scores and the test sets used: docs/testing.md.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default { ...base, vitest: { configFile: 'vitest.mutate.config.ts' } };
