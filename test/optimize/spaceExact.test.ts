// Exact checks of the parameter-space encoding (src/optimize/space/space.ts): every validation message, the
// encodings of hand-made points, decode's clamping / tie / offset rules, the seeded draws of `sample`, the
// Latin hypercube's strata and category balance, and each way `isValidPoint` rejects a point. Each expected value
// is derived in the comment beside it (issue 9, mutation testing of src/optimize).
import * as E from 'fp-ts/lib/Either.js';
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
  type Param,
  type Space,
} from '../../src/optimize/space/space.js';
import { right } from '../helpers/askTell.js';

const mk = (ps: ReadonlyArray<Param>): Space => right(makeSpace(ps));
const errorsOf = (ps: ReadonlyArray<Param>): Array<[string, string]> => {
  const r = makeSpace(ps);
  return E.isLeft(r) ? r.left.map((e) => [e.param, e.message]) : [];
};

describe('makeSpace: every validation message', () => {
  it('an empty space', () => {
    expect(errorsOf([])).toEqual([['', 'the space has no parameters']]);
  });

  it('names: empty and duplicate', () => {
    expect(errorsOf([continuous('', 0, 1), continuous('a', 0, 1), continuous('a', 0, 1)])).toEqual([
      ['', 'parameter name is empty'],
      ['a', 'duplicate parameter name'],
    ]);
  });

  it('continuous and integer bounds', () => {
    expect(
      errorsOf([
        continuous('lowInf', -Infinity, 1), // either bound non-finite → one message
        continuous('upNaN', 0, NaN),
        continuous('flat', 2, 2), // a continuous interval needs lower < upper
        continuous('rev', 3, 1),
        continuous('half', 0.5, 1.5), // non-integer bounds are fine for a continuous parameter
        integer('one', 4, 4), // a one-value integer range is valid (lower ≤ upper)
        integer('irev', 5, 4),
        integer('frac', 0, 2.5),
        integer('inf', 0, Infinity), // non-finite: the bound message and the integer message
      ]),
    ).toEqual([
      ['lowInf', 'bounds must be finite'],
      ['upNaN', 'bounds must be finite'],
      ['flat', 'lower (2) must be below upper (2)'],
      ['rev', 'lower (3) must be below upper (1)'],
      ['irev', 'lower (5) must be below upper (4)'],
      ['frac', 'integer bounds must be integers'],
      ['inf', 'bounds must be finite'],
      ['inf', 'integer bounds must be integers'],
    ]);
  });

  it('ordinals and categoricals', () => {
    expect(
      errorsOf([
        ordinal('o0', []),
        ordinal('oInf', [1, Infinity]),
        ordinal('oDup', [2, 2, 3]),
        ordinal('ok', [7]),
        categorical('c0', []),
        categorical('cDup', ['x', 'y', 'x']),
        categorical('cOk', ['x']),
      ]),
    ).toEqual([
      ['o0', 'ordinal has no values'],
      ['oInf', 'ordinal values must be finite'],
      ['oDup', 'ordinal values must be distinct'],
      ['c0', 'categorical has no values'],
      ['cDup', 'categories must be distinct'],
    ]);
  });

  it('a valid space: dims count one per scalar and one per category; ordinals sorted, categories copied', () => {
    const cats = ['p', 'q', 'r'];
    const s = mk([ordinal('o', [16, 8, 12]), categorical('c', cats), integer('i', 0, 0)]);
    expect(s.dims).toBe(1 + 3 + 1);
    expect((s.params[0] as { values: ReadonlyArray<number> }).values).toEqual([8, 12, 16]);
    expect((s.params[1] as { values: ReadonlyArray<string> }).values).toEqual(['p', 'q', 'r']);
  });
});

