/**
 * The CLI's IO edge: read a YAML file and parse it with positions. Every failure is a `LocatedIssue` (a
 * missing or unreadable file is reported at 1:1 of that file).
 */
import { access, constants, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { parseYaml, type LocatedIssue, type YamlSource } from '../config/yamlSource.js';

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
