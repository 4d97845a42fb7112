/**
 * The mapping file decoder / encoder: the documented format decodes against a real config
 * (configs/eyeriss.yaml), every check reports its path, decode ∘ encode is the identity (fast-check), and
 * mutated documents give a clean Left or a Right, never a throw.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { mutate, mutation } from '../helpers/mutate.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { fanout, type Arch } from '../../src/arch/index.js';
import { decodeArch } from '../../src/config/arch.js';
import type { ConfigIssue } from '../../src/config/issue.js';
import { decodeMapping, encodeMapping } from '../../src/config/mapping.js';
import type { LevelMapping, Mapping } from '../../src/mapping/mapping.js';
import { DIMS, dimVector, type Dim, type DimVector } from '../../src/workload/dims.js';

const CONFIGS = join(import.meta.dirname, '..', '..', 'configs');
const loadArch = (f: string): Arch => {
  const r = decodeArch(YAML.parse(readFileSync(join(CONFIGS, f), 'utf8')));
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};
const eyeriss = loadArch('eyeriss.yaml');
const systolic = loadArch('systolic-ws.yaml');
const LAYERS = ['conv1', 'conv2', 'fc6'];

const ok = (doc: unknown, arch = eyeriss, layers = LAYERS): ReadonlyMap<string, Mapping> => {
  const r = decodeMapping(doc, arch, layers);
  if (E.isLeft(r)) throw new Error(r.left.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return r.right;
};
const issuesOf = (doc: unknown, arch = eyeriss): ReadonlyArray<ConfigIssue> => {
  const r = decodeMapping(doc, arch, LAYERS);
  if (E.isRight(r)) throw new Error('expected a Left');
  return r.left;
};
const pathsOf = (doc: unknown, arch = eyeriss) => issuesOf(doc, arch).map((i) => i.path);

const EXAMPLE = `
mappings:
  - layer: conv1
    levels:
      - { target: DRAM, temporal: { K: 2, C: 3 }, permutation: [K, C] }
      - { target: GLB, temporal: { P: 5 }, bypass: [weights], spatial: { X: { Q: 14 }, Y: { S: 3 } } }
      - { target: RF, temporal: { R: 11 } }
  - layer: '*'
    levels: []
`;

describe('decodeMapping', () => {
  it('decodes the documented example', () => {
    const m = ok(YAML.parse(EXAMPLE));
    expect([...m.keys()]).toEqual(LAYERS);
    const c1 = m.get('conv1')!;
    expect(c1.origin).toBe('user');
    expect(c1.levels).toHaveLength(3);
    const [dram, glb, rf] = c1.levels as [LevelMapping, LevelMapping, LevelMapping];
    expect(dram.temporal).toEqual(dimVector({ K: 2, C: 3 }));
    // outermost first: K then C, the rest in canonical order
    expect(dram.permutation).toEqual(['K', 'C', 'N', 'G', 'P', 'Q', 'R', 'S']);
    expect(glb.keep).toEqual({ W: false, I: true, O: true });
    expect(glb.spatialX).toEqual(dimVector({ Q: 14 }));
    expect(glb.spatialY).toEqual(dimVector({ S: 3 }));
    expect(rf.temporal.R).toBe(11);
    expect(rf.keep).toEqual({ W: true, I: true, O: true });
  });
  it("'*' applies to the layers without their own entry; missing levels are all-1 and keep what the hardware keeps", () => {
    const m = ok(YAML.parse(EXAMPLE));
    const fc6 = m.get('fc6')!;
    expect(fc6).toBe(m.get('conv2'));
    for (const [l, lm] of fc6.levels.entries()) {
      expect(lm.temporal).toEqual(dimVector());
      expect(lm.permutation).toEqual(DIMS);
      expect(lm.keep).toEqual(eyeriss.levels[l]!.keeps);
    }
  });
  it('layers without any entry are absent', () => {
    const m = ok({ mappings: [{ layer: 'conv2', levels: [] }] });
    expect([...m.keys()]).toEqual(['conv2']);
  });
  it('keep: gives exactly those tensors', () => {
    const m = ok({ mappings: [{ layer: 'conv1', levels: [{ target: 'GLB', keep: ['inputs'] }] }] });
    expect(m.get('conv1')!.levels[1]!.keep).toEqual({ W: false, I: true, O: false });
  });
});

describe('errors carry their path', () => {
  const one = (level: Record<string, unknown>) => ({ mappings: [{ layer: 'conv1', levels: [level] }] });
  it('unknown key', () => expect(pathsOf(one({ target: 'GLB', temporl: { K: 2 } }))).toEqual([['mappings', 0, 'levels', 0, 'temporl']]));
  it('unknown dimension', () => expect(pathsOf(one({ target: 'GLB', temporal: { M: 2 } }))).toEqual([['mappings', 0, 'levels', 0, 'temporal', 'M']]));
  it('factor not a positive integer', () => {
    expect(pathsOf(one({ target: 'GLB', temporal: { K: 0 } }))).toEqual([['mappings', 0, 'levels', 0, 'temporal', 'K']]);
    expect(pathsOf(one({ target: 'GLB', temporal: { K: 2.5 } }))).toEqual([['mappings', 0, 'levels', 0, 'temporal', 'K']]);
    expect(pathsOf(one({ target: 'GLB', spatial: { X: { K: '4' } } }))).toEqual([['mappings', 0, 'levels', 0, 'spatial', 'X', 'K']]);
  });
  it('unknown target', () => {
    expect(issuesOf(one({ target: 'L2' }))).toEqual([
      expect.objectContaining({ path: ['mappings', 0, 'levels', 0, 'target'], message: expect.stringMatching(/unknown storage level "L2" \(levels: DRAM, GLB, RF\)/) }),
    ]);
  });
  it('target given twice', () => {
    expect(pathsOf({ mappings: [{ layer: 'conv1', levels: [{ target: 'GLB' }, { target: 'GLB' }] }] })).toEqual([['mappings', 0, 'levels', 1, 'target']]);
  });
  it('unknown layer', () => expect(pathsOf({ mappings: [{ layer: 'conv9', levels: [] }] })).toEqual([['mappings', 0, 'layer']]));
  it('layer given twice', () => {
    expect(pathsOf({ mappings: [{ layer: 'conv1', levels: [] }, { layer: 'conv1', levels: [] }] })).toEqual([['mappings', 1, 'layer']]);
  });
  it('permutation repeats a dimension', () => {
    expect(pathsOf(one({ target: 'GLB', permutation: ['K', 'C', 'K'] }))).toEqual([['mappings', 0, 'levels', 0, 'permutation', 2]]);
  });
  it('permutation names a non-dimension', () => {
    expect(pathsOf(one({ target: 'GLB', permutation: ['K', 'M'] }))).toEqual([['mappings', 0, 'levels', 0, 'permutation', 1]]);
  });
  it('bypass names tensors', () => expect(pathsOf(one({ target: 'GLB', bypass: ['filters'] }))).toEqual([['mappings', 0, 'levels', 0, 'bypass', 0]]));
  it('the backing store bypasses nothing', () => expect(pathsOf(one({ target: 'DRAM', bypass: ['inputs'] }))).toEqual([['mappings', 0, 'levels', 0, 'bypass', 0]]));
  it('keep and bypass are exclusive', () => expect(pathsOf(one({ target: 'GLB', bypass: ['inputs'], keep: ['weights'] }))).toEqual([['mappings', 0, 'levels', 0, 'keep']]));
  it('a level keeps nothing its hardware bypasses', () => {
    expect(pathsOf(one({ target: 'UnifiedBuffer', keep: ['weights'] }), systolic)).toEqual([['mappings', 0, 'levels', 0, 'keep', 0]]);
  });
  it('spatial factors fit the fan-out', () => {
    // eyeriss GLB fans out to 14 × 12 PEs
    expect(pathsOf(one({ target: 'GLB', spatial: { X: { Q: 15 }, Y: { C: 12 } } }))).toEqual([['mappings', 0, 'levels', 0, 'spatial', 'X']]);
    expect(pathsOf(one({ target: 'RF', spatial: { Y: { C: 2 } } }))).toEqual([['mappings', 0, 'levels', 0, 'spatial', 'Y']]);
  });
  it('missing levels key', () => expect(pathsOf({ mappings: [{ layer: 'conv1' }] })).toEqual([['mappings', 0, 'levels']]));
  it('collects all errors', () => {
    const doc = { mappings: [{ layer: 'conv9', levels: [{ target: 'L2' }, { target: 'GLB', temporal: { K: -1 } }] }], extra: 1 };
    expect(issuesOf(doc).length).toBeGreaterThanOrEqual(2);
  });
});

// ---------------------------------------------------------------------------------------------------------
// round trip
// ---------------------------------------------------------------------------------------------------------

const factors = (maxProduct: number): fc.Arbitrary<DimVector> =>
  fc.array(fc.tuple(fc.constantFrom(...DIMS), fc.integer({ min: 1, max: 6 })), { maxLength: 3 }).map((fs) => {
    const v: Record<Dim, number> = { ...dimVector() };
    let product = 1;
    for (const [d, f] of fs) {
      if (product * f > maxProduct) continue;
      v[d] *= f;
      product *= f;
    }
    return v;
  });

/** A mapping `decodeMapping` accepts: spatial within the fan-out, keeps within the hardware, level 0 keeps all. */
const mappingArb = (arch: Arch): fc.Arbitrary<Mapping> =>
  fc
    .tuple(
      ...arch.levels.map((hw, l) =>
        fc
          .record({
            temporal: fc.array(fc.tuple(fc.constantFrom(...DIMS), fc.integer({ min: 1, max: 64 })), { maxLength: 4 }).map((fs) => dimVector(Object.fromEntries(fs))),
            permutation: fc.shuffledSubarray([...DIMS], { minLength: 8, maxLength: 8 }),
            spatialX: factors(fanout(arch, l).x),
            spatialY: factors(fanout(arch, l).y),
            keepMask: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
          })
          .map(({ keepMask, ...rest }): LevelMapping => ({
            ...rest,
            keep: l === 0 ? { W: true, I: true, O: true } : { W: hw.keeps.W && keepMask[0], I: hw.keeps.I && keepMask[1], O: hw.keeps.O && keepMask[2] },
          })),
      ),
    )
    .chain((levels) => fc.constantFrom('user', 'mapper: random, seed 7', 'default: greedy').map((origin) => ({ levels, origin })));

