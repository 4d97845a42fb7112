/** Helpers for the sweep tests: a tiny sweep spec, a deterministic synthetic evaluator, record comparison. */
import * as E from 'fp-ts/lib/Either.js';
import { decodeSweep, type SweepSpec } from '../../src/config/sweep.js';
import type { PointOutcome, PointTask } from '../../src/sweep/point.js';
import type { PointRecord } from '../../src/sweep/store.js';

export const spec = (doc: Record<string, unknown>): SweepSpec => {
  const r = decodeSweep(doc);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

/** Metrics as a smooth deterministic function of the numeric parameters (no model: fast). */
export const synthetic = (task: PointTask): PointOutcome => {
  const xs = Object.entries(task.params).filter(([, v]) => typeof v === 'number') as Array<[string, number]>;
  const s = xs.reduce((a, [, v], i) => a + (v - 3 - i) ** 2, 0);
  const energy = 1000 + 10 * s;
  const cycles = 500 + xs.reduce((a, [, v]) => a + 100 / (1 + Math.abs(v)), 0);
  return {
    status: 'ok',
    metrics: {
      energyUnit: 'pJ', energy, energyTotal: energy, energyPerMac: energy / 100, cycles, latencyUs: cycles / 200, edp: energy * cycles,
      macs: 100, weightMemoryBits: 0, powerMW: null, byLevel: { DRAM: energy / 2 }, network: 0, compute: energy / 2, mappingsEvaluated: 1,
    },
  };
};

/** A record without its timing (what must be identical across runs). */
export const untimed = (r: PointRecord): Omit<PointRecord, 'seconds'> => {
  const { seconds: _s, ...rest } = r;
  return rest;
};
