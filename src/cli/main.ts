/**
 * The codesim command line: the composition root. Dispatches subcommands; the only place that touches
 * process exit codes (returned to `bin/codesim.mjs`). Unexpected internal errors are reported in one line,
 * never as a stack trace. A command registers with one `case` that imports its module dynamically
 * (`await import('./x.js')`): start-up then loads only the running command's code (issue 10 item 12). `eval`,
 * the start-up-critical command, runs from its code-cached bundle when there is one (`codeCache.ts`).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { EvalModule } from './evalEntry.js';
import type { Out } from './out.js';
import { packageFile } from './paths.js';
import { guarded, stdio } from './stdio.js';

/** The top-level help: one line per command (each command's options: `codesim <command> --help`). */
const USAGE = `codesim — accelerator/DNN co-design simulator

usage: codesim <command> [options]     (codesim <command> --help lists a command's options)

commands:
  eval               energy, latency and accesses of a network on an accelerator
  map                best mapping of each layer under the accelerator's dataflow
  compare-dataflows  energy per MAC of each dataflow of an accelerator file
  export             write a built-in network as a network YAML (to edit per-layer bits and densities);
                     export timeloop: an arch, one layer and its mapping as Timeloop/Accelergy specs
  import timeloop    Timeloop/Accelergy specs → codesim arch, network and mapping files
  bo-bench           Bayesian-optimization benchmarks on standard test functions
  sweep              a co-design sweep over hardware and DNN parameters, resumable
  train              train mnist-mlp or lenet5 on real MNIST digits, write a model file
  compress           run a compression pipeline (Minerva's stages) on a trained model
  compare-pruning    magnitude vs FLOP-based vs energy-aware pruning at one accuracy budget
  worker             evaluate sweep points from a BullMQ queue on Redis (sweeps on many machines)
  report             an offline HTML report with charts from codesim JSON outputs and sweep results

  codesim --help     this text
  codesim --version  the version`;

/** The package version (read from package.json only when asked). */
const version = async (): Promise<string> => (JSON.parse(await readFile(packageFile('package.json'), 'utf8')) as { version: string }).version;

/**
 * eval's code. Next to the bundled CLI (`dist/bundle/main.js`) the build puts `eval.cjs`, eval's whole code in one
 * CommonJS bundle, and its V8 code cache: one-shot `codesim eval` runs loop in scripts, and with the cache a run
 * skips parsing and compiling (about 40% of what codesim added to Node's own start-up). From the sources
 * (tsx, tests) or the per-module build there is no such file, and eval is an ES module like every command.
 */
const evalModule = async (): Promise<EvalModule> => {
  const bundle = fileURLToPath(new URL('./eval.cjs', import.meta.url));
  return existsSync(bundle) ? ((await import('./codeCache.js')).loadBundle(bundle).exports as EvalModule) : await import('./eval.js');
};

export const main = async (argv: ReadonlyArray<string>, out: Out = stdio): Promise<number> => {
  const [cmd, ...rest] = argv;
  return guarded(async () => {
    switch (cmd) {
      // Every command module is imported when its command runs (the bundle is split per command), so start-up
      // loads only what the running command needs: `eval` never parses the optimizer, the export code, …
      case 'eval':
        return await (await evalModule()).evalCommand(rest, out);
      case 'map':
        return await (await import('./map.js')).mapCommand(rest, out);
      case 'compare-dataflows':
        return await (await import('./compare.js')).compareCommand(rest, out);
      case 'bo-bench':
        return await (await import('./boBench.js')).boBenchCommand(rest, out);
      case 'train':
        return await (await import('./train.js')).trainCommand(rest, out);
      case 'export':
        return await (await import('./export.js')).exportCommand(rest, out);
      case 'sweep':
        return await (await import('./sweep.js')).sweepCommand(rest, out);
      case 'compress':
        return await (await import('./compress.js')).compressCommand(rest, out);
      case 'compare-pruning':
        return await (await import('./comparePruning.js')).comparePruningCommand(rest, out);
      case 'worker':
        return await (await import('./worker.js')).workerCommand(rest, out);
      case 'report':
        return await (await import('./report.js')).reportCommand(rest, out);
      case 'import':
        return await (await import('./timeloop.js')).importCommand(rest, out);
      case '--version':
      case '-V':
      case 'version':
        out.stdout(`codesim ${await version()}\n`);
        return 0;
      case undefined:
        out.stderr(`codesim: no command given\n\n${USAGE}\n`);
        return 2;
      case 'help':
      case '--help':
      case '-h':
        out.stdout(USAGE + '\n');
        return 0;
      default:
        out.stderr(`codesim: unknown command '${cmd}'\n\n${USAGE}\n`);
        return 2;
    }
  }, out);
};
