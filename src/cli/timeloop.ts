/**
 * `codesim import timeloop --arch A.yaml [--problem P.yaml] [--mapping M.yaml] [--ert ERT.yaml] [--out DIR]` and
 * `codesim export timeloop [--arch FILE] [--net NAME|FILE] [--layer NAME] [--mapping FILE] [--out DIR]` (issue 13).
 *
 * import: reads Timeloop / Accelergy specs (`timeloop/import.ts`), checks the codesim documents it makes
 * with codesim's own decoders, and writes `arch.yaml`, `network.yaml` (with a problem) and `mapping.yaml` (with a
 * mapping) into DIR (default `.`); then `codesim eval --arch DIR/arch.yaml --net DIR/network.yaml --mapping
 * DIR/mapping.yaml` evaluates the Timeloop case. One input file may hold several parts (Timeloop's
 * parsed-processed-input.yaml holds architecture, problem and mapping: pass it to each flag).
 *
 * export: writes one MAC layer (default: the first) of a network, its mapping (from --mapping, else the greedy
 * default mapping) and the arch as Timeloop specs (`timeloop/export.ts`): `arch.yaml`, `problem.yaml`,
 * `map.yaml`, `ERT.yaml` in DIR.
 *
 * Both print the files written and the notes (what was not carried over) on stdout, or with `--json`
 * `{ files, notes }`; errors are `file:line:col: path: message` lines on stderr, exit 2.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { stringify } from 'yaml';
import { COUNTING_CONVENTIONS, type CountingConvention } from '../arch/index.js';
import {
  decodeArch, decodeMapping, decodeNetwork, formatPath, renderIssue, type LocatedIssue, type YamlSource,
} from '../config/index.js';
import { exportTimeloop, importTimeloop, type TimeloopFile } from '../timeloop/index.js';
import { defaultMapping, type Mapping } from '../mapping/index.js';
import { isMacLayer, toProblem } from '../workload/index.js';
import { parseArgs } from './args.js';
import { readYaml } from './io.js';
import { loadArch, loadNetwork, located } from './load.js';
import type { Out } from './out.js';

// ---------------------------------------------------------------------------------------------------------
// model — the option tables
// ---------------------------------------------------------------------------------------------------------

interface Opt {
  readonly name: string;
  readonly arg?: string;
  readonly help: string;
}

const IMPORT_OPTIONS: ReadonlyArray<Opt> = [
  { name: 'arch', arg: 'FILE', help: 'Timeloop architecture (v0.4 nodes, or subtree/local) — required' },
  { name: 'problem', arg: 'FILE', help: 'Timeloop problem (cnn-layer or a convolution-like shape) → network.yaml' },
  { name: 'mapping', arg: 'FILE', help: 'Timeloop mapping → mapping.yaml' },
  { name: 'ert', arg: 'FILE', help: "Accelergy ERT: the levels' read/write and the MAC's compute energies (default: the horowitz-45nm preset)" },
  { name: 'out', arg: 'DIR', help: 'where to write arch.yaml, network.yaml, mapping.yaml (default: .)' },
  { name: 'convention', arg: 'NAME', help: `counting convention written into arch.yaml: ${COUNTING_CONVENTIONS.join(' | ')} (default: timeloop-master)` },
  { name: 'json', help: 'print { files, notes } as JSON' },
  { name: 'help', help: 'this help' },
];

const EXPORT_OPTIONS: ReadonlyArray<Opt> = [
  { name: 'arch', arg: 'FILE', help: 'accelerator YAML (default: configs/eyeriss.yaml)' },
  { name: 'net', arg: 'NAME|FILE', help: 'built-in network or network YAML (default: alexnet)' },
  { name: 'layer', arg: 'NAME', help: 'the MAC layer to export (default: the first)' },
  { name: 'mapping', arg: 'FILE', help: "mapping YAML with the layer's mapping (default: the greedy default mapping)" },
  { name: 'out', arg: 'DIR', help: 'where to write arch.yaml, problem.yaml, map.yaml, ERT.yaml (default: .)' },
  { name: 'json', help: 'print { files, notes } as JSON' },
  { name: 'help', help: 'this help' },
];

const help = (head: string, opts: ReadonlyArray<Opt>): string => {
  const heads = opts.map((o) => `  --${o.name}${o.arg !== undefined ? ` ${o.arg}` : ''}`);
  const w = Math.max(...heads.map((h) => h.length)) + 2;
  return [head, ...opts.map((o, i) => heads[i]!.padEnd(w) + o.help)].join('\n');
};

export const IMPORT_USAGE = help('usage: codesim import timeloop --arch FILE [--problem FILE] [--mapping FILE] [--ert FILE] [--out DIR] [--convention NAME] [--json]', IMPORT_OPTIONS);
export const EXPORT_TIMELOOP_USAGE = help('usage: codesim export timeloop [--arch FILE] [--net NAME|FILE] [--layer NAME] [--mapping FILE] [--out DIR] [--json]', EXPORT_OPTIONS);

const spec = (opts: ReadonlyArray<Opt>) => ({ values: opts.filter((o) => o.arg !== undefined).map((o) => o.name), booleans: opts.filter((o) => o.arg === undefined).map((o) => o.name) });

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** `codesim import timeloop …` (argv after `import`). */
export const importCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseArgs(argv, spec(IMPORT_OPTIONS));
  if (E.isLeft(args)) return fail([`codesim import: ${args.left}`, IMPORT_USAGE]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(IMPORT_USAGE + '\n');
    return 0;
  }
  if (a.positional[0] !== 'timeloop' || a.positional.length > 1) return fail([`codesim import: expected 'timeloop', got '${a.positional.join(' ')}'`, IMPORT_USAGE]);
  const archFile = a.values['arch'];
  if (archFile === undefined) return fail(['codesim import: --arch FILE is required', IMPORT_USAGE]);
  const conv = a.values['convention'] ?? 'timeloop-master';
  if (!(COUNTING_CONVENTIONS as ReadonlyArray<string>).includes(conv)) return fail([`codesim import: --convention must be one of ${COUNTING_CONVENTIONS.join(', ')}, got '${conv}'`]);
  const files: Partial<Record<TimeloopFile, string>> = { arch: archFile };
  for (const k of ['problem', 'mapping', 'ert'] as const) if (a.values[k] !== undefined) files[k] = a.values[k];
  const srcs: Partial<Record<TimeloopFile, YamlSource>> = {};
  const readIssues: LocatedIssue[] = [];
  for (const [k, f] of Object.entries(files) as Array<[TimeloopFile, string]>) {
    const s = await readYaml(f);
    if (E.isLeft(s)) readIssues.push(...s.left);
    else srcs[k] = s.right;
  }
  if (readIssues.length > 0) return fail(readIssues.map(renderIssue));
  const docs = importTimeloop(
    { arch: srcs.arch!.doc, ...(srcs.problem ? { problem: srcs.problem.doc } : {}), ...(srcs.mapping ? { mapping: srcs.mapping.doc } : {}), ...(srcs.ert ? { ert: srcs.ert.doc } : {}) },
    { convention: conv as CountingConvention },
  );
  if (E.isLeft(docs)) return fail(docs.left.map((i) => renderIssue(located(srcs[i.file]!, files[i.file]!, [i])[0]!)));
  // Check what we made with codesim's own decoders (an importer bug must not produce a file eval rejects).
  const where = (what: string) => (m: string) => `${archFile}:1:1: ${what}: the imported document does not decode: ${m}`;
  const arch = decodeArch(docs.right.arch);
  if (E.isLeft(arch)) return fail(arch.left.map((i) => where('arch')(`${formatPath(i.path)}: ${i.message}`)));
  const written: Array<[string, unknown]> = [['arch.yaml', docs.right.arch]];
  if (docs.right.network !== null) {
    const net = decodeNetwork(docs.right.network);
    if (E.isLeft(net)) return fail(net.left.map((i) => where('network')(`${formatPath(i.path)}: ${i.message}`)));
    written.push(['network.yaml', docs.right.network]);
  }
  if (docs.right.mapping !== null) {
    const m = decodeMapping(docs.right.mapping, arch.right, []);
    if (E.isLeft(m)) return fail(m.left.map((i) => where('mapping')(`${formatPath(i.path)}: ${i.message}`)));
    written.push(['mapping.yaml', docs.right.mapping]);
  }
  return writeAll(out, a.values['out'] ?? '.', written, docs.right.notes, a.booleans.has('json'), 'codesim import');
};