describe('encode / decode of hand-made points', () => {
  const s = mk([
    continuous('x', -3, 1),
    integer('n', 1, 4),
    ordinal('rows', [16, 8, 12, 14]),
    categorical('df', ['WS', 'OS', 'RS']),
  ]);

  it('exact encodings', () => {
    // x: (−2 − (−3)) / 4 = 0.25; n = 3 of k = 4 values → bin centre (3 − 1 + ½)/4 = 0.625;
    // rows 12 in [8, 16] → (12 − 8)/8 = 0.5; df = OS → one-hot [0, 1, 0].
    expect(encode(s, { x: -2, n: 3, rows: 12, df: 'OS' })).toEqual([0.25, 0.625, 0.5, 0, 1, 0]);
    // The ends: x = 1 → 1, n = 1 → ½/4 = 0.125, n = 4 → 3.5/4 = 0.875, rows 16 → 1.
    expect(encode(s, { x: 1, n: 4, rows: 16, df: 'RS' })).toEqual([1, 0.875, 1, 0, 0, 1]);
    expect(encode(s, { x: -3, n: 1, rows: 8, df: 'WS' })).toEqual([0, 0.125, 0, 1, 0, 0]);
  });

  it('a one-value ordinal encodes to ½ and decodes back', () => {
    const one = mk([ordinal('o', [5])]);
    expect(encode(one, { o: 5 })).toEqual([0.5]);
    expect(decode(one, [0.9])).toEqual({ o: 5 });
  });

  it('exact decodings: bins, nearest ordinal (ties to the smaller), arg-max category', () => {
    // n: floor(0.49·4) = 1 → 2; rows: 8 + 0.3·8 = 10.4 → nearest 12 (|12 − 10.4| = 1.6 < |8 − 10.4| = 2.4).
    expect(decode(s, [0.5, 0.49, 0.3, 0.1, 0.7, 0.2])).toEqual({ x: -1, n: 2, rows: 12, df: 'OS' });
    // rows: 8 + 0.75·8 = 14 exactly; n: u = 1 → floor(4) = 4 clipped to k − 1 = 3 → 4.
    expect(decode(s, [0, 1, 0.75, 0, 0, 1])).toEqual({ x: -3, n: 4, rows: 14, df: 'RS' });
    // A tie between two ordinal values keeps the smaller: values {0, 2, 4}, u = ¼ → target 1, |0 − 1| = |2 − 1|.
    expect(decode(mk([ordinal('o', [4, 0, 2])]), [0.25])).toEqual({ o: 0 });
    // A tie between two categories keeps the first.
    expect(decode(mk([categorical('c', ['a', 'b'])]), [0.5, 0.5])).toEqual({ c: 'a' });
  });

  it('clamping: below 0, above 1 and NaN', () => {
    // u < 0 → 0, u > 1 → 1, NaN → 0 (n: 0 → 1; 1 → 4).
    expect(decode(s, [-0.5, 1.5, NaN, 1, 0, 0])).toEqual({ x: -3, n: 4, rows: 8, df: 'WS' });
    expect(decode(s, [2, NaN, 7, 0, 0, 1])).toEqual({ x: 1, n: 1, rows: 16, df: 'RS' });
  });

  it('u = 1 decodes to the upper bound exactly (lower + 1·(upper − lower) is not always upper in floating point)', () => {
    // −0.1 + (0.2 − (−0.1)) = 0.20000000000000004 in IEEE doubles; decode must give 0.2 itself.
    expect(-0.1 + (0.2 - -0.1)).not.toBe(0.2);
    expect(decode(mk([continuous('x', -0.1, 0.2)]), [1])).toEqual({ x: 0.2 });
  });

  it('offsets: a categorical after another parameter reads its own coordinates, and the next parameter follows it', () => {
    // x first (offset 0), then c over coordinates 1..3: [0.1, 0.3, 0.2] → arg-max at index 1 → 'b'.
    const a = mk([continuous('x', 0, 1), categorical('c', ['a', 'b', 'c'])]);
    expect(decode(a, [0, 0.1, 0.3, 0.2])).toEqual({ x: 0, c: 'b' });
    // c first over coordinates 0..1, then x at coordinate 2 (0.25); a larger x must not be read as a third category.
    const b = mk([categorical('c', ['a', 'b']), continuous('x', 0, 1)]);
    expect(decode(b, [1, 0, 0.25])).toEqual({ c: 'a', x: 0.25 });
    expect(decode(b, [0.2, 0.1, 0.9])).toEqual({ c: 'a', x: 0.9 });
    // snap = encode ∘ decode: [0.2, 0.1, 0.9] → c = a → [1, 0], x = 0.9.
    expect(snap(b, [0.2, 0.1, 0.9])).toEqual([1, 0, 0.9]);
  });
});

