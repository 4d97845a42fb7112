/**
 * SRAM fault injection and mitigation under supply-voltage scaling (Minerva stage 5, Reagen et al., ISCA
 * 2016 §7): lowering the SRAM supply voltage V saves dynamic energy ∝ V² but makes bitcells fail; each stored
 * bit flips with the fault rate of V. Stored weights are fixed-point words (see `fixedPoint.ts`); three ways
 * to live with a faulty bit:
 * - `none`: the flipped bit is used as read;
 * - `mask-word`: the fault is detected (Minerva: Razor double-sampling) and the whole word reads as 0;
 * - `round-bit`: the fault is detected and the faulty bit is replaced by the word's sign bit, which moves a
 *   two's complement value toward zero (Minerva's "bit masking").
 *
 * Only the stored (kept, mask = 1) weights are exposed to faults: pruned weights are not stored (compressed
 * formats) and masks / metadata are assumed fault-free. Activations are not injected.
 *
 * Pure: randomness from the `Rng` argument only; at rate 0 the weights are returned unchanged.
 */
import type { Rng } from '../core/index.js';
import { fromWord, toWord, totalBits, type FixedPointFormat } from './fixedPoint.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export type FaultMitigation = 'none' | 'mask-word' | 'round-bit';
export const FAULT_MITIGATIONS: ReadonlyArray<FaultMitigation> = ['none', 'mask-word', 'round-bit'];

/** One row of a fault-rate table: per-bit failure probability of a bitcell at a supply voltage, and where the row comes from. */
export interface FaultRatePoint {
  readonly voltage: number;
  readonly bitFaultRate: number;
  /** The row's own source (a figure and how it was read, or ASSUMED / ILLUSTRATIVE); absent: the table's. */
  readonly source?: string;
}

/** A rate-vs-voltage table, its nominal voltage (rate 0 there) and where the numbers come from. */
export interface FaultRateTable {
  readonly nominalVoltage: number;
  readonly points: ReadonlyArray<FaultRatePoint>;
  readonly source: string;
}

/** Why no row of the default table is a read-off (said on every illustrative row). */
const NOT_READ_OFF = 'ILLUSTRATIVE: not read off Minerva §7\'s fault-rate-vs-voltage figure (the figure\'s data were not available to this project); a round log-scale value';

/**
 * Default table (volts → per-bit fault probability). ILLUSTRATIVE, row by row (each row says so in its
 * `source`): fault-free at the 0.9 V nominal supply, rates rising by about a decade per 50 mV below it, in the
 * range Minerva (Reagen et al., ISCA 2016, §7, the SRAM bitcell fault-rate vs supply-voltage figure, 40 nm)
 * works in. No row is read off the paper's figure and none is measured; give a measured table for a real
 * process in the pipeline file (`faultRates`, each point with its `source`).
 */
