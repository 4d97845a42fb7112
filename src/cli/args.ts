/**
 * A small, strict argv parser: `--flag value`, `--flag=value`, boolean `--flag`. Unknown flags, missing
 * values and repeated flags (unless declared `repeatable`) are errors (values, not exceptions). Commands
 * declare their options in one table (`optionTable.ts`), which derives the `FlagSpec` and the help text.
 */
import * as E from 'fp-ts/lib/Either.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface FlagSpec {
  /** Flags that take a value. */
  readonly values: ReadonlyArray<string>;
  /** Boolean flags. */
  readonly booleans: ReadonlyArray<string>;
  /** Value flags that may be given several times: their values are joined with ','. */
  readonly repeatable?: ReadonlyArray<string>;
}

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string>>;
  readonly booleans: ReadonlySet<string>;
  readonly positional: ReadonlyArray<string>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const parseArgs = (argv: ReadonlyArray<string>, spec: FlagSpec): E.Either<string, ParsedArgs> => {
  const values: Record<string, string> = {};
  const booleans = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (spec.booleans.includes(name)) {
      if (eq >= 0) return E.left(`--${name} takes no value`);
      booleans.add(name);
      continue;
    }
    if (!spec.values.includes(name)) {
      const known = [...spec.values, ...spec.booleans].map((f) => `--${f}`).join(', ');
      return E.left(`unknown option --${name} (options: ${known})`);
    }
    const again = name in values;
    if (again && !(spec.repeatable ?? []).includes(name)) return E.left(`--${name} given twice`);
    const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined || (eq < 0 && v.startsWith('--'))) return E.left(`--${name} needs a value`);
    values[name] = again ? `${values[name]},${v}` : v;
  }
  return E.right({ values, booleans, positional });
};

/** A positive integer flag value, or an error message. */
export const positiveInt = (flag: string, v: string | undefined, dflt: number): E.Either<string, number> => {
  if (v === undefined) return E.right(dflt);
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 1 ? E.right(n) : E.left(`--${flag} must be a positive integer, got '${v}'`);
};
