/** Shared by the mapper's bound tests (bound.test.ts, and mapperExact.test.ts, which runs inside mutation runs). */
import type { Arch } from '../../src/arch/index.js';
import { SLOT_KINDS, type MapPoint, type Mapspace } from '../../src/mapping/index.js';
import { permutationsOf, type spatialGroups } from '../../src/mapper/index.js';
import { NUM_DIMS } from '../../src/workload/index.js';
import { testArch } from './arch.js';

/** DRAM → 4,096-word buffer → 2 × 64 words → 2 × 16 words → 2 MACs. */
export const arch4 = (): Arch =>
  testArch([
    { read: 200, write: 200 },
    { capacityWords: 1 << 12, read: 6, write: 7 },
    { capacityWords: 64, read: 2, write: 2, instances: 2 },
    { capacityWords: 16, read: 1, write: 1, instances: 2 },
  ], 2);

/** All orders of level l's non-unit loops (unit loops first, in dimension order). */
export const allOrders = (ms: Mapspace, p: MapPoint, l: number): Int32Array[] => {
  const big: number[] = [];
  const unit: number[] = [];
  for (let d = 0; d < NUM_DIMS; d++) (ms.factorizations[d]![p.choice[d]!]![l * SLOT_KINDS]! > 1 ? big : unit).push(d);
  return permutationsOf(big).map((o) => Int32Array.from([...unit, ...o]));
};

/** Call f for every combination of orders of levels `levels` (p.perm set in place). */
export const eachOrder = (ms: Mapspace, p: MapPoint, levels: number[], f: () => void): void => {
  const lists = levels.map((l) => allOrders(ms, p, l));
  const rec = (i: number): void => {
    if (i === levels.length) return f();
    for (const o of lists[i]!) {
      p.perm[levels[i]!]!.set(o);
      rec(i + 1);
    }
  };
  rec(0);
};

/** Every combination of groups whose spatial products fit every level's X and Y fan-out. */
export const bruteCount = (ms: Mapspace, sg: ReturnType<typeof spatialGroups>): number => {
  const radix = sg.groups.map((g) => g.length);
  const digits = radix.map(() => 0);
  let fitting = 0;
  for (;;) {
    let ok = true;
    for (let l = 0; l < ms.numLevels; l++) {
      let x = 1;
      let y = 1;
      digits.forEach((g, d) => {
        const v = ms.factorizations[d]![sg.groups[d]![g]![0]!]!;
        x *= v[l * SLOT_KINDS + 1]!;
        y *= v[l * SLOT_KINDS + 2]!;
      });
      if (x > ms.fanX[l]! || y > ms.fanY[l]!) ok = false;
    }
    if (ok) fitting++;
    let i = digits.length - 1;
    while (i >= 0 && ++digits[i]! === radix[i]!) digits[i--] = 0;
    if (i < 0) break;
  }
  return fitting;
};
