/**
 * The CLI's IO edge: read a YAML file and parse it with positions. Every failure is a `LocatedIssue` (a
 * missing or unreadable file is reported at 1:1 of that file).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { parseYaml, type LocatedIssue, type YamlSource } from '../config/index.js';

/** Absolute path of a file shipped with the package (e.g. `configs/eyeriss.yaml`), independent of the cwd. */
export const packageFile = (rel: string): string => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

export const readYaml = async (file: string): Promise<E.Either<ReadonlyArray<LocatedIssue>, YamlSource>> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : 'cannot read the file';
    return E.left([{ file, line: 1, col: 1, path: '', message: why }]);
  }
  return parseYaml(text, file);
};
