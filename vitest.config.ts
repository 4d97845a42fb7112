import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The JSON report is what .ci/run reads to print its `N passed, N failed` line.
export default defineConfig({
  // Tests import the public property-testing entry point by its package name, from the sources.
  resolve: { alias: { 'codesim/testing': fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    // the trainer's WebAssembly kernels are generated from asm/trainKernels.ts (scripts/buildWasm.mjs)
    globalSetup: ['test/globalSetup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
