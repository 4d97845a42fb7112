/**
 * `startProgress`: plain lines (throttled, with ETA, the last one on finish, nothing for short work) when
 * stderr is not a terminal; a cli-progress bar with ETA when it is; never anything on stdout.
 */
import { describe, expect, it } from 'vitest';
import type { Out, TtyStream } from '../../src/cli/out.js';
import { formatDuration, progressLine, startProgress } from '../../src/cli/progress.js';

const capture = (tty: boolean) => {
  let t = 0;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const ttyText: string[] = [];
  const stream: TtyStream = { isTTY: true, columns: 120, write: (s: string, cb?: () => void) => { ttyText.push(s); cb?.(); return true; } };
  const out: Out = { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), now: () => t, ...(tty ? { stderrTTY: stream } : {}) };
  return { out, stdout, stderr, ttyText, advance: (ms: number) => { t += ms; } };
};

describe('progress', () => {
  it('plain mode: at most one line per interval, ETA from the rate so far, the last state on finish', async () => {
    const c = capture(false);
    const p = await startProgress(c.out, { label: 'codesim map', total: 10, unit: 'layers' });
    c.advance(500);
    p.update(1, 'conv1');
    expect(c.stderr).toEqual([]);
    c.advance(1600); // 2.1 s
    p.update(3, 'conv3');
    c.advance(100);
    p.update(4, 'conv4'); // throttled
    c.advance(2000); // 4.2 s
    p.update(6);
    c.advance(1000);
    p.update(10);
    p.finish();
    expect(c.stderr).toEqual([
      'codesim map: 3/10 layers (30%), 2.1 s elapsed, ETA 5 s — conv3\n',
      'codesim map: 6/10 layers (60%), 4.2 s elapsed, ETA 3 s\n',
      'codesim map: 10/10 layers (100%), 5.2 s elapsed\n',
    ]);
    expect(c.stdout).toEqual([]);
  });
  it('plain mode: work shorter than the interval prints nothing', async () => {
    const c = capture(false);
    const p = await startProgress(c.out, { label: 'x', total: 2, unit: 'layers' });
    c.advance(300);
    p.update(1);
    c.advance(300);
    p.update(2);
    p.finish();
    expect(c.stderr).toEqual([]);
  });
  it('TTY mode: a bar with percentage, count and ETA on the terminal stream, nothing on stdout', async () => {
    const c = capture(true);
    const p = await startProgress(c.out, { label: 'codesim eval', total: 4, unit: 'layers' });
    p.update(0);
    expect(c.ttyText.join('')).toBe(''); // not before the delay
    c.advance(1000);
    p.update(1, 'conv2');
    c.advance(1000);
    p.update(4);
    p.finish();
    const text = c.ttyText.join('');
    expect(text).toContain('codesim eval [');
    expect(text).toContain('25% | 1/4 layers | 1 s elapsed | ETA 3 s | conv2');
    expect(text).toContain('100% | 4/4 layers');
    expect(c.stdout).toEqual([]);
    expect(c.stderr).toEqual([]);
  });
  it('formats durations and lines', () => {
    expect(formatDuration(4.4)).toBe('4 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(progressLine({ label: 'l', total: 2_000_000, unit: 'mappings' }, 500_000, 1000)).toBe('l: 500,000/2,000,000 mappings (25%), 1.0 s elapsed, ETA 3 s');
  });
});
