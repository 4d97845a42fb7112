/**
 * Start-up (issue 10 item 12): `codesim eval` runs from one CommonJS bundle (`dist/bundle/eval.cjs`) compiled
 * as a V8 script with a code cache (`eval.cjs.cache`, built by `npm run build`), so a one-shot run neither
 * parses its ~340 kB of JavaScript nor compiles the functions it calls (the YAML parser, the decoders, the
 * model): V8 deserializes their bytecode instead. Node 20 has no module compile cache (`module.enableCompileCache`
 * is Node 22), and V8's code cache is only reachable for classic scripts (`vm.Script`), hence a CommonJS bundle.
 *
 * Safety: a cache is used only for the exact bundle it was made from — its header repeats the bundle's first
 * line, which holds a hash of the bundle's text (`scripts/build.ts`) — and only when its data has the CRC-32 its
 * header records (V8 checks versions and flags, not the data: corrupt data is a fatal error in V8, not a
 * rejection). V8 rejects data from another V8 version or flag set (`cachedDataRejected`, e.g. under
 * `NODE_OPTIONS=--max-old-space-size=…`). In every such case the script is compiled from source and runs the same.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';

/**
 * What became of the code cache: `accepted` (V8 used it), `rejected` (V8 refused it: another Node / V8 version
 * or flags), `stale` (made from another build of the bundle), `corrupt` (its data fails its CRC-32) — neither
 * offered to V8 —, `absent` (no cache file, or a Node without `zlib.crc32`, before 20.15).
 */
export type CacheStatus = 'accepted' | 'rejected' | 'stale' | 'corrupt' | 'absent';

/** A loaded bundle: its CommonJS exports, the cache's fate, and the compiled script (to make a cache from). */
export interface LoadedBundle {
  readonly exports: Readonly<Record<string, unknown>>;
  readonly cache: CacheStatus;
  readonly script: vm.Script;
}

/** The code cache file of a bundle. */
export const cacheFileOf = (bundleFile: string): string => `${bundleFile}.cache`;

/** The bundle's first line (with its newline): `// codesim bundle <hash>`, written by the build; starts the cache's header. */
const headerOf = (source: string): string => source.slice(0, source.indexOf('\n') + 1);
/** zlib.crc32 (Node ≥ 20.15), as 8 hex digits. */
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
const crcHex = (data: Uint8Array): string => crc32!(data).toString(16).padStart(8, '0');
/** Length of the CRC line after the bundle's line: 8 hex digits and a newline. */
const CRC_LINE = 9;

/**
 * Load a CommonJS bundle as a V8 script, with its code cache when one made from this very bundle exists.
 * The bundle sees `require`, `module`, `exports`, `__filename`, `__dirname` as under Node's CommonJS loader,
 * and `__importMetaUrl` (the build defines `import.meta.url` as it), the bundle's own URL. It must not use
 * `import()` (the build turns it into `require`): Node 20 loses a script's dynamic-import callback when the
 * script comes from a code cache made in another process.
 */
export const loadBundle = (bundleFile: string): LoadedBundle => {
  const source = readFileSync(bundleFile, 'utf8');
  const header = headerOf(source);
  const cacheFile = cacheFileOf(bundleFile);
  let cache: CacheStatus = 'absent';
  let cachedData: Buffer | undefined;
  if (crc32 !== undefined && existsSync(cacheFile)) {
    const file = readFileSync(cacheFile);
    const data = file.subarray(header.length + CRC_LINE);
    if (header.length === 0 || file.subarray(0, header.length).toString('latin1') !== header) cache = 'stale';
    else if (file.subarray(header.length, header.length + CRC_LINE).toString('latin1') !== `${crcHex(data)}\n`) cache = 'corrupt';
    else cachedData = data;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __importMetaUrl) {${source}\n})`, {
    filename: bundleFile,
    ...(cachedData !== undefined ? { cachedData } : {}),
  });
  if (cachedData !== undefined) cache = script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile), pathToFileURL(bundleFile).href);
  return { exports: module.exports, cache, script };
};

/**
 * Write the code cache of a loaded bundle: the bundle's first line, the CRC-32 of the data, then V8's data for
 * every function compiled so far (so run the bundle's typical work first: functions never run are compiled lazily
 * as usual). Written to a temporary file and renamed, so a reader never sees half a cache. Returns its size in
 * bytes (0: this Node has no `zlib.crc32`, no cache written).
 */
export const writeCache = (bundleFile: string, loaded: LoadedBundle): number => {
  if (crc32 === undefined) return 0;
  const data = loaded.script.createCachedData();
  const file = Buffer.concat([Buffer.from(`${headerOf(readFileSync(bundleFile, 'utf8'))}${crcHex(data)}\n`, 'latin1'), data]);
  const tmp = `${cacheFileOf(bundleFile)}.${process.pid}.tmp`;
  writeFileSync(tmp, file);
  renameSync(tmp, cacheFileOf(bundleFile));
  return file.length;
};
