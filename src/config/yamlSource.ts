/**
 * YAML text → a plain value plus a way back to the text: `parseYaml` parses with the `yaml` package
 * (`parseDocument` + `LineCounter`) and returns the document as plain data with a `locate` function mapping a
 * `ConfigIssue` path (keys and indices) to a 1-based line:column, so every decoding issue can be shown as
 * `file:line:col: path: message` (`renderIssue`).
 *
 * Position rule: `locate(path)` walks the path from the root as far as the document goes and returns the
 * position of the deepest node reached — for a mapping entry its KEY, for a sequence element the element.
 * So a wrong-typed or unknown key points at that key, and a missing key points at the key (or sequence
 * element) holding the mapping that lacks it (the document start for the root).
 *
 * Pure: takes text, returns values (syntax errors are `Left`), never throws.
 *
 * @example
 * const r = parseYaml('clockMHz: fast\n', 'arch.yaml');
 * // Right({ doc: { clockMHz: 'fast' }, locate }); locate(['clockMHz']) → { line: 1, col: 1 }
 */
import * as E from 'fp-ts/lib/Either.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { formatPath, type ConfigIssue } from './issue.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** An issue placed in a file. `path` is rendered (`levels[2].capacityWords`; `''` for syntax errors). */
export interface LocatedIssue {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
  readonly path: string;
  readonly message: string;
}

/** 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** A parsed file: plain data (maps → objects, sequences → arrays) and its position lookup. */
export interface YamlSource {
  readonly doc: unknown;
  readonly locate: (path: ReadonlyArray<string | number>) => Position;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Parse one YAML document. Syntax errors (including duplicate keys, several documents in one file, tabs as
 * indentation, unresolvable aliases) become issues at their position with path `''`; all are reported.
 */
export const parseYaml = (text: string, file: string): E.Either<LocatedIssue[], YamlSource> => {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, col: p.col };
  };
  if (document.errors.length > 0) {
    return E.left(document.errors.map((e) => ({ file, ...at(e.pos[0]), path: '', message: firstLine(e.message) })));
  }
  let doc: unknown;
  try {
    doc = document.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    const message = err instanceof Error ? firstLine(err.message) : 'cannot convert the document to data';
    return E.left([{ file, ...at(document.contents?.range?.[0] ?? 0), path: '', message }]);
  }
  return E.right({ doc, locate: (path) => at(offsetOf(document, path)) });
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Place decoding issues in a parsed file. */
export const locateIssues = (issues: ReadonlyArray<ConfigIssue>, file: string, source: Pick<YamlSource, 'locate'>): LocatedIssue[] =>
  issues.map((i) => ({ file, ...source.locate(i.path), path: formatPath(i.path), message: i.message }));

/**
 * `file:line:col: path: message` on one line (the CLI's error format). A syntax error has no path, so the
 * `path: ` part is left out: `file:line:col: message`.
 *
 * @example renderIssue({ file: 'a.yaml', line: 7, col: 5, path: 'levels[2].capacityWords', message: 'expected a positive integer, got 0' })
 * // 'a.yaml:7:5: levels[2].capacityWords: expected a positive integer, got 0'
 */
export const renderIssue = (i: LocatedIssue): string =>
  i.path === '' ? `${i.file}:${i.line}:${i.col}: ${i.message}` : `${i.file}:${i.line}:${i.col}: ${i.path}: ${i.message}`;

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const firstLine = (s: string): string => s.split('\n')[0]!.trim();

/** Character offset of the deepest node on `path` (see the module doc). */
const offsetOf = (document: Document, path: ReadonlyArray<string | number>): number => {
  const start = (n: unknown): number | undefined => {
    const r = (n as { readonly range?: readonly [number, number, number] | null } | null | undefined)?.range;
    return r === undefined || r === null ? undefined : r[0];
  };
  let node: unknown = document.contents;
  let offset = start(node) ?? 0;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (pair === undefined) break;
      offset = start(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | null | undefined;
      if (item === undefined) break;
      offset = start(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
};
