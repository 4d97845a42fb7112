/**
 * Mapping validity, checked before any evaluation (Timeloop's cheap pre-check): loop factors multiply out to
 * the layer's bounds, spatial factors fit each level's fan-out, keep/bypass choices respect the hardware, and
 * every tile fits its level's capacity (per tensor partition when the level is partitioned) at the configured
 * bit widths and densities. All problems are collected; an invalid mapping is an ordinary value.
 */
import * as E from 'fp-ts/lib/Either.js';
import { fanout, packing, type Arch } from '../arch/index.js';
import { DATA_SPACES, DATA_SPACE_NAMES, type DataSpace, type PerDataSpace } from '../core/index.js';
import { DIMS, projection, tileElements, type Dim, type DimVector, type Problem } from '../workload/index.js';
import type { Mapping } from './mapping.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Why a mapping is invalid. `level` is the storage level's name where one applies. */
export type MappingInvalid =
  | { readonly _tag: 'LevelCount'; readonly expected: number; readonly got: number }
  | { readonly _tag: 'FactorProduct'; readonly dim: Dim; readonly bound: number; readonly product: number }
  | { readonly _tag: 'BadPermutation'; readonly level: string; readonly permutation: ReadonlyArray<string> }
  | { readonly _tag: 'SpatialOverflow'; readonly level: string; readonly axis: 'X' | 'Y'; readonly used: number; readonly available: number }
  | { readonly _tag: 'KeepNotAllowed'; readonly level: string; readonly tensor: DataSpace }
  | { readonly _tag: 'BackingStoreMustKeep'; readonly level: string; readonly tensor: DataSpace }
  | { readonly _tag: 'CapacityOverflow'; readonly level: string; readonly tensor: DataSpace | 'all'; readonly words: number; readonly capacityWords: number }
  | { readonly _tag: 'NoMapping'; readonly reason: string };

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Words a level must hold for each kept tensor under a mapping (per instance; compressed formats hold ceil(n·density)). */
export const tileWords = (arch: Arch, problem: Problem, m: Mapping): ReadonlyArray<PerDataSpace<number>> => {
  const proj = projection(problem);
  const ext: Record<Dim, number> = { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 };
  const out: PerDataSpace<number>[] = [];
  for (let l = m.levels.length - 1; l >= 0; l--) {
    const lm = m.levels[l]!;
    for (const d of DIMS) ext[d] *= lm.temporal[d] * lm.spatialX[d] * lm.spatialY[d];
    const elems = tileElements(proj, ext as DimVector);
    const lvl = arch.levels[l]!;
    const words = (ds: DataSpace): number => {
      if (!lm.keep[ds]) return 0;
      const stored = lvl.formats[ds].format === 'uncompressed' ? elems[ds] : Math.ceil(elems[ds] * problem.density[ds]);
      const pk = arch.scaleAccessEnergyWithBits ? packing(lvl.wordBits, problem.bits[ds]) : { perWord: 1, wordsPer: 1 };
      return Math.ceil(stored / pk.perWord) * pk.wordsPer;
    };
    out.unshift({ W: words('W'), I: words('I'), O: words('O') });
  }
  return out;
};

