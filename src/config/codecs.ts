/**
 * The io-ts building blocks shared by every file format (arch, network, mapping): refined numbers, names,
 * enumerations, lists, pairs, and `strictStruct` (a mapping with required and optional keys and no others).
 * Every failure message says what was expected and what was found; paths come from io-ts contexts.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { DataSpace } from '../core/index.js';
import { showValue } from './issue.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A number checked by `ok`; on failure the message says `expected <expectation>, got <value>`. */
export const refinedNumber = (name: string, expectation: string, ok: (n: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && ok(u),
    (u, c) => (typeof u === 'number' && ok(u) ? t.success(u) : t.failure(u, c, `expected ${expectation}, got ${showValue(u)}`)),
    t.identity,
  );

/** A positive safe integer (sizes, counts). */
export const PositiveInt = refinedNumber('PositiveInt', 'a positive integer', (n) => Number.isSafeInteger(n) && n >= 1);
/** A non-negative safe integer (padding). */
export const NonNegativeInt = refinedNumber('NonNegativeInt', 'a non-negative integer', (n) => Number.isSafeInteger(n) && n >= 0);
/** Bits per element: an integer in 1..64. */
export const Bits = refinedNumber('Bits', 'an integer number of bits in 1..64', (n) => Number.isInteger(n) && n >= 1 && n <= 64);
/** Density (fraction of non-zeros): a number in (0, 1]. */
export const Density = refinedNumber('Density', 'a density in (0, 1]', (n) => n > 0 && n <= 1);

/** A non-empty string (layer and network names). */
export const Name = new t.Type<string, string, unknown>(
  'Name',
  (u): u is string => typeof u === 'string' && u.length > 0 && u !== '__proto__',
  (u, c) =>
    typeof u !== 'string' || u.length === 0
      ? t.failure(u, c, `expected a non-empty name, got ${showValue(u)}`)
      : u === '__proto__'
        ? t.failure(u, c, `"__proto__" cannot be a name (names key the per-level and per-layer records of the results)`)
        : t.success(u),
  t.identity,
);

/** Free text. */
export const Text = new t.Type<string, string, unknown>(
  'Text',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' ? t.success(u) : t.failure(u, c, `expected a string, got ${showValue(u)}`)),
  t.identity,
);

/** `[h, w]` from a number `n` (= `[n, n]`) or a two-element sequence of `scalar`s. */
export const scalarOrPair = (scalar: t.Type<number, number, unknown>): t.Type<readonly [number, number], unknown, unknown> =>
  new t.Type<readonly [number, number], unknown, unknown>(
    `${scalar.name} | [h, w]`,
    (u): u is readonly [number, number] => Array.isArray(u) && u.length === 2 && u.every((x) => scalar.is(x)),
    (u, c) => {
      if (typeof u === 'number') return E.map((n: number) => [n, n] as const)(scalar.validate(u, c));
      if (!Array.isArray(u) || u.length !== 2) {
        return t.failure(u, c, `expected ${scalar.name === 'PositiveInt' ? 'a positive integer' : 'a non-negative integer'} or a pair [h, w], got ${showValue(u)}`);
      }
      const h = scalar.validate(u[0], t.appendContext(c, '0', scalar, u[0]));
      const w = scalar.validate(u[1], t.appendContext(c, '1', scalar, u[1]));
      if (E.isLeft(h) || E.isLeft(w)) return t.failures([...(E.isLeft(h) ? h.left : []), ...(E.isLeft(w) ? w.left : [])]);
      return t.success([h.right, w.right] as const);
    },
    t.identity,
  );

export const PositivePair = scalarOrPair(PositiveInt);
export const NonNegativePair = scalarOrPair(NonNegativeInt);

type Props = Record<string, t.Mixed>;
/** The decoded type of a `strictStruct`. */
export type StructOf<R extends Props, O extends Props> = { readonly [K in keyof R]: t.TypeOf<R[K]> } & {
  readonly [K in keyof O]?: t.TypeOf<O[K]>;
};

export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
export const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * A mapping with `required` and `optional` keys and NO other keys: every missing required key, invalid
 * value and unknown key is reported (path = the key). `undefined` counts as absent.
 */
export const strictStruct = <R extends Props, O extends Props>(
  name: string,
  required: R,
  optional: O,
): t.Type<StructOf<R, O>, unknown, unknown> => {
  const allowed = [...Object.keys(required), ...Object.keys(optional)];
  const validate = (u: unknown, c: t.Context): t.Validation<StructOf<R, O>> => {
    if (!isRecord(u)) return t.failure(u, c, `expected ${name} (a mapping), got ${showValue(u)}`);
    const errors: t.ValidationError[] = [];
    const out: Record<string, unknown> = {};
    const field = (k: string, codec: t.Mixed, isRequired: boolean): void => {
      const v = hasOwn(u, k) ? u[k] : undefined;
      if (v === undefined) {
        if (isRequired) errors.push({ value: undefined, context: t.appendContext(c, k, codec, undefined), message: `missing required key "${k}" of ${name}` });
        return;
      }
      const r = codec.validate(v, t.appendContext(c, k, codec, v));
      if (E.isLeft(r)) errors.push(...r.left);
      else out[k] = r.right;
    };
    for (const [k, codec] of Object.entries(required)) field(k, codec, true);
    for (const [k, codec] of Object.entries(optional)) field(k, codec, false);
    for (const k of Object.keys(u)) {
      if (!allowed.includes(k)) {
        errors.push({
          value: u[k],
          context: t.appendContext(c, k, t.unknown, u[k]),
          message: `unknown key "${k}" in ${name} (allowed: ${allowed.join(', ')})`,
        });
      }
    }
    return errors.length > 0 ? t.failures(errors) : t.success(out as StructOf<R, O>);
  };
  return new t.Type<StructOf<R, O>, unknown, unknown>(name, (u): u is StructOf<R, O> => E.isRight(validate(u, [])), validate, t.identity);
};

/** A number > 0 (finite, or `Infinity` where `allowInfinity`). */
export const positiveNumber = (allowInfinity: boolean): t.Type<number, number, unknown> =>
  refinedNumber('PositiveNumber', allowInfinity ? 'a number > 0 (or .inf)' : 'a finite number > 0', (n) => n > 0 && (allowInfinity || Number.isFinite(n)));
/** A finite number ≥ 0 (energies). */
export const NonNegativeNumber = refinedNumber('NonNegativeNumber', 'a finite number >= 0', (n) => Number.isFinite(n) && n >= 0);
/** A fraction in [0, 1]. */
export const Fraction = refinedNumber('Fraction', 'a fraction in [0, 1]', (n) => n >= 0 && n <= 1);

/** One of a fixed set of strings. */
export const oneOf = <A extends string>(what: string, values: ReadonlyArray<A>): t.Type<A, unknown, unknown> =>
  new t.Type<A, unknown, unknown>(
    what,
    (u): u is A => typeof u === 'string' && (values as ReadonlyArray<string>).includes(u),
    (u, c) =>
      typeof u === 'string' && (values as ReadonlyArray<string>).includes(u)
        ? t.success(u as A)
        : t.failure(u, c, `expected ${what} (one of ${values.join(', ')}), got ${showValue(u)}`),
    t.identity,
  );

/** A boolean. */
export const Bool = new t.Type<boolean, boolean, unknown>(
  'boolean',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => (typeof u === 'boolean' ? t.success(u) : t.failure(u, c, `expected true or false, got ${showValue(u)}`)),
  t.identity,
);

/** A sequence of `item`s (every element's errors reported at its index). */
export const listOf = <A>(item: t.Type<A, unknown, unknown>, what: string): t.Type<ReadonlyArray<A>, unknown, unknown> =>
  new t.Type<ReadonlyArray<A>, unknown, unknown>(
    `list of ${what}`,
    (u): u is ReadonlyArray<A> => Array.isArray(u) && u.every((x) => item.is(x)),
    (u, c) => {
      if (!Array.isArray(u)) return t.failure(u, c, `expected a list of ${what}, got ${showValue(u)}`);
      const errors: t.ValidationError[] = [];
      const out: A[] = [];
      u.forEach((x, i) => {
        const r = item.validate(x, t.appendContext(c, String(i), item, x));
        if (E.isLeft(r)) errors.push(...r.left);
        else out.push(r.right);
      });
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    },
    t.identity,
  );

/** A fixed-length sequence `[a, b]` of `item`s. */
export const pairOf = <A>(item: t.Type<A, unknown, unknown>, what: string): t.Type<readonly [A, A], unknown, unknown> =>
  new t.Type<readonly [A, A], unknown, unknown>(
    what,
    (u): u is readonly [A, A] => Array.isArray(u) && u.length === 2 && u.every((x) => item.is(x)),
    (u, c) => {
      if (!Array.isArray(u) || u.length !== 2) return t.failure(u, c, `expected ${what}, got ${showValue(u)}`);
      const a = item.validate(u[0], t.appendContext(c, '0', item, u[0]));
      const b = item.validate(u[1], t.appendContext(c, '1', item, u[1]));
      if (E.isLeft(a) || E.isLeft(b)) return t.failures([...(E.isLeft(a) ? a.left : []), ...(E.isLeft(b) ? b.left : [])]);
      return t.success([a.right, b.right] as const);
    },
    t.identity,
  );

/** Tensor names as written in files. */
export type TensorName = 'weights' | 'inputs' | 'outputs';
export const TENSOR_NAMES: ReadonlyArray<TensorName> = ['weights', 'inputs', 'outputs'];
export const Tensor = oneOf<TensorName>('a tensor', TENSOR_NAMES);
/** File tensor name → data space. */
export const TENSOR: { readonly [k in TensorName]: DataSpace } = { weights: 'W', inputs: 'I', outputs: 'O' };