/** `codesim export timeloop …` (argv after `export`). */
export const exportTimeloopCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseArgs(argv, spec(EXPORT_OPTIONS));
  if (E.isLeft(args)) return fail([`codesim export: ${args.left}`, EXPORT_TIMELOOP_USAGE]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(EXPORT_TIMELOOP_USAGE + '\n');
    return 0;
  }
  if (a.positional[0] !== 'timeloop' || a.positional.length > 1) return fail([`codesim export: expected 'timeloop', got '${a.positional.join(' ')}'`, EXPORT_TIMELOOP_USAGE]);
  const loaded = await loadArch(a.values['arch']);
  if (E.isLeft(loaded)) return fail(loaded.left);
  const arch = loaded.right.arch;
  const net = await loadNetwork(a.values['net'] ?? 'alexnet', 1);
  if (E.isLeft(net)) return fail(net.left.map((l) => (l.startsWith('--') ? `codesim export: ${l}` : l)));
  const layers = net.right.layers.filter(isMacLayer);
  const want = a.values['layer'];
  const layer = want === undefined ? layers[0] : layers.find((l) => l.name === want);
  if (layer === undefined) return fail([`codesim export: ${want === undefined ? 'the network has no MAC layer' : `no MAC layer '${want}' (MAC layers: ${layers.map((l) => l.name).join(', ')})`}`]);
  const problem = toProblem(layer);
  let mapping: Mapping;
  const mf = a.values['mapping'];
  if (mf !== undefined) {
    const src = await readYaml(mf);
    if (E.isLeft(src)) return fail(src.left.map(renderIssue));
    const m = decodeMapping(src.right.doc, arch, [layer.name]);
    if (E.isLeft(m)) return fail(located(src.right, mf, m.left).map(renderIssue));
    const got = m.right.get(layer.name) ?? m.right.get('*');
    if (got === undefined) return fail([`${mf}:1:1: mappings: no entry for layer ${layer.name} (nor '*')`]);
    mapping = got;
  } else {
    const d = defaultMapping(arch, problem);
    if (E.isLeft(d)) return fail([`${loaded.right.file}:1:1: levels: layer ${layer.name}: no valid mapping on this architecture`]);
    mapping = d.right;
  }
  const docs = exportTimeloop(arch, problem, mapping);
  if (E.isLeft(docs)) {
    // Mapping issues are about the layer's mapping (from --mapping, else the default one); the others about the arch.
    const at = (i: { readonly path: ReadonlyArray<string | number> }) => (mf !== undefined && i.path[0] === 'levels' && i.path.length > 2 ? `${mf}:1:1` : `${loaded.right.file}:1:1`);
    return fail(docs.left.map((i) => `${at(i)}: ${formatPath(i.path)}: cannot export layer ${layer.name}: ${i.message}`));
  }
  const written: Array<[string, unknown]> = [
    ['arch.yaml', docs.right.arch],
    ['problem.yaml', docs.right.problem],
    ['map.yaml', docs.right.mapping],
    ['ERT.yaml', docs.right.ert],
  ];
  return writeAll(out, a.values['out'] ?? '.', written, docs.right.notes, a.booleans.has('json'), 'codesim export');
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const writeAll = async (out: Out, dir: string, docs: ReadonlyArray<[string, unknown]>, notes: ReadonlyArray<string>, json: boolean, who: string): Promise<number> => {
  const files = docs.map(([name]) => join(dir, name));
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, doc] of docs) await writeFile(join(dir, name), stringify(doc, { lineWidth: 0 }));
  } catch (err) {
    out.stderr(`${dir}:1:1: ${who}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return 2;
  }
  if (json) out.stdout(JSON.stringify({ files, notes }, null, 2) + '\n');
  else out.stdout([`wrote ${files.join(', ')}`, ...notes.map((n) => `note: ${n}`)].join('\n') + '\n');
  return 0;
};