/** Validate a mapping against an arch and a problem; all problems are reported. */
export const validateMapping = (arch: Arch, problem: Problem, m: Mapping): E.Either<ReadonlyArray<MappingInvalid>, Mapping> => {
  const errs: MappingInvalid[] = [];
  if (m.levels.length !== arch.levels.length) {
    return E.left([{ _tag: 'LevelCount', expected: arch.levels.length, got: m.levels.length }]);
  }
  for (const d of DIMS) {
    const product = m.levels.reduce((acc, lm) => acc * lm.temporal[d] * lm.spatialX[d] * lm.spatialY[d], 1);
    if (product !== problem.bounds[d]) errs.push({ _tag: 'FactorProduct', dim: d, bound: problem.bounds[d], product });
  }
  m.levels.forEach((lm, l) => {
    const lvl = arch.levels[l]!;
    const perm = lm.permutation;
    if (perm.length !== DIMS.length || new Set(perm).size !== DIMS.length || !perm.every((d) => DIMS.includes(d))) {
      errs.push({ _tag: 'BadPermutation', level: lvl.name, permutation: perm });
    }
    const fo = fanout(arch, l);
    const usedX = DIMS.reduce((a, d) => a * lm.spatialX[d], 1);
    const usedY = DIMS.reduce((a, d) => a * lm.spatialY[d], 1);
    if (usedX > fo.x) errs.push({ _tag: 'SpatialOverflow', level: lvl.name, axis: 'X', used: usedX, available: fo.x });
    if (usedY > fo.y) errs.push({ _tag: 'SpatialOverflow', level: lvl.name, axis: 'Y', used: usedY, available: fo.y });
    for (const ds of DATA_SPACES) {
      if (lm.keep[ds] && !lvl.keeps[ds]) errs.push({ _tag: 'KeepNotAllowed', level: lvl.name, tensor: ds });
      if (l === 0 && !lm.keep[ds]) errs.push({ _tag: 'BackingStoreMustKeep', level: lvl.name, tensor: ds });
    }
  });
  if (errs.length === 0) {
    tileWords(arch, problem, m).forEach((w, l) => {
      const lvl = arch.levels[l]!;
      if (lvl.capacityWords === Infinity) return;
      const part = lvl.partitionWords;
      if (part) {
        for (const ds of DATA_SPACES) {
          const cap = part[ds];
          if (cap !== null && w[ds] > cap) errs.push({ _tag: 'CapacityOverflow', level: lvl.name, tensor: ds, words: w[ds], capacityWords: cap });
        }
        const shared = DATA_SPACES.filter((ds) => part[ds] === null);
        const sharedCap = lvl.capacityWords - DATA_SPACES.reduce((a, ds) => a + (part[ds] ?? 0), 0);
        const used = shared.reduce((a, ds) => a + w[ds], 0);
        if (shared.length > 0 && used > sharedCap) errs.push({ _tag: 'CapacityOverflow', level: lvl.name, tensor: 'all', words: used, capacityWords: sharedCap });
      } else {
        const used = w.W + w.I + w.O;
        if (used > lvl.capacityWords) errs.push({ _tag: 'CapacityOverflow', level: lvl.name, tensor: 'all', words: used, capacityWords: lvl.capacityWords });
      }
    });
  }
  return errs.length === 0 ? E.right(m) : E.left(errs);
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** One-line, human-readable description of a validity problem. */
export const describeInvalid = (e: MappingInvalid): string => {
  switch (e._tag) {
    case 'LevelCount':
      return `mapping has ${e.got} levels but the architecture has ${e.expected}`;
    case 'FactorProduct':
      return `factors of ${e.dim} multiply to ${e.product}, but the layer's ${e.dim} is ${e.bound}`;
    case 'BadPermutation':
      return `${e.level}: permutation [${e.permutation.join(', ')}] must list each of ${DIMS.join(' ')} exactly once`;
    case 'SpatialOverflow':
      return `${e.level}: spatial ${e.axis} factors use ${e.used} instances but the fan-out has ${e.available}`;
    case 'KeepNotAllowed':
      return `${e.level}: cannot keep ${DATA_SPACE_NAMES[e.tensor]} (the hardware level bypasses them)`;
    case 'BackingStoreMustKeep':
      return `${e.level}: the backing store must keep ${DATA_SPACE_NAMES[e.tensor]}`;
    case 'CapacityOverflow':
      return `${e.level}: tile of ${e.tensor === 'all' ? 'all kept tensors' : DATA_SPACE_NAMES[e.tensor]} needs ${e.words} words, capacity is ${e.capacityWords}`;
    case 'NoMapping':
      return `no mapping found: ${e.reason}`;
  }
};
