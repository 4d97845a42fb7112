/** fast-check arbitraries for tiny problems and mappings (used to compare the closed form with brute force). */
import fc from 'fast-check';
import type { Mapping, LevelMapping } from '../../src/mapping/mapping.js';
import { DIMS, type Dim, type DimVector, type Problem } from '../../src/workload/index.js';

export const tinyProblem = (maxDim = 3): fc.Arbitrary<Problem> =>
  fc
    .record({
      N: fc.integer({ min: 1, max: 2 }),
      G: fc.integer({ min: 1, max: 2 }),
      C: fc.integer({ min: 1, max: maxDim }),
      K: fc.integer({ min: 1, max: maxDim }),
      P: fc.integer({ min: 1, max: maxDim + 1 }),
      Q: fc.integer({ min: 1, max: 2 }),
      R: fc.integer({ min: 1, max: maxDim }),
      S: fc.integer({ min: 1, max: 2 }),
      strideH: fc.integer({ min: 1, max: 3 }),
      strideW: fc.integer({ min: 1, max: 2 }),
      dilationH: fc.integer({ min: 1, max: 2 }),
      dilationW: fc.constant(1),
    })
    .map((r) => ({
      name: 'tiny',
      bounds: { N: r.N, G: r.G, C: r.C, K: r.K, P: r.P, Q: r.Q, R: r.R, S: r.S },
      strideH: r.strideH,
      strideW: r.strideW,
      dilationH: r.dilationH,
      dilationW: r.dilationW,
      density: { W: 1, I: 1, O: 1 },
      bits: { W: 16, I: 16, O: 16 },
    }));

/** Split n into `parts` factors whose product is n, choosing divisors at random. */
const splitFactors = (n: number, parts: number): fc.Arbitrary<number[]> => {
  if (parts === 1) return fc.constant([n]);
  const divisors = [...Array(n).keys()].map((i) => i + 1).filter((d) => n % d === 0);
  return fc.constantFrom(...divisors).chain((d) => splitFactors(n / d, parts - 1).map((rest) => [d, ...rest]));
};

/**
 * A random mapping of `p` over `numLevels` levels, with spatial fan-outs allowed at the levels listed in
 * `spatialLevels` (X and Y, unbounded size: the tests that use this don't check capacity or fan-out).
 */
export const randomMapping = (p: Problem, numLevels: number, spatialLevels: number[]): fc.Arbitrary<Mapping> => {
  const slots: Array<{ level: number; spatial: boolean }> = [];
  for (let l = 0; l < numLevels; l++) {
    slots.push({ level: l, spatial: false });
    if (spatialLevels.includes(l)) slots.push({ level: l, spatial: true }, { level: l, spatial: true });
  }
  const perDim = DIMS.map((d) => splitFactors(p.bounds[d], slots.length));
  const perms = Array.from({ length: numLevels }, () => fc.shuffledSubarray([...DIMS], { minLength: 8, maxLength: 8 }));
  const keeps = Array.from({ length: numLevels }, (_, l) =>
    l === 0 ? fc.constant({ W: true, I: true, O: true }) : fc.record({ W: fc.boolean(), I: fc.boolean(), O: fc.boolean() }),
  );
  return fc.tuple(fc.tuple(...perDim), fc.tuple(...perms), fc.tuple(...keeps)).map(([fs, ps, ks]) => {
    const levels: LevelMapping[] = [];
    for (let l = 0; l < numLevels; l++) {
      const temporal: Record<string, number> = {};
      const spatialX: Record<string, number> = {};
      const spatialY: Record<string, number> = {};
      DIMS.forEach((d, di) => {
        const ti = slots.findIndex((s) => s.level === l && !s.spatial);
        const si = slots.findIndex((s) => s.level === l && s.spatial);
        temporal[d] = fs[di]![ti]!;
        spatialX[d] = si >= 0 ? fs[di]![si]! : 1;
        spatialY[d] = si >= 0 ? fs[di]![si + 1]! : 1;
      });
      levels.push({
        temporal: temporal as DimVector,
        permutation: ps[l] as Dim[],
        spatialX: spatialX as DimVector,
        spatialY: spatialY as DimVector,
        keep: ks[l]!,
      });
    }
    return { levels, origin: 'random' };
  });
};

/**
 * Tiny convolutions whose inputs slide in both h and w with several factors to split (where the counting
 * conventions differ: issue 13): P ∈ {2, 3, 4, 6}, R ∈ {2, 3}, Q ∈ 1 … 3, S ∈ 1 … 2, C, K ∈ 1 … 2.
 */
export const slidingProblem = (): fc.Arbitrary<Problem> =>
  fc
    .record({
      C: fc.integer({ min: 1, max: 2 }),
      K: fc.integer({ min: 1, max: 2 }),
      P: fc.constantFrom(2, 3, 4, 6),
      Q: fc.integer({ min: 1, max: 3 }),
      R: fc.constantFrom(2, 3),
      S: fc.integer({ min: 1, max: 2 }),
      strideH: fc.integer({ min: 1, max: 2 }),
    })
    .map((r) => ({
      name: 'sliding',
      bounds: { N: 1, G: 1, C: r.C, K: r.K, P: r.P, Q: r.Q, R: r.R, S: r.S },
      strideH: r.strideH,
      strideW: 1,
      dilationH: 1,
      dilationW: 1,
      density: { W: 1, I: 1, O: 1 },
      bits: { W: 16, I: 16, O: 16 },
    }));
