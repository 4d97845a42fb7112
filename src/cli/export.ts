/**
 * `codesim export net NAME|FILE [options]`: a network (built-in or a network file, with --batch / --bits /
 * --density applied) written as a network YAML on stdout — the way to edit per-layer bit widths and
 * densities of a built-in network:
 * ```
 * codesim export net alexnet > alexnet.yaml   # edit layers[i].bits / density
 * codesim eval --net alexnet.yaml
 * ```
 * The document is `encodeNetwork`'s (minimal: inferred values omitted); `decodeNetwork` reads it back equal.
 */
import * as E from 'fp-ts/lib/Either.js';
import { stringify } from 'yaml';
import { encodeNetwork } from '../config/index.js';
import { zooNames } from '../workload/index.js';
import { loadNetwork } from './load.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import { annotationFlags, batchFlag, BATCH_HELP, networkOptions } from './options.js';
import type { Out } from './out.js';

/** The options of `codesim export` (parser and help are generated from this table). */
export const EXPORT_COMMAND: CommandDef = {
  name: 'export',
  positional: 'net NAME|FILE',
  summary: `Write a network as a network YAML on stdout (built-in: ${zooNames.join(', ')}), to edit per-layer bits and densities.`,
  options: networkOptions(zooNames, BATCH_HELP).filter((o) => o.name !== 'net'),
  notes: [
    'example: codesim export net alexnet > alexnet.yaml   (edit it, then: codesim eval --net alexnet.yaml)',
    'codesim export timeloop --help: an arch, one layer and its mapping as Timeloop/Accelergy specs',
  ],
};

export const exportCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  // `export timeloop …` has its own option table (src/cli/timeloop.ts).
  if (argv[0] === 'timeloop') return (await import('./timeloop.js')).exportTimeloopCommand(argv, out);
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseCommand(argv, EXPORT_COMMAND);
  if (E.isLeft(args)) return fail([`codesim export: ${args.left}`, usageLine(EXPORT_COMMAND)]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(commandHelp(EXPORT_COMMAND));
    return 0;
  }
  const [what, name, ...extra] = a.positional;
  if (what !== 'net' || name === undefined || extra.length > 0) {
    return fail([`codesim export: expected 'net NAME|FILE', got '${a.positional.join(' ')}'`, usageLine(EXPORT_COMMAND)]);
  }
  const batch = batchFlag(a);
  if (E.isLeft(batch)) return fail([`codesim export: ${batch.left}`]);
  const ann = annotationFlags(a);
  if (E.isLeft(ann)) return fail([`codesim export: ${ann.left}`]);
  const net = await loadNetwork(name, batch.right, ann.right);
  if (E.isLeft(net)) return fail(net.left.map((l) => (l.startsWith('--') ? `codesim export: ${l.replace(/^--net/, 'net')}` : l)));
  out.stdout(`# codesim export net ${name}: edit per-layer bits / density, then: codesim eval --net FILE\n${stringify(encodeNetwork(net.right))}`);
  return 0;
};