export const DEFAULT_FAULT_TABLE: FaultRateTable = {
  nominalVoltage: 0.9,
  points: [
    { voltage: 0.9, bitFaultRate: 0, source: 'ASSUMED: the nominal supply, fault-free (as Minerva\'s baseline runs its SRAM)' },
    { voltage: 0.85, bitFaultRate: 1e-7, source: NOT_READ_OFF },
    { voltage: 0.8, bitFaultRate: 1e-6, source: NOT_READ_OFF },
    { voltage: 0.75, bitFaultRate: 1e-5, source: NOT_READ_OFF },
    { voltage: 0.7, bitFaultRate: 1e-4, source: NOT_READ_OFF },
    { voltage: 0.65, bitFaultRate: 1e-3, source: NOT_READ_OFF },
    { voltage: 0.6, bitFaultRate: 1e-2, source: NOT_READ_OFF },
    { voltage: 0.55, bitFaultRate: 5e-2, source: `${NOT_READ_OFF} (half a decade)` },
  ],
  source:
    'illustrative table in the range of Reagen et al., "Minerva", ISCA 2016 §7 (SRAM bitcell fault rate vs supply voltage, 40 nm), rounded log-scale values, not exact read-offs',
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/**
 * Per-bit fault rate at voltage v: the table's value at a listed voltage; between two listed voltages,
 * log-linear interpolation (linear when one of the two rates is 0); above the highest listed voltage the
 * highest's rate, below the lowest the lowest's.
 */
export const faultRateAt = (table: FaultRateTable, v: number): number => {
  const pts = [...table.points].sort((a, b) => a.voltage - b.voltage);
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first === undefined || last === undefined) return 0;
  if (v <= first.voltage) return first.bitFaultRate;
  if (v >= last.voltage) return last.bitFaultRate;
  for (let i = 1; i < pts.length; i++) {
    const hi = pts[i]!;
    const lo = pts[i - 1]!;
    if (v === hi.voltage) return hi.bitFaultRate;
    if (v < hi.voltage) {
      const t = (v - lo.voltage) / (hi.voltage - lo.voltage);
      if (lo.bitFaultRate <= 0 || hi.bitFaultRate <= 0) return lo.bitFaultRate + t * (hi.bitFaultRate - lo.bitFaultRate);
      return Math.exp(Math.log(lo.bitFaultRate) + t * (Math.log(hi.bitFaultRate) - Math.log(lo.bitFaultRate)));
    }
  }
  return last.bitFaultRate;
};

/** Dynamic-energy factor of a supply voltage relative to nominal: (V / V_nominal)². */
export const voltageEnergyFactor = (v: number, nominal: number): number => (v / nominal) ** 2;

/** A word after a fault in `bit` (0 = LSB, total−1 = sign), as the mitigation reads it. */
export const faultyWord = (k: number, bit: number, bits: number, mode: FaultMitigation): number => {
  if (mode === 'mask-word') return 0;
  const mod = 2 ** bits;
  const u = k < 0 ? k + mod : k; // two's complement pattern as an unsigned integer
  const bitSet = Math.floor(u / 2 ** bit) % 2 === 1;
  const signSet = u >= mod / 2;
  let target: boolean;
  if (mode === 'none') target = !bitSet;
  else target = signSet; // round-bit: the faulty bit takes the sign bit's value
  const u2 = target === bitSet ? u : target ? u + 2 ** bit : u - 2 ** bit;
  return u2 >= mod / 2 ? u2 - mod : u2;
};

/**
 * Inject independent bit faults at per-bit rate `rate` into the kept weights (mask = 1) of one layer stored
 * in format `f`; returns new weights (unchanged values where no bit failed; the stored fixed-point value of
 * the word otherwise) and the number of faulty bits. At rate 0 returns the input array itself.
 * Faulty bit positions are drawn by geometric skips (exact Bernoulli process over the bits, O(faults)).
 */
export const injectFaults = (
  weights: Float32Array,
  mask: Uint8Array,
  f: FixedPointFormat,
  rate: number,
  mode: FaultMitigation,
  rng: Rng,
): { readonly weights: Float32Array; readonly faultyBits: number } => {
  if (!(rate > 0)) return { weights, faultyBits: 0 };
  const bits = totalBits(f);
  const kept: number[] = [];
  for (let i = 0; i < weights.length; i++) if (mask[i] !== 0) kept.push(i);
  const nBits = kept.length * bits;
  const out = Float32Array.from(weights);
  let faulty = 0;
  const logq = Math.log1p(-Math.min(rate, 1 - 1e-12));
  let pos = -1;
  for (;;) {
    const u = rng.next();
    pos += rate >= 1 ? 1 : 1 + Math.floor(Math.log1p(-u) / logq);
    if (pos >= nBits) break;
    const w = kept[Math.floor(pos / bits)]!;
    const bit = pos % bits;
    const k = toWord(out[w]!, f);
    out[w] = fromWord(faultyWord(k, bit, bits, mode), f);
    faulty++;
  }
  return { weights: out, faultyBits: faulty };
};
