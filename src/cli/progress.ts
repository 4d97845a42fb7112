/**
 * Progress of long commands, on stderr only (stdout is for results: `--json` output stays clean).
 *
 * ```ts
 * const p = await startProgress(out, { label: 'map', total: layers.length, unit: 'layers' });
 * for (…) { …; p.update(done, `conv3: 1,204,000 mappings`); }
 * p.finish();
 * ```
 * - On a terminal (`out.stderrTTY` set): a bar with percentage, count, elapsed time and ETA, drawn with
 *   `cli-progress` (loaded here with a dynamic import, so commands that never start progress, like a one-shot
 *   `eval` with a fixed mapping, don't pay its load time). It appears once the work has run `delayMs`.
 * - Otherwise (a pipe, a file, CI): plain lines `label: 3/11 layers (27%), 4.1 s elapsed, ETA 11 s — info`,
 *   at most one every `intervalMs` (2 s), the first after `intervalMs`; `finish()` prints the last state
 *   only when an earlier line was printed (with the last `info`). Work that ends within `intervalMs` prints
 *   nothing.
 * - `update(done, info?)` may be called as often as the caller likes (it is throttled here); `info` is a short
 *   free-text detail (the current layer, mappings evaluated so far). ETA = elapsed / done × (total − done),
 *   shown once `done > 0`.
 * - `silentProgress` does nothing (for callers that need a `Progress` but show none).
 */
import { performance } from 'node:perf_hooks';
import type { Out, TtyStream } from './out.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface ProgressOptions {
  /** What is running, e.g. `codesim map`. */
  readonly label: string;
  /** Units of work in all (≥ 0). */
  readonly total: number;
  /** Name of a unit, plural (`layers`, `mappings`). */
  readonly unit: string;
  /** Plain mode: minimum time between two lines, ms (default 2000). */
  readonly intervalMs?: number;
  /** TTY mode: the bar appears after this much time, ms (default 500). */
  readonly delayMs?: number;
}

export interface Progress {
  /** `done` units of `total` are finished; `info`: a short detail shown with it. */
  update(done: number, info?: string): void;
  /** The work is over: draw the final state (see the module doc) and release the terminal. */
  finish(info?: string): void;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** A progress reporter that shows nothing. */
export const silentProgress: Progress = { update: () => undefined, finish: () => undefined };

/** Start reporting progress of `opts.total` units on `out.stderr` (a bar on a TTY, else plain lines). */
export const startProgress = async (out: Out, opts: ProgressOptions): Promise<Progress> => {
  const now = out.now ?? (() => performance.now());
  return out.stderrTTY !== undefined ? barProgress(out.stderrTTY, opts, now) : plainProgress(out, opts, now);
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** `12 s`, `3 min 05 s`, `1 h 02 min`. */
export const formatDuration = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
};

/** The plain-text line of a progress state. */
export const progressLine = (opts: ProgressOptions, done: number, elapsedMs: number, info?: string): string => {
  const pct = opts.total > 0 ? Math.floor((100 * done) / opts.total) : 100;
  const eta = done > 0 && done < opts.total ? `, ETA ${formatDuration(((elapsedMs / done) * (opts.total - done)) / 1000)}` : '';
  return `${opts.label}: ${done.toLocaleString('en-US')}/${opts.total.toLocaleString('en-US')} ${opts.unit} (${pct}%), ${(elapsedMs / 1000).toFixed(1)} s elapsed${eta}${info ? ` — ${info}` : ''}`;
};

const plainProgress = (out: Out, opts: ProgressOptions, now: () => number): Progress => {
  const t0 = now();
  const interval = opts.intervalMs ?? 2000;
  let last = t0;
  let printed = false;
  let lastLine = '';
  let done = 0;
  let lastInfo: string | undefined;
  let finished = false;
  return {
    update(d, info) {
      done = d;
      lastInfo = info;
      const t = now();
      if (finished || t - last < interval) return;
      last = t;
      printed = true;
      lastLine = progressLine(opts, done, t - t0, info);
      out.stderr(lastLine + '\n');
    },
    finish(info) {
      if (finished) return;
      finished = true;
      const line = progressLine(opts, done, now() - t0, info ?? lastInfo);
      // The last state, unless the last line already showed it (same count and detail).
      if (printed && line.replace(/, [\d.]+ s elapsed/, '') !== lastLine.replace(/, [\d.]+ s elapsed/, '')) out.stderr(line + '\n');
    },
  };
};

interface BarLike {
  start(total: number, value: number, payload?: object): void;
  update(value: number, payload?: object): void;
  stop(): void;
}
interface CliProgressModule {
  readonly SingleBar: new (options: object) => BarLike;
}

const barProgress = async (stream: TtyStream, opts: ProgressOptions, now: () => number): Promise<Progress> => {
  const mod = (await import('cli-progress')) as unknown as CliProgressModule & { readonly default?: CliProgressModule };
  const { SingleBar } = mod.default ?? mod;
  const t0 = now();
  const delay = opts.delayMs ?? 500;
  let bar: BarLike | null = null;
  let done = 0;
  let finished = false;
  const payload = (info: string | undefined, t: number): object => ({
    info: info ? ` | ${info}` : '',
    elapsed: formatDuration((t - t0) / 1000),
    etaText: done > 0 && done < opts.total ? formatDuration((((t - t0) / done) * (opts.total - done)) / 1000) : done >= opts.total ? '0 s' : '…',
  });
  const ensureBar = (t: number, info: string | undefined): BarLike => {
    if (bar === null) {
      bar = new SingleBar({
        stream,
        format: `${opts.label} [{bar}] {percentage}% | {value}/{total} ${opts.unit} | {elapsed} elapsed | ETA {etaText}{info}`,
        barsize: 24,
        hideCursor: false,
        clearOnComplete: false,
        // Long lines are cut to the terminal width (no wrap-off escape that Ctrl-C during a search would leave set).
        linewrap: true,
        fps: 5,
        etaBuffer: 1_000_000,
        gracefulExit: false,
      });
      bar.start(opts.total, done, payload(info, t));
    }
    return bar;
  };
  return {
    update(d, info) {
      done = d;
      const t = now();
      if (finished || (bar === null && t - t0 < delay)) return;
      ensureBar(t, info).update(done, payload(info, t));
    },
    finish(info) {
      if (finished) return;
      finished = true;
      if (bar === null) return;
      const t = now();
      bar.update(done, payload(info, t));
      bar.stop();
    },
  };
};
