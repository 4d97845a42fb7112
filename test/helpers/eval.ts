/** Test helper: evaluate a problem under a mapping, throwing on invalid mappings (tests only). */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../../src/arch/index.js';
import { evaluateProblem } from '../../src/codesign/index.js';
import type { LevelMapping, Mapping } from '../../src/mapping/index.js';
import { DIMS, dimVector, type Dim, type DimVector, type Problem } from '../../src/workload/index.js';

export const evalOrThrow = (arch: Arch, p: Problem, m: Mapping) => {
  const r = evaluateProblem(arch, p, m);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

export const problem = (bounds: Partial<DimVector>, extra: Partial<Problem> = {}): Problem => ({
  name: 'p',
  bounds: dimVector(bounds),
  strideH: 1,
  strideW: 1,
  dilationH: 1,
  dilationW: 1,
  density: { W: 1, I: 1, O: 1 },
  bits: { W: 16, I: 16, O: 16 },
  ...extra,
});

/** A level mapping: temporal factors in the order given (outer → inner), optional spatial X, keep all by default. */
export const lvl = (
  temporal: Array<[Dim, number]>,
  spatialX: Partial<DimVector> = {},
  keep = { W: true, I: true, O: true },
  spatialY: Partial<DimVector> = {},
): LevelMapping => ({
  temporal: dimVector(Object.fromEntries(temporal)),
  permutation: [...temporal.map(([d]) => d), ...DIMS.filter((d) => !temporal.some(([x]) => x === d))],
  spatialX: dimVector(spatialX),
  spatialY: dimVector(spatialY),
  keep,
});
