/**
 * Files shipped with the package, found from wherever this code runs. A module of its own (no imports beyond
 * Node's) so that the bundled CLI's entry (`main.ts`, for `--version`) can use it without loading the YAML
 * reader that `io.ts` holds (start-up, issue 10 item 12).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of a file shipped with the package (e.g. `configs/eyeriss.yaml`), independent of the cwd. The
 * package root is the nearest ancestor of this module with a `package.json` (this file runs from `src/cli/`,
 * `dist/cli/`, the bundle's entry or `eval.cjs` in `dist/bundle/`, or a bundle chunk in `dist/bundle/chunks/`).
 */
export const packageFile = (rel: string): string => {
  for (const up of ['../../', '../../../', '../']) {
    if (existsSync(fileURLToPath(new URL(`${up}package.json`, import.meta.url)))) return fileURLToPath(new URL(`${up}${rel}`, import.meta.url));
  }
  return fileURLToPath(new URL(`../../${rel}`, import.meta.url));
};
