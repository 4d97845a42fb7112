/**
 * The fast path of the installed `codesim` command for `eval` (start-up, issue 10 item 12): `bin/codesim.cjs`, a
 * CommonJS entry (Node starts one a few ms sooner than an ES module), requires this file's CommonJS build
 * (`dist/bundle/evalEntry.cjs`, a few kB) and runs eval from its code-cached bundle — without loading the ES
 * module CLI (`main.js`). Same output, errors and exit codes as `main(['eval', …])`.
 */
import { loadBundle } from './codeCache.js';
import type { Out } from './out.js';
import { guarded, stdio } from './stdio.js';

/** What the eval bundle exports (`src/cli/eval.ts`). */
export type EvalModule = Pick<typeof import('./eval.js'), 'evalCommand'>;

/** `codesim eval ARGV…` from the bundle `bundleFile` (`eval.cjs`, with its code cache when valid). */
export const runEval = (bundleFile: string, argv: ReadonlyArray<string>, out: Out = stdio): Promise<number> =>
  guarded(async () => (loadBundle(bundleFile).exports as EvalModule).evalCommand(argv, out), out);
