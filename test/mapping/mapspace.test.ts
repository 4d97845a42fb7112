/**
 * The mapspace's capacity sweep (`prepareCapacitySweep` / `fitsCapacityWith`, the coordinate descent's fast
 * path) gives exactly `fitsPoint`'s verdict for every candidate factorization of the swept dimension, on layers
 * with sliding windows and on configs/eyeriss.yaml (per-tensor partitions, compressed formats) as on a plain
 * hierarchy with small buffers.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { decodeArch } from '../../src/config/arch.js';
import { ANY_DATAFLOW, fitsCapacityWith, fitsPoint, makeMapspace, newPoint, prepareCapacitySweep } from '../../src/mapping/index.js';
import { NUM_DIMS } from '../../src/workload/index.js';
import { testArch } from '../helpers/arch.js';
import { tinyProblem } from '../helpers/arbitraries.js';

const eyeriss = decodeArch(parse(readFileSync(new URL('../../configs/eyeriss.yaml', import.meta.url), 'utf8')));
if (E.isLeft(eyeriss)) throw new Error('configs/eyeriss.yaml does not decode');
const plain = testArch([{}, { capacityWords: 40 }, { capacityWords: 12, instances: 4 }], 4);

describe('mapspace capacity sweep', () => {
  it('fitsCapacityWith = fitsPoint for every candidate of the swept dimension (where the fan-out fits)', () => {
    let compared = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        tinyProblem(4),
        fc.constantFrom(eyeriss.right, plain),
        fc.array(fc.nat(), { minLength: NUM_DIMS, maxLength: NUM_DIMS }),
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        (pr, arch, picks, keeps) => {
          const ms = makeMapspace(arch, { ...pr, density: { W: 0.6, I: 0.5, O: 1 } }, ANY_DATAFLOW);
          const p = newPoint(ms);
          for (let d = 0; d < NUM_DIMS; d++) p.choice[d] = picks[d]! % ms.factorizations[d]!.length;
          for (let l = 0; l < ms.numLevels; l++) p.keep[l] = ms.keepChoices[l]![keeps[l]! % ms.keepChoices[l]!.length]!;
          const L = ms.numLevels;
          for (let d = 0; d < NUM_DIMS; d++) {
            const own = p.choice[d]!;
            prepareCapacitySweep(ms, p, d);
            for (let i = 0; i < ms.factorizations[d]!.length; i++) {
              p.choice[d] = i;
              let fan = true;
              for (let l = 0; l < L; l++) {
                let x = 1;
                let y = 1;
                for (let e = 0; e < NUM_DIMS; e++) {
                  x *= ms.spX[e]![p.choice[e]! * L + l]!;
                  y *= ms.spY[e]![p.choice[e]! * L + l]!;
                }
                fan = fan && x <= ms.fanX[l]! && y <= ms.fanY[l]!;
              }
              if (!fan) continue;
              const want = fitsPoint(ms, p);
              expect(fitsCapacityWith(ms, p, i)).toBe(want);
              compared++;
              if (!want) rejected++;
            }
            p.choice[d] = own;
          }
        },
      ),
      { numRuns: 150 },
    );
    // Both verdicts occur many times (the comparison is not vacuous).
    expect(rejected).toBeGreaterThan(100);
    expect(compared - rejected).toBeGreaterThan(100);
  });
});
