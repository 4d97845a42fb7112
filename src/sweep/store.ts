/**
 * The results of a sweep in `--out DIR`:
 * - `results.jsonl`: append-only, one line per finished point (`PointRecord`), handed to the OS with one
 *   `appendFileSync` before the point is told to the driver, so a crash or `kill -9` of the process loses at most
 *   a line being written (a torn last line is ignored on read; that point is evaluated again). The file is
 *   fsync'ed at the end of a run, not per line (measured: an fsync per line cost ~0.1 s per point on the project
 *   VM); after a power loss, points of the last seconds may be evaluated again;
 * - `sweep.json`: the decoded sweep (to refuse resuming a different sweep);
 * - `state.json`: the driver's optimizer state after the last tell (for inspection; `--resume` rebuilds the
 *   state by replaying the recorded results, which yields the same state);
 * - `results.csv`: a flat export for pandas, rewritten at the end of a run.
 *
 * Every line read back is decoded with `PointRecordCodec`.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PointOutcomeCodec, type PointMetrics, type PointOutcome } from './point.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** One line of `results.jsonl`. */
export type PointRecord = {
  /** Stable per point: a hash of its parameter values. */
  readonly id: string;
  /** Position in the driver's ask order (0-based). */
  readonly index: number;
  readonly params: Readonly<Record<string, number | string>>;
  readonly seconds: number;
  /** The sweep's seed (and the mapper's, in `mapperSeed`). */
  readonly seed: number;
  readonly mapperSeed: number;
  /** Area of the design (mm²) when the accelerator file has an area model. */
  readonly areaMm2?: number;
  /** On-chip storage capacity of the design (kB), a-priori. */
  readonly onChipKB?: number;
} & PointOutcome;

export const PointRecordCodec: t.Type<PointRecord, unknown, unknown> = t.intersection([
  t.type({
    id: t.string,
    index: t.number,
    params: t.record(t.string, t.union([t.number, t.string])),
    seconds: t.number,
    seed: t.number,
    mapperSeed: t.number,
  }),
  t.partial({ areaMm2: t.number, onChipKB: t.number }),
  PointOutcomeCodec,
]) as unknown as t.Type<PointRecord, unknown, unknown>;

export const RESULTS = 'results.jsonl';
export const CSV = 'results.csv';
export const STATE = 'state.json';
export const SPEC = 'sweep.json';

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Read the recorded points (in file order); a torn or undecodable line is skipped and counted. */
export const readRecords = (dir: string): { readonly records: ReadonlyArray<PointRecord>; readonly skipped: number } => {
  const file = join(dir, RESULTS);
  if (!existsSync(file)) return { records: [], skipped: 0 };
  const records: PointRecord[] = [];
  let skipped = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let u: unknown;
    try {
      u = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const r = PointRecordCodec.decode(u);
    if (E.isLeft(r)) skipped++;
    else records.push(r.right);
  }
  return { records, skipped };
};

/** Append one record as one line (one write system call; in the OS's hands when this returns). */
export const appendRecord = (dir: string, rec: PointRecord): void => {
  appendFileSync(join(dir, RESULTS), JSON.stringify(rec) + '\n');
};

/** Flush `results.jsonl` to disk (end of a run). */
export const syncRecords = (dir: string): void => {
  const file = join(dir, RESULTS);
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** Write a JSON file atomically (temp file + rename). */
export const writeJson = (dir: string, name: string, value: unknown): void => {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${name}.tmp`);
  writeFileSync(tmp, JSON.stringify(value, null, 1) + '\n');
  renameSync(tmp, join(dir, name));
};

export const readJson = (dir: string, name: string): unknown => {
  const f = join(dir, name);
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * The CSV export: `id, index, status, <params…>, energy, energyPerMac, cycles, latencyUs, edp, macs,
 * weightMemoryBits, powerMW, areaMm2, onChipKB, energyUnit, <level>_energy…, network_energy, compute_energy, seconds, error`.
 */
export const toCsv = (records: ReadonlyArray<PointRecord>, paramNames: ReadonlyArray<string>): string => {
  const levels = [...new Set(records.flatMap((r) => (r.status === 'ok' ? Object.keys(r.metrics.byLevel) : [])))];
  const metricCols: ReadonlyArray<keyof PointMetrics> = ['energy', 'energyPerMac', 'cycles', 'latencyUs', 'edp', 'macs', 'weightMemoryBits', 'powerMW'];
  const head = ['id', 'index', 'status', ...paramNames, ...metricCols, 'areaMm2', 'onChipKB', 'energyUnit', ...levels.map((l) => `${l}_energy`), 'network_energy', 'compute_energy', 'seconds', 'error'];
  const rows = records.map((r) => {
    const m = r.status === 'ok' ? r.metrics : null;
    return [
      r.id,
      r.index,
      r.status,
      ...paramNames.map((p) => r.params[p] ?? ''),
      ...metricCols.map((k) => (m === null ? '' : (m[k] ?? ''))),
      r.areaMm2 ?? '',
      r.onChipKB ?? '',
      m?.energyUnit ?? '',
      ...levels.map((l) => m?.byLevel[l] ?? ''),
      m?.network ?? '',
      m?.compute ?? '',
      r.seconds,
      r.status === 'ok' ? '' : r.error,
    ].map(csvCell);
  });
  return [head.map(csvCell), ...rows].map((r) => r.join(',')).join('\n') + '\n';
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** After a crash mid-line the file may not end in a newline: start the next record on a fresh line (call once before appending). */
export const repairTail = (dir: string): void => {
  const file = join(dir, RESULTS);
  if (!existsSync(file)) return;
  const text = readFileSync(file);
  if (text.length > 0 && text[text.length - 1] !== 0x0a) appendFileSync(file, '\n');
};
