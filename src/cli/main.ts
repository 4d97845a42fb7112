/**
 * The codesim command line: the composition root. Dispatches subcommands; the only place that touches
 * process exit codes (returned to `bin/codesim.mjs`). Unexpected internal errors are reported in one line,
 * never as a stack trace.
 */
import { boBenchCommand } from './boBench.js';
import { EVAL_USAGE, evalCommand, type Out } from './eval.js';
import { mapCommand } from './map.js';
import { compareCommand } from './compare.js';

const USAGE = `codesim — accelerator/DNN co-design simulator

usage: codesim <command> [options]
  eval       energy, latency and accesses of a network on an accelerator (see: codesim eval --help)
  map        best mapping of each layer under the accelerator's dataflow (see: codesim map --help)
  compare-dataflows  energy per MAC of each dataflow of an accelerator file (see: codesim compare-dataflows --help)
  bo-bench   Bayesian-optimization benchmarks on standard test functions (see: codesim bo-bench --help)
  import timeloop  Timeloop/Accelergy specs → codesim arch, network and mapping files (see: codesim import --help)
  export timeloop  an arch, one layer and its mapping → Timeloop/Accelergy specs (see: codesim export --help)

${EVAL_USAGE}`;

const stdio: Out = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  ...(process.stderr.isTTY ? { stderrTTY: process.stderr as typeof process.stderr & { isTTY: true } } : {}),
};

export const main = async (argv: ReadonlyArray<string>, out: Out = stdio): Promise<number> => {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'eval':
        return await evalCommand(rest, out);
      case 'map':
        return await mapCommand(rest, out);
      case 'compare-dataflows':
        return await compareCommand(rest, out);
      case 'bo-bench':
        return await boBenchCommand(rest, out);
      case 'import':
        return await (await import('./timeloop.js')).importCommand(rest, out);
      case 'export':
        return await (await import('./timeloop.js')).exportTimeloopCommand(rest, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.stdout(USAGE + '\n');
        return cmd === undefined ? 2 : 0;
      default:
        out.stderr(`codesim: unknown command '${cmd}'\n\n${USAGE}\n`);
        return 2;
    }
  } catch (err) {
    out.stderr(`codesim: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
};
