// Mutation testing (issue 9): `npm run mutate` over the model modules, or one module at a time:
//   npx stryker run --mutate 'src/energy/**/*.ts'
// Not part of `npm test` / CI (CPU-heavy: run one Stryker at a time). Reports and the incremental file go to
// the git-ignored .stryker/ folder. Scores and the surviving mutants: docs/testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  mutate: [
    'src/dataflow/**/*.ts',
    'src/energy/**/*.ts',
    'src/mapping/**/*.ts',
    'src/mapper/**/*.ts',
    'src/optimize/**/*.ts',
    '!src/**/index.ts',
  ],
  // The tests that spawn the CLI or worker threads, or check the package export, run the built dist/ (not the
  // mutated sandbox sources) — they cannot see a mutant, and are slow; the sandbox does not need them.
  // `test/report/realOutputs.test.ts` runs the compress and compare-pruning commands end to end (~40 s) and checks
  // only that the report charts their JSON without NaN: it covers every kernel mutant, so each surviving one waited
  // for it, and it cannot tell two counts apart.
  // The mapper's search tests (exhaustive branch and bound vs plain enumeration, heuristic vs exhaustive) run millions
  // of evaluations: through the instrumented kernel they exceed the test timeout. They test the search, not the counts.
  // So `bound.ts` / `search.ts` / `spatial.ts` are scored against test/mapper/mapperExact.test.ts, which checks the same
  // claims on fixed small cases in ~2 s (what it cannot see: docs/testing.md, "mapper").
  ignorePatterns: [
    'dist', '.stryker', 'bench/results', 'test/cli', 'test/sweep', 'test/optimize/boBenchCli.test.ts', 'test/testing/testing.test.ts',
    'test/mapper/bound.test.ts', 'test/mapper/search.test.ts', 'test/report/realOutputs.test.ts',
  ],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: '.stryker/reports/mutation.html' },
  jsonReporter: { fileName: '.stryker/reports/mutation.json' },
  // Stryker rewrites the tsconfig's paths with the TypeScript 5 JS API, which TypeScript 7 (tsgo) no longer has;
  // our tsconfig needs no rewriting (no extends / references outside the project), so point it at no file.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  tempDirName: '.stryker/tmp',
  incremental: true,
  incrementalFile: '.stryker/incremental.json',
  timeoutMS: 8000,
  // Static mutants (module-level constants: the cost presets' tables, layout constants) rerun the whole suite each;
  // they are left out (counted neither killed nor survived) to keep a module's run in minutes.
  ignoreStatic: true,
  cleanTempDir: true,
};
