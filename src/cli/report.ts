/**
 * `codesim report INPUT... [--out report.html] [--charts DIR --format svg|png] [--title T] [--json]`:
 * one self-contained offline HTML report with charts (vega-lite rendered to inline SVG in Node) from codesim's
 * JSON outputs, recognised by shape (`report/inputs.ts`): `eval --json`, `compare-dataflows --json`,
 * `compare-pruning --json`, `compress --json`, and sweep results (`results.jsonl` or its directory).
 *
 * vega / vega-lite load lazily (only this command), and the PNG renderer (@resvg/resvg-js: a prebuilt
 * binary shipped inside its npm package, nothing downloaded at install or run time) only for `--format png`.
 * Input problems are one located line each (`file:line:col: path: message`), exit 2.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { formatPath, parseYaml, renderIssue, type LocatedIssue } from '../config/index.js';
import type { InputIssue, ReportInput, SweepRecord } from '../report/index.js';
import { commandHelp, parseCommand, usageLine, type CommandDef } from './optionTable.js';
import { packageFile } from './io.js';
import type { Out } from './out.js';

/** The command's option table (parser flags and `--help` come from it). */
export const REPORT_COMMAND: CommandDef = {
  name: 'report',
  summary: 'one offline HTML report with charts (inline SVG) from codesim JSON outputs and sweep results',
  positional: 'INPUT...',
  options: [
    { name: 'out', arg: 'FILE', help: 'the HTML report to write (default: report.html)' },
    { name: 'charts', arg: 'DIR', help: 'also write every chart as its own file in DIR (for papers)' },
    { name: 'format', arg: 'svg|png', help: 'format of the --charts files (default: svg; png is rendered at 2x by resvg)' },
    { name: 'title', arg: 'TEXT', help: 'the report title (default: "codesim report")' },
    { name: 'json', help: 'print a JSON summary (output files, charts, sizes) on stdout' },
  ],
  notes: [
    'INPUT: a JSON file from eval / compare-dataflows / compare-pruning / compress --json, or a sweep\'s',
    'results.jsonl (or the directory holding it; its sweep.json names method, seed and objectives).',
  ],
};

export const reportCommand = async (argv: ReadonlyArray<string>, out: Out): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>): number => {
    out.stderr(lines.join('\n') + '\n');
    return 2;
  };
  const args = parseCommand(argv, REPORT_COMMAND);
  if (E.isLeft(args)) return fail([`codesim report: ${args.left}`, usageLine(REPORT_COMMAND)]);
  const a = args.right;
  if (a.booleans.has('help')) {
    out.stdout(commandHelp(REPORT_COMMAND));
    return 0;
  }
  if (a.positional.length === 0) return fail(['codesim report: missing INPUT (a codesim JSON output or a sweep results.jsonl)', usageLine(REPORT_COMMAND)]);
  const format = a.values['format'] ?? 'svg';
  if (format !== 'svg' && format !== 'png') return fail([`codesim report: --format must be svg or png, got '${format}'`]);
  if (a.values['format'] !== undefined && a.values['charts'] === undefined) return fail(['codesim report: --format applies to the --charts DIR files; give --charts DIR too']);
  const outFile = a.values['out'] ?? 'report.html';
  const outDir = dirname(outFile);
  if (!existsSync(outDir) || !statSync(outDir).isDirectory()) return fail([`codesim report: --out ${outFile}: no such directory '${outDir}'`]);

  const t0 = (out.now ?? (() => performance.now()))();
  const inputs: ReportInput[] = [];
  const issues: LocatedIssue[] = [];
  for (const p of a.positional) {
    const r = await readInput(p, (w) => out.stderr(`codesim report: warning: ${w}\n`));
    if (E.isLeft(r)) issues.push(...r.left);
    else inputs.push(r.right);
  }
  if (issues.length > 0) return fail(issues.map(renderIssue));

  const { reportParts, reportHtml, renderSvg } = await import('../report/index.js');
  const parts = reportParts(inputs);
  const sections = parts.flatMap((p) => p.sections);
  const svgs = new Map<string, string>();
  const { startProgress } = await import('./progress.js');
  const progress = await startProgress(out, { label: 'codesim report', total: sections.length, unit: 'charts' });
  let i = 0;
  for (const s of sections) {
    const r = await renderSvg(s.spec);
    for (const w of r.warnings) out.stderr(`codesim report: chart ${s.id}: ${w}\n`);
    svgs.set(s.id, r.svg);
    progress.update(++i, s.id);
  }
  progress.finish();
  const version = await codesimVersion();
  const html = reportHtml({ title: a.values['title'] ?? 'codesim report', version, command: `codesim report ${argv.join(' ')}` }, parts, svgs);
  try {
    await writeFile(outFile, html);
  } catch (err) {
    return fail([`codesim report: --out ${outFile}: ${err instanceof Error ? err.message : String(err)}`]);
  }
  const chartFiles: string[] = [];
  const chartsDir = a.values['charts'];
  if (chartsDir !== undefined) {
    await mkdir(chartsDir, { recursive: true });
    const png = format === 'png' ? await import('@resvg/resvg-js') : undefined;
    for (const s of sections) {
      const svg = svgs.get(s.id) ?? '';
      const file = join(chartsDir, `${s.id}.${format}`);
      if (png !== undefined) {
        const img = new png.Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
        await writeFile(file, img);
      } else await writeFile(file, svg);
      chartFiles.push(file);
    }
  }
  const seconds = ((out.now ?? (() => performance.now()))() - t0) / 1000;
  if (a.booleans.has('json')) {
    out.stdout(
      JSON.stringify({
        out: outFile,
        bytes: Buffer.byteLength(html),
        seconds,
        inputs: inputs.map((x) => ({ file: x.file, kind: x._tag })),
        charts: sections.map((s) => ({ id: s.id, title: s.title, marks: s.marks })),
        chartFiles,
      }) + '\n',
    );
  } else {
    out.stdout(`${outFile}: ${sections.length} charts from ${inputs.length} input${inputs.length === 1 ? '' : 's'} (${(Buffer.byteLength(html) / 1024).toFixed(0)} kB)${chartFiles.length > 0 ? `; ${chartFiles.length} ${format.toUpperCase()} files in ${chartsDir}` : ''}\n`);
  }
  return 0;
};