describe('decode ∘ encode = identity', () => {
  for (const arch of [eyeriss, systolic]) {
    it(`on ${arch.name}`, () => {
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...LAYERS, '*'), mappingArb(arch), { minKeys: 1, maxKeys: 4 }), (dict) => {
          const input = new Map(Object.entries(dict));
          // through YAML text, as the mapper would write it
          const doc = YAML.parse(YAML.stringify(encodeMapping(input, arch)));
          const back = ok(doc, arch, [...input.keys()].filter((k) => k !== '*'));
          for (const [name, m] of back) expect(m).toEqual(input.get(name) ?? input.get('*'));
          const also = ok(doc, arch, LAYERS);
          expect(also.size).toBe(input.has('*') ? LAYERS.length : [...input.keys()].length);
        }),
        { numRuns: 300 },
      );
    });
  }
  it('omits defaults', () => {
    const m = ok({ mappings: [{ layer: 'conv1', levels: [{ target: 'GLB', temporal: { K: 4 }, permutation: ['K'] }] }] });
    expect(encodeMapping(m, eyeriss)).toEqual({ mappings: [{ layer: 'conv1', levels: [{ target: 'GLB', temporal: { K: 4 }, permutation: ['K'] }] }] });
  });
});

// ---------------------------------------------------------------------------------------------------------
// fuzz
// ---------------------------------------------------------------------------------------------------------


describe('fuzz: mutated documents never throw', () => {
  it('always a Left with issues, or a Right with one mapping per level', () => {
    const docs = [YAML.parse(EXAMPLE), encodeMapping(ok(YAML.parse(EXAMPLE)), eyeriss)];
    fc.assert(
      fc.property(fc.nat({ max: docs.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, ms) => {
        const r = decodeMapping(mutate(docs[i], ms), eyeriss, LAYERS);
        if (E.isLeft(r)) {
          expect(r.left.length).toBeGreaterThan(0);
          for (const issue of r.left) expect(issue.message.length).toBeGreaterThan(0);
        } else {
          for (const m of r.right.values()) {
            expect(m.levels).toHaveLength(eyeriss.levels.length);
            for (const lm of m.levels) {
              expect(new Set(lm.permutation).size).toBe(8);
              for (const d of DIMS) expect(Number.isSafeInteger(lm.temporal[d]) && lm.temporal[d] >= 1).toBe(true);
            }
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
