import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/rng.js';
import {
  categorical,
  continuous,
  decode,
  encode,
  integer,
  isValidPoint,
  latinHypercube,
  makeSpace,
  ordinal,
  sample,
  snap,
  type Space,
} from '../../src/optimize/space/space.js';

const space: Space = E.getOrElseW(() => {
  throw new Error('bad space');
})(
  makeSpace([
    continuous('lr', -3, 1),
    integer('layers', 1, 8),
    ordinal('rows', [8, 12, 14, 16]),
    categorical('dataflow', ['WS', 'OS', 'RS']),
  ]),
);

describe('parameter space', () => {
  it('has one cube dimension per scalar parameter and one per category', () => {
    expect(space.dims).toBe(1 + 1 + 1 + 3);
  });

  it('decode ∘ encode is the identity on valid points', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const p = sample(space, makeRng(seed));
        const q = decode(space, encode(space, p));
        expect(q['layers']).toBe(p['layers']);
        expect(q['rows']).toBe(p['rows']);
        expect(q['dataflow']).toBe(p['dataflow']);
        expect(q['lr'] as number).toBeCloseTo(p['lr'] as number, 12);
      }),
    );
  });

  it('decode maps any cube point to a valid point and snap is idempotent', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { minLength: 6, maxLength: 6 }), (u) => {
        expect(isValidPoint(space, decode(space, u))).toBe(true);
        const s = snap(space, u);
        expect(snap(space, s)).toEqual(s);
        for (const v of s) expect(v >= 0 && v <= 1).toBe(true);
      }),
    );
  });

  it('Latin hypercube designs are valid and stratified', () => {
    const pts = latinHypercube(space, 10, makeRng(3));
    expect(pts.every((p) => isValidPoint(space, p))).toBe(true);
    const strata = new Set(pts.map((p) => Math.floor((((p['lr'] as number) + 3) / 4) * 10)));
    expect(strata.size).toBe(10);
  });

  it('makeSpace collects every error', () => {
    const r = makeSpace([continuous('a', 1, 1), integer('a', 0.5, 3), ordinal('o', []), categorical('c', ['x', 'x'])]);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      expect(r.left.map((e) => e.param)).toEqual(['a', 'a', 'a', 'o', 'c']);
      expect(r.left.every((e) => e._tag === 'SpaceError')).toBe(true);
    }
  });
});
