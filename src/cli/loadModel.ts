/**
 * Reading a model file (docs/model-format.md) for a command: the file's text → `decodeModel` (checked against
 * the network it must belong to). Failures are ready-to-print lines `file:line:col: path: message`: on
 * failure the text is parsed again with positions (JSON is YAML) to place each issue. The trainer module is
 * loaded lazily (dynamic import), so commands that never read a model don't pay for it.
 */
import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { locateIssues, parseYaml, renderIssue } from '../config/index.js';
import type { TrainedModel } from '../train/index.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The model in `file`, for network `expectNetwork` (when given), or the lines saying why not. */
export const loadModel = async (file: string, expectNetwork?: string): Promise<E.Either<ReadonlyArray<string>, TrainedModel>> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : 'cannot read the file';
    return E.left([`${file}:1:1: ${why}`]);
  }
  const { decodeModel } = await import('../train/index.js');
  const decoded = decodeModel(text, expectNetwork);
  if (E.isRight(decoded)) return decoded;
  const src = parseYaml(text, file);
  if (E.isLeft(src)) return E.left(src.left.map(renderIssue));
  return E.left(locateIssues(decoded.left, file, src.right).map(renderIssue));
};
