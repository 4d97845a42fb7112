/**
 * The `--queue redis://HOST:PORT[/DB]` address (parsed without loading the queue library).
 */
import * as E from 'fp-ts/lib/Either.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A Redis address from `redis://[user:password@]host:port[/db]`. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Parse `redis://host:port[/db]`; `Left` = one message. Only the `redis:` scheme (no TLS) is supported. */
export const parseRedisUrl = (s: string): E.Either<string, RedisAddress> => {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return E.left(`--queue must be a redis://HOST:PORT URL, got '${s}'`);
  }
  if (u.protocol !== 'redis:') return E.left(`--queue must be a redis://HOST:PORT URL (scheme redis:), got '${s}'`);
  if (u.hostname === '') return E.left(`--queue: no host in '${s}'`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) return E.left(`--queue: the database '${dbText}' is not a number`);
  return E.right({
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...(u.username !== '' ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password !== '' ? { password: decodeURIComponent(u.password) } : {}),
  });
};