describe('seeded draws', () => {
  it('sample draws each parameter from the generator in order (continuous, integer, ordinal, categorical)', () => {
    const s = mk([continuous('x', 2, 6), integer('n', 3, 5), ordinal('o', [10, 20, 30, 40]), categorical('c', ['p', 'q'])]);
    for (const seed of [1, 2, 3, 4, 5]) {
      // The same stream by hand: x = 2 + r·4; n = 3 + ⌊r·3⌋; o = values[⌊r·4⌋]; c = values[⌊r·2⌋].
      const r = makeRng(seed);
      const expected = {
        x: 2 + r.next() * 4,
        n: 3 + Math.floor(r.next() * 3),
        o: [10, 20, 30, 40][Math.floor(r.next() * 4)],
        c: ['p', 'q'][Math.floor(r.next() * 2)],
      };
      expect(sample(s, makeRng(seed))).toEqual(expected);
    }
  });

  it('integer draws reach both ends of the range', () => {
    const s = mk([integer('n', 0, 2)]);
    const rng = makeRng(11);
    const seen = new Set(Array.from({ length: 60 }, () => sample(s, rng)['n']));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it('Latin hypercube, two continuous parameters: per column the strata (i + r)/m, then a Fisher–Yates shuffle', () => {
    const s = mk([continuous('x', 0, 1), continuous('y', 0, 1)]);
    for (const seed of [1, 2, 3]) {
      // By hand from the same stream, column by column: m = 4 stratum draws, then for i = 3, 2, 1 swap i with
      // ⌊r·(i + 1)⌋ (three draws: the second column's strata start right after them).
      const r = makeRng(seed);
      const column = (): number[] => {
        const col = [0, 1, 2, 3].map((i) => (i + r.next()) / 4);
        for (let i = 3; i > 0; i--) {
          const j = Math.floor(r.next() * (i + 1));
          [col[i], col[j]] = [col[j]!, col[i]!];
        }
        return col;
      };
      const [xs, ys] = [column(), column()];
      expect(latinHypercube(s, 4, makeRng(seed))).toEqual(xs.map((x, i) => ({ x, y: ys[i] })));
    }
  });

  it('Latin hypercube with a categorical: each category equally often, and the next parameter stays stratified', () => {
    const s = mk([categorical('c', ['a', 'b', 'c']), continuous('x', 0, 1)]);
    for (const seed of [1, 2, 3, 4]) {
      const pts = latinHypercube(s, 6, makeRng(seed));
      const count = (v: string): number => pts.filter((p) => p['c'] === v).length;
      expect([count('a'), count('b'), count('c')]).toEqual([2, 2, 2]); // 6 points cycle through 3 categories
      expect(pts.map((p) => Math.floor((p['x'] as number) * 6)).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });
});

describe('isValidPoint: each way a point is rejected', () => {
  const s = mk([continuous('x', 0, 1), integer('n', 1, 3), ordinal('o', [2, 4]), categorical('c', ['u', 'v'])]);
  const ok = { x: 0.5, n: 2, o: 4, c: 'v' };

  it('accepts valid points, ends included', () => {
    expect(isValidPoint(s, ok)).toBe(true);
    expect(isValidPoint(s, { x: 0, n: 1, o: 2, c: 'u' })).toBe(true);
    expect(isValidPoint(s, { x: 1, n: 3, o: 4, c: 'v' })).toBe(true);
  });

  it('rejects missing or extra keys', () => {
    expect(isValidPoint(s, { x: 0.5, n: 2, o: 4 })).toBe(false);
    expect(isValidPoint(s, { ...ok, extra: 1 })).toBe(false);
    expect(isValidPoint(s, { x: 0.5, n: 2, o: 4, d: 'v' })).toBe(false); // right count, wrong name
  });

  it('rejects a wrong type or a value out of range, per kind', () => {
    const bad: Array<Record<string, number | string>> = [
      { x: '0.5' }, { x: -0.1 }, { x: 1.1 },
      { n: '2' }, { n: 1.5 }, { n: 0 }, { n: 4 },
      { o: '4' }, { o: 3 },
      { c: 1 }, { c: 'w' },
    ];
    for (const b of bad) expect([b, isValidPoint(s, { ...ok, ...b })]).toEqual([b, false]);
  });
});
