/** Shared by the mapper's bound tests (bound.test.ts, and mapperExact.test.ts, which runs inside mutation runs). */
import type { Arch } from '../../src/arch/index.js';
import { freeLevel, SLOT_KINDS, type Dataflow, type MapPoint, type Mapspace } from '../../src/mapping/index.js';
import { permutationsOf, type spatialGroups } from '../../src/mapper/index.js';
import { NUM_DIMS, type Problem } from '../../src/workload/index.js';
import { testArch } from './arch.js';
import { problem } from './eval.js';

/** DRAM → 4,096-word buffer → 2 × 64 words → 2 × 16 words → 2 MACs. */
export const arch4 = (): Arch =>
  testArch([
    { read: 200, write: 200 },
    { capacityWords: 1 << 12, read: 6, write: 7 },
    { capacityWords: 64, read: 2, write: 2, instances: 2 },
    { capacityWords: 16, read: 1, write: 1, instances: 2 },
  ], 2);

/**
 * One factorization with loops to order at two levels: a dataflow fixes every factor (C, K, P split 2·2 over DRAM
 * and L1, R3 at L1), so a search is over keep choices and orders only; the best orders of both levels are not the
 * first ones (mapperExact.test.ts, mapperLarger.test.ts).
 */
export const fixedFactorsCase = (): { arch: Arch; df: Dataflow; problem: Problem } => {
  const ex = (n: number) => ({ kind: 'exact' as const, n });
  return {
    arch: testArch([{ read: 200, write: 200 }, { capacityWords: 1 << 12, read: 6, write: 7 }, { capacityWords: 1 << 10, read: 1, write: 1 }], 1),
    df: {
      name: 'fixed', description: '',
      levels: {
        DRAM: { ...freeLevel(), temporal: { C: ex(2), K: ex(2), P: ex(2) }, temporalDefault: 'one' },
        L1: { ...freeLevel(), temporal: { C: ex(2), K: ex(2), P: ex(2), R: ex(3) }, temporalDefault: 'one' },
        L2: { ...freeLevel(), temporalDefault: 'one' },
      },
    },
    problem: problem({ C: 4, K: 4, P: 4, R: 3 }),
  };
};

/** DRAM → 256-word buffer → 8 × 16-word buffers (X 4 × Y 2) → 8 MACs, and C4 K8 P6 Q2 R3 S3 (mapperLarger.test.ts). */
export const largerCase = (): { arch: Arch; problem: Problem } => ({
  arch: testArch([
    { read: 200, write: 200 },
    { capacityWords: 256, read: 6, write: 6 },
    { capacityWords: 16, read: 1, write: 1, instances: 8, meshX: 4, meshY: 2 },
  ], 8, { x: 4, y: 2 }),
  problem: problem({ C: 4, K: 8, P: 6, Q: 2, R: 3, S: 3 }),
});

/** Equal up to the bound's rounding tolerance (1e-9 relative, absolute below 1). */
export const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

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
