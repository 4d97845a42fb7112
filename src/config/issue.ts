/**
 * A problem found in a configuration document: where (a path of keys and indices into the parsed YAML, so
 * the CLI can map it back to `file:line:col`) and what is wrong. Decoders collect every issue they find
 * instead of stopping at the first.
 */
import type * as t from 'io-ts';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/**
 * One configuration problem. `path` is the list of mapping keys (strings) and sequence indices (numbers)
 * from the document root to the offending value, e.g. `['layers', 3, 'strideH']`; `[]` is the root.
 */
export interface ConfigIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** @example configIssue(['layers', 0, 'kernel'], 'expected a positive integer, got 0') */
export const configIssue = (path: ReadonlyArray<string | number>, message: string): ConfigIssue => ({ path, message });

/**
 * Convert io-ts validation errors to issues. The path is read from each error's context: the root entry
 * (key `''`) is dropped, a key under an array value becomes its numeric index, and the member keys that
 * io-ts unions / intersections insert are skipped. Without a custom message the issue says what was
 * expected (the codec's name) and what was found.
 */
export const issuesFromErrors = (errors: t.Errors): ReadonlyArray<ConfigIssue> =>
  errors.map((e) => configIssue(contextPath(e.context), e.message ?? expectedMessage(e)));

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/**
 * `layers[3].strideH` style rendering of a path (`<root>` for the empty path); keys that are not
 * identifiers are quoted: `defaults["my key"]`.
 */
export const formatPath = (path: ReadonlyArray<string | number>): string => {
  if (path.length === 0) return '<root>';
  return path
    .map((p, i) =>
      typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$-]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `[${JSON.stringify(p)}]`,
    )
    .join('');
};

/** `path: message`, one line. */
export const formatIssue = (issue: ConfigIssue): string => `${formatPath(issue.path)}: ${issue.message}`;

/** A short, safe rendering of any parsed-YAML value for messages (strings quoted, long values cut). */
export const showValue = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  if (typeof u === 'number' || typeof u === 'boolean' || u === null) return String(u);
  let s: string;
  try {
    s = JSON.stringify(u) ?? String(u);
  } catch {
    s = Object.prototype.toString.call(u);
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

const contextPath = (context: t.Context): ReadonlyArray<string | number> => {
  const path: Array<string | number> = [];
  for (let i = 1; i < context.length; i++) {
    const entry = context[i]!;
    const parent = context[i - 1]!;
    const parentTag = (parent.type as { readonly _tag?: string })._tag;
    if (parentTag === 'UnionType' || parentTag === 'IntersectionType') continue;
    path.push(Array.isArray(parent.actual) && /^\d+$/.test(entry.key) ? Number(entry.key) : entry.key);
  }
  return path;
};

const expectedMessage = (e: t.ValidationError): string => {
  const last = e.context[e.context.length - 1];
  const expected = last === undefined ? 'a value' : last.type.name;
  return e.value === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${showValue(e.value)}`;
};
