/**
 * One table of options per command: the parser's flag lists and the `--help` text are both generated from it,
 * so they cannot drift (issue 10 item 7). A command declares
 * ```ts
 * export const EVAL: CommandDef = { name: 'eval', summary: '…', options: [{ name: 'arch', arg: 'FILE', help: '…' }, …] };
 * const args = parseCommand(argv, EVAL);      // Either<string, ParsedArgs>; `--help` is always accepted
 * if (args.right.booleans.has('help')) out.stdout(commandHelp(EVAL));
 * ```
 * Options with `arg` take a value, the others are boolean; `repeatable` options may be given several times
 * (values joined with ','). `args.ts`'s `parseArgs(argv, FlagSpec)` stays the underlying parser.
 */
import type * as E from 'fp-ts/lib/Either.js';
import { parseArgs, type FlagSpec, type ParsedArgs } from './args.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface OptionDef {
  /** Flag name without the dashes. */
  readonly name: string;
  /** Metavariable of the value (`FILE`, `N`); absent: a boolean flag. */
  readonly arg?: string;
  /** Description; several lines allowed (`\n`), each aligned under the first. */
  readonly help: string;
  /** May be given several times (values joined with ','). */
  readonly repeatable?: boolean;
}

export interface CommandDef {
  /** Subcommand name (`eval`). */
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  /** Positional arguments in the usage line (e.g. `net NAME`), if any. */
  readonly positional?: string;
  readonly options: ReadonlyArray<OptionDef>;
  /** Lines after the option list (examples, notes). */
  readonly notes?: ReadonlyArray<string>;
}

/** Every command accepts `--help`. */
export const HELP_OPTION: OptionDef = { name: 'help', help: 'show this help and exit' };

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The `FlagSpec` of a command's table (plus `--help`). */
export const flagSpecOf = (def: CommandDef): FlagSpec => {
  const all = [...def.options, HELP_OPTION];
  return {
    values: all.filter((o) => o.arg !== undefined).map((o) => o.name),
    booleans: all.filter((o) => o.arg === undefined).map((o) => o.name),
    repeatable: all.filter((o) => o.repeatable === true).map((o) => o.name),
  };
};

/** Parse `argv` against the command's table. */
export const parseCommand = (argv: ReadonlyArray<string>, def: CommandDef): E.Either<string, ParsedArgs> => parseArgs(argv, flagSpecOf(def));

/** The option list, aligned: `  --arch FILE      description`. */
export const optionsHelp = (options: ReadonlyArray<OptionDef>): string => {
  const heads = options.map((o) => `  --${o.name}${o.arg !== undefined ? ` ${o.arg}` : ''}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return options
    .map((o, i) => {
      const [first, ...rest] = (o.help + (o.repeatable === true ? ' (repeatable)' : '')).split('\n');
      return [heads[i]!.padEnd(width) + first, ...rest.map((l) => ' '.repeat(width) + l)].join('\n');
    })
    .join('\n');
};

/** The whole `--help` text of a command. */
export const commandHelp = (def: CommandDef): string =>
  [
    `usage: codesim ${def.name}${def.positional !== undefined ? ` ${def.positional}` : ''} [options]`,
    def.summary,
    '',
    'options:',
    optionsHelp([...def.options, HELP_OPTION]),
    ...(def.notes !== undefined && def.notes.length > 0 ? ['', ...def.notes] : []),
  ].join('\n') + '\n';

/** The short usage line shown after an argument error. */
export const usageLine = (def: CommandDef): string => `usage: codesim ${def.name}${def.positional !== undefined ? ` ${def.positional}` : ''} [options]   (codesim ${def.name} --help lists them)`;
