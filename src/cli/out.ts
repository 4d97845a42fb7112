/**
 * Where a command writes: the capability record every command receives (`xCommand(argv, out)`), so tests run
 * commands in-process and capture their output. Only `stdout` and `stderr` are required; the optional fields
 * describe the terminal (for progress bars) and the clock (for progress ETAs), and tests fake them.
 */

/** A writable terminal stream, as `cli-progress` needs it (the real `process.stderr` when it is a TTY). */
export interface TtyStream {
  readonly isTTY: true;
  readonly columns?: number;
  write(s: string, cb?: () => void): boolean;
}

export interface Out {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Set when stderr is a terminal: progress is drawn as a bar on it (else plain periodic lines). */
  readonly stderrTTY?: TtyStream;
  /** Milliseconds (monotonic); default `performance.now`. Tests inject a fake clock. */
  readonly now?: () => number;
}
