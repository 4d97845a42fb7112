/**
 * The CLI's IO edge: read a YAML file and parse it with positions. Every failure is a `LocatedIssue` (a
 * missing or unreadable file is reported at 1:1 of that file).
 */
import { access, constants, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { parseYaml, type LocatedIssue, type YamlSource } from '../config/index.js';

export { packageFile } from './paths.js';

/** Largest input file read (codesim's configs are a few kB; a mistaken multi-MB file fails fast and clearly). */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

export const readYaml = async (file: string): Promise<E.Either<ReadonlyArray<LocatedIssue>, YamlSource>> => {
  let text: string;
  try {
    const st = await stat(file);
    if (st.isFile() && st.size > MAX_INPUT_BYTES) {
      return E.left([{ file, line: 1, col: 1, path: '', message: `file too large: ${(st.size / 1048576).toFixed(1)} MiB, above the ${MAX_INPUT_BYTES / 1048576} MiB limit for input files (codesim's configs are a few kB)` }]);
    }
    const bytes = await readFile(file);
    const decoded = utf8Text(bytes);
    if (typeof decoded !== 'string') return E.left([{ file, ...decoded.at, path: '', message: decoded.message }]);
    text = decoded;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : 'cannot read the file';
    return E.left([{ file, line: 1, col: 1, path: '', message: why }]);
  }
  return parseYaml(text, file);
};

/**
 * Whether `file` can be written (before any long work): `undefined` if so, else why. An existing file must be
 * a writable regular file; a new one needs a writable existing directory. Creates nothing.
 */
export const checkWritable = async (file: string): Promise<string | undefined> => {
  try {
    const st = await stat(file);
    if (st.isDirectory()) return 'is a directory';
    await access(file, constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code !== 'ENOENT') return `cannot write (${code ?? 'error'})`;
  }
  const dir = dirname(resolve(file));
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) return `${dir} is not a directory`;
    await access(dir, constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `no such directory ${dir}` : code === 'EACCES' || code === 'EPERM' ? `permission denied in ${dir}` : `cannot write in ${dir} (${code ?? 'error'})`;
  }
};

/**
 * The text of UTF-8 bytes (a UTF-8 byte-order mark dropped), or why it is not UTF-8 text: a UTF-16/32
 * byte-order mark, a NUL byte (binary data), or an invalid UTF-8 sequence — located at its line and column.
 */
export const utf8Text = (bytes: Uint8Array): string | { readonly message: string; readonly at: { readonly line: number; readonly col: number } } => {
  const start = { line: 1, col: 1 };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { message: 'not UTF-8 text: the file is UTF-16 (byte-order mark); save it as UTF-8', at: start };
  }
  const nul = bytes.indexOf(0);
  const valid = (() => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  })();
  if (valid !== undefined && nul < 0) return valid.charCodeAt(0) === 0xfeff ? valid.slice(1) : valid;
  const bad = Math.min(nul >= 0 ? nul : bytes.length, valid === undefined ? firstInvalidUtf8(bytes) : bytes.length);
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
  const lines = prefix.split('\n');
  const at = { line: lines.length, col: (lines[lines.length - 1] ?? '').length + 1 };
  const b = bytes[bad] ?? 0;
  return { message: b === 0 ? 'not UTF-8 text: a NUL byte (binary data?)' : `not UTF-8 text: invalid byte 0x${b.toString(16).padStart(2, '0')}`, at };
};

/** Index of the first byte that does not start / continue a well-formed UTF-8 sequence (RFC 3629). */
const firstInvalidUtf8 = (b: Uint8Array): number => {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
    }
    const d1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && d1 < 0xa0) || (c === 0xed && d1 > 0x9f) || (c === 0xf0 && d1 < 0x90) || (c === 0xf4 && d1 > 0x8f)) return i;
    i += n + 1;
  }
  return b.length;
};
