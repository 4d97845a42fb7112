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
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, col: p.col };
  };
  // Deep nesting is refused before parsing (the parser recurses per level): located at the first bracket too deep.
  const deep = flowDepthOffset(text, MAX_NESTING);
  if (deep !== undefined) {
    const p = lineAndCol(text, deep);
    return E.left([{ file, ...p, path: '', message: `nesting deeper than ${MAX_NESTING} levels (codesim's file formats nest at most a few levels)` }]);
  }
  let document: Document;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false });
  } catch (err) {
    return E.left([{ file, line: 1, col: 1, path: '', message: err instanceof RangeError ? `nesting too deep to parse (codesim's file formats nest at most a few levels)` : 'cannot parse the file' }]);
  }
  if (document.errors.length > 0) {
    return E.left(document.errors.map((e) => ({ file, ...at(e.pos[0]), path: '', message: nestingMessage(firstLine(e.message)) })));
  }
  const tooDeep = nodeDepthOffset(document.contents, MAX_NESTING);
  if (tooDeep !== undefined) {
    return E.left([{ file, ...at(tooDeep), path: '', message: `nesting deeper than ${MAX_NESTING} levels (codesim's file formats nest at most a few levels)` }]);
  }
  let doc: unknown;
  try {
    doc = document.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    const message = err instanceof Error ? nestingMessage(firstLine(err.message)) : 'cannot convert the document to data';
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

/** Deepest nesting of mappings / sequences accepted (codesim's formats use about 6). */
export const MAX_NESTING = 64;

/** A raw stack overflow message, said in the user's terms. */
const nestingMessage = (m: string): string => (/call stack/i.test(m) ? `nesting too deep to parse (codesim's file formats nest at most a few levels)` : m);

/** 1-based line and column of a character offset (without a LineCounter: before parsing). */
const lineAndCol = (text: string, offset: number): Position => {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
};

/**
 * Offset of the first flow bracket (`[` / `{`) nested deeper than `max`, outside quotes and comments; a cheap
 * scan that keeps pathological input (`[[[[…`) away from the recursive parser. Block nesting is checked on
 * the parsed nodes (`nodeDepthOffset`).
 */
const flowDepthOffset = (text: string, max: number): number | undefined => {
  let depth = 0;
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (comment) {
      if (c === '\n') comment = false;
      continue;
    }
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") {
      const prev = i > 0 ? text[i - 1]! : ' ';
      if (/[\s\[{,:]/.test(prev)) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > max) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
};

/** Offset of the first node nested deeper than `max` (iterative walk of the parsed tree). */
const nodeDepthOffset = (root: unknown, max: number): number | undefined => {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (isMap(n) || isSeq(n)) {
      if (d > max) return (n as { range?: readonly [number, number, number] | null }).range?.[0] ?? 0;
      for (const item of n.items as unknown[]) {
        if (isMap(n)) stack.push([(item as { value: unknown }).value, d + 1]);
        else stack.push([item, d + 1]);
      }
    }
  }
  return undefined;
};

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
