/**
 * A throw-away redis-server for the queue tests (the Debian package; `.ci/run` installs it when missing): on a
 * free loopback port, no persistence (no RDB snapshots, no AOF), stopped by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';

export const REDIS_SERVER = '/usr/bin/redis-server';

const freePort = (): Promise<number> =>
  new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => res(port));
    });
  });

const ping = (port: number): Promise<boolean> =>
  new Promise((res) => {
    const s = connect({ host: '127.0.0.1', port });
    let buf = '';
    s.once('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) {
        s.end();
        res(buf.startsWith('+PONG'));
      }
    });
    s.once('error', () => res(false));
  });

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly stop: () => Promise<void>;
}

/** Start redis-server; resolves once it answers PING (at most ~10 s). */
export const startRedis = async (): Promise<RedisServer> => {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: apt-get install -y redis-server (.ci/run does this)`);
  const port = await freePort();
  const proc: ChildProcess = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'], { stdio: 'ignore' });
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  for (let i = 0; i < 200; i++) {
    if (await ping(port)) break;
    if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
};
