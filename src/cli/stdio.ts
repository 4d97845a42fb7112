/**
 * The process's terminal as an `Out`, and the one-line report of an unexpected error: shared by the CLI's entry
 * (`main.ts`) and the CommonJS entry's fast path for `eval` (`evalEntry.ts`), so both behave alike.
 */
import type { Out } from './out.js';

/** stdout / stderr of this process; stderr's terminal when it is one (progress bars). */
export const stdio: Out = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  ...(process.stderr.isTTY ? { stderrTTY: process.stderr as typeof process.stderr & { isTTY: true } } : {}),
};

/** Run a command; an unexpected exception becomes one `codesim: internal error: …` line and exit code 1, never a stack trace. */
export const guarded = async (run: () => Promise<number>, out: Out): Promise<number> => {
  try {
    return await run();
  } catch (err) {
    out.stderr(`codesim: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
};
