/**
 * The cli module's public API: `main(argv, out)`, the composition root that `bin/codesim.mjs` calls (through the
 * bundle built from `main.ts`). Nothing else in `src/` imports the CLI.
 */
export { main } from './main.js';