// ---------------------------------------------------------------------------------------------------------
// reading inputs
// ---------------------------------------------------------------------------------------------------------

const at = (file: string, line: number, col: number, path: ReadonlyArray<string | number>, message: string): LocatedIssue => ({ file, line, col, path: pathOf(path), message });

/** Read one INPUT: a sweep directory, a results.jsonl, or a JSON document. */
export const readInput = async (p: string, warn: (w: string) => void): Promise<E.Either<ReadonlyArray<LocatedIssue>, ReportInput>> => {
  const { decodeRecord, decodeSweepMeta, detectDocument, metaFromRecords } = await import('../report/index.js');
  let file = p;
  if (existsSync(p) && statSync(p).isDirectory()) {
    file = join(p, 'results.jsonl');
    if (!existsSync(file)) return E.left([at(p, 1, 1, [], 'a directory without results.jsonl (give a sweep results directory, or a JSON file)')]);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return E.left([at(file, 1, 1, [], code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read the file')]);
  }
  if (file.endsWith('.jsonl')) {
    const lines = text.split('\n');
    const records: SweepRecord[] = [];
    const issues: LocatedIssue[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '' || issues.length >= 5) return;
      let u: unknown;
      try {
        u = JSON.parse(line);
      } catch (err) {
        // A torn last line (a sweep killed mid-write) is not a record: the sweep itself ignores it too.
        if (i === lines.length - 1 && !text.endsWith('\n')) {
          warn(`${file}:${i + 1}: an incomplete last line (a sweep stopped mid-write) is skipped`);
          return;
        }
        issues.push(at(file, i + 1, 1, [], `not JSON: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      const r = decodeRecord(u);
      if (E.isLeft(r)) issues.push(...locateInLine(file, i + 1, line, r.left));
      else records.push(r.right);
    });
    if (issues.length > 0) return E.left(issues);
    if (records.length === 0) return E.left([at(file, 1, 1, [], 'no sweep records in this file')]);
    const metaFile = join(dirname(file), 'sweep.json');
    let meta = metaFromRecords(basename(dirname(file)), records);
    if (existsSync(metaFile)) {
      let u: unknown;
      try {
        u = JSON.parse(await readFile(metaFile, 'utf8'));
      } catch {
        return E.left([at(metaFile, 1, 1, [], 'not JSON')]);
      }
      const m = decodeSweepMeta(u);
      if (E.isLeft(m)) return E.left(locateInLine(metaFile, 1, JSON.stringify(u), m.left));
      meta = m.right;
    } else warn(`${file}: no sweep.json beside it; method 'unknown', objectives energy and latency assumed`);
    return E.right({ _tag: 'sweep', file, data: { meta, records } });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Positions of the syntax error from the YAML parser (JSON is YAML); if YAML accepts it, it is still not JSON.
    const y = parseYaml(text, file);
    if (E.isLeft(y)) return E.left(y.left.slice(0, 1).map((i) => ({ ...i, message: `not JSON: ${i.message}` })));
    return E.left([at(file, 1, 1, [], 'not JSON (give a codesim --json output or a results.jsonl)')]);
  }
  const r = detectDocument(file, doc);
  if (E.isRight(r)) return r;
  const y = parseYaml(text, file);
  return E.left(r.left.map((iss) => (E.isRight(y) ? { file, ...y.right.locate(iss.path), path: pathOf(iss.path), message: iss.message } : at(file, 1, 1, iss.path, iss.message))));
};

/** Place issues of a one-line JSON document at its line (columns from the YAML parser's positions). */
const locateInLine = (file: string, line: number, text: string, issues: ReadonlyArray<InputIssue>): LocatedIssue[] => {
  const y = parseYaml(text, file);
  return issues.map((iss) => {
    const pos = E.isRight(y) ? y.right.locate(iss.path) : { line: 1, col: 1 };
    return { file, line: line + pos.line - 1, col: pos.col, path: pathOf(iss.path), message: iss.message };
  });
};

/** A document path for the error line; the root has none (the line reads `file:line:col: message`). */
const pathOf = (path: ReadonlyArray<string | number>): string => (path.length === 0 ? '' : formatPath(path));

const codesimVersion = async (): Promise<string> => {
  try {
    const pkg = JSON.parse(await readFile(packageFile('package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
};
