/**
 * Energy cost presets: named, cited per-access cost tables ("providers") that turn a hardware description
 * (kind of storage, capacity, access width) into per-access read / write energies and a MAC cost. A preset is
 * plain data plus a pure lookup; the arch decoder uses one for every level that gives no explicit energy.
 *
 * Two presets (figures in docs/reference/published-figures.md):
 *
 * - `eyeriss-normalized` — unit `MAC-normalized` (× one 16-bit MAC). Chen, Emer, Sze, "Eyeriss: a spatial
 *   architecture for energy-efficient dataflow for CNNs", ISCA 2016, Table IV (65 nm): per 16-bit access
 *   DRAM 200, global buffer (> 100 kB) 6, array (inter-PE, 1–2 mm) 2, RF (0.5 kB) 1, MAC 1. The table has one
 *   row per level kind, so every SRAM costs the global-buffer figure and every register file the RF figure,
 *   whatever its capacity. The MAC is split into multiply 0.94 + add 0.06, a ratio *derived* (not published by
 *   Eyeriss) from Horowitz's 45 nm 16-bit figures: add 0.05 pJ / (multiply ≈ 0.787 + add 0.05) ≈ 0.06.
 *
 * - `horowitz-45nm` — unit `pJ`. M. Horowitz, "Computing's energy problem (and what we can do about it)",
 *   ISSCC 2014 (45 nm, 0.9 V): SRAM per 64-bit access 8 kB 10 pJ, 32 kB 20 pJ, 1 MB 100 pJ; DRAM 1.3–2.6 nJ
 *   per 64 bits; 16-bit int add 0.05 pJ; 8-bit int multiply 0.2 pJ, 32-bit 3.1 pJ. Register file 1 pJ per
 *   32-bit access from Han, Pool, Tran, Dally, "Learning both weights and connections", NIPS 2015, Fig. 1.
 *   Interpolations and assumptions (each also appears in the returned `source`):
 *     - SRAM: linear in log2(capacity) between the three points; flat (clamped) below 8 kB and above 1 MB.
 *     - DRAM: the midpoint of 1.3–2.6 nJ, i.e. 1.95 nJ = 1950 pJ per 64 bits.
 *     - 16-bit multiply: not in the table; the power-law (≈ bits²) interpolation between 8 b 0.2 pJ and 32 b
 *       3.1 pJ, which at the geometric midpoint 16 b is √(0.2 · 3.1) ≈ 0.787 pJ (≈ 0.8 pJ).
 *     - Network: an ASSUMPTION, not a Horowitz figure: 0.1 pJ per bit per mm of on-chip wire (the order of
 *       magnitude usually quoted for 40–45 nm global wires), one hop = `hopMm` (default 1 mm).
 *
 * Width scaling (both presets): an access moving `wordBits · blockWords` bits costs the table value times
 * (bits moved / the table's reference width): energy per access ∝ bits moved.
 *
 * @example costFor('eyeriss-normalized', { kind: 'dram', wordBits: 16, blockWords: 4 }) // Right({ read: 800, write: 800, source })
 */
import * as E from 'fp-ts/lib/Either.js';
import type { EnergyUnit } from '../core/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** What is being priced. `capacityBytes` is per instance (needed by capacity-dependent tables). */
export interface CostQuery {
  readonly kind: 'dram' | 'sram' | 'regfile' | 'network' | 'mac';
  readonly capacityBytes?: number;
  /** Bits per word. */
  readonly wordBits: number;
  /** Words per access (vector width). */
  readonly blockWords: number;
  /** Network hop length in mm (network queries only; presets that ignore it say so in `source`). */
  readonly hopMm?: number;
}

/**
 * Energy of one access of the queried width, in the preset's unit. For `network`, per word delivered; for
 * `mac`, read = write = one MAC with `wordBits`-wide operands.
 */
export interface AccessCost {
  readonly read: number;
  readonly write: number;
  /** Preset name, table row and any interpolation / scaling applied. */
  readonly source: string;
}

/** MAC cost at a reference width: multiplier at `refBits × refBits`, adder at `refBits` (preset unit). */
export interface MacCost {
  readonly multiplyEnergy: number;
  readonly addEnergy: number;
  readonly refBits: number;
  readonly source: string;
}

/** A named cost table. */
export interface CostPreset {
  readonly name: string;
  readonly unit: EnergyUnit;
  readonly citation: string;
  readonly mac: MacCost;
  /** Per-access cost of a storage level or network hop (`mac` queries are answered from `mac`). */
  readonly access: (q: CostQuery) => E.Either<string, AccessCost>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors — the tables
// ---------------------------------------------------------------------------------------------------------

/** Eyeriss ISCA'16 Table IV, per 16-bit access (MAC-normalized). */
export const EYERISS_TABLE = { dram: 200, globalBuffer: 6, array: 2, regfile: 1, mac: 1, refBits: 16 } as const;

/** Multiply / add split of the normalized MAC, from Horowitz 16-bit add 0.05 pJ vs multiply ≈ 0.787 pJ. */
export const EYERISS_MAC_SPLIT = { multiply: 0.94, add: 0.06 } as const;

/** Horowitz ISSCC'14 (45 nm, 0.9 V) and Han et al. NIPS'15, in pJ. */
export const HOROWITZ_TABLE = {
  /** [capacity in bytes, pJ per 64-bit access]. */
  sramPoints: [
    [8 * 1024, 10],
    [32 * 1024, 20],
    [1024 * 1024, 100],
  ] as ReadonlyArray<readonly [number, number]>,
  sramRefBits: 64,
  /** Midpoint of 1.3–2.6 nJ per 64-bit access. */
  dramPJ: 1950,
  dramRefBits: 64,
  /** Han et al. NIPS'15 Fig. 1: register file, 32-bit access. */
  regfilePJ: 1,
  regfileRefBits: 32,
  mult8PJ: 0.2,
  mult32PJ: 3.1,
  add16PJ: 0.05,
  /** Assumed on-chip wire energy (see the module doc). */
  wirePJPerBitMm: 0.1,
  defaultHopMm: 1,
} as const;

/** 16-bit multiply: power-law interpolation between 8 b and 32 b (geometric mean at 16 b) ≈ 0.787 pJ. */
export const HOROWITZ_MULT16_PJ = Math.sqrt(HOROWITZ_TABLE.mult8PJ * HOROWITZ_TABLE.mult32PJ);

const EYERISS_CITE = 'Chen, Emer, Sze ISCA 2016 Table IV';
const HOROWITZ_CITE = 'Horowitz ISSCC 2014 (45 nm, 0.9 V)';

const eyerissNormalized: CostPreset = {
  name: 'eyeriss-normalized',
  unit: 'MAC-normalized',
  citation: `${EYERISS_CITE}: energy per 16-bit access normalized to one 16-bit MAC (65 nm)`,
  mac: {
    multiplyEnergy: EYERISS_TABLE.mac * EYERISS_MAC_SPLIT.multiply,
    addEnergy: EYERISS_TABLE.mac * EYERISS_MAC_SPLIT.add,
    refBits: EYERISS_TABLE.refBits,
    source: `eyeriss-normalized: ${EYERISS_CITE}, ALU (MAC) = 1 per 16-bit MAC, split multiply 0.94 + add 0.06 (ratio derived from Horowitz ISSCC 2014 16-bit figures)`,
  },
  access: (q) => {
    const row =
      q.kind === 'dram' ? { e: EYERISS_TABLE.dram, label: 'DRAM = 200' }
      : q.kind === 'sram' ? { e: EYERISS_TABLE.globalBuffer, label: 'global buffer (>100 kB) = 6' }
      : q.kind === 'regfile' ? { e: EYERISS_TABLE.regfile, label: 'RF (0.5 kB) = 1' }
      : q.kind === 'network' ? { e: EYERISS_TABLE.array, label: 'array (inter-PE, 1-2 mm) = 2 (hop length ignored)' }
      : undefined;
    if (row === undefined) return E.left('eyeriss-normalized: MAC costs come from the preset\'s `mac` entry');
    return E.right(scaled('eyeriss-normalized', `${EYERISS_CITE}, ${row.label} per 16-bit access`, row.e, EYERISS_TABLE.refBits, q));
  },
};

const horowitz45nm: CostPreset = {
  name: 'horowitz-45nm',
  unit: 'pJ',
  citation: `${HOROWITZ_CITE}; Han et al. NIPS 2015 Fig. 1 (32-bit register file)`,
  mac: {
    multiplyEnergy: HOROWITZ_MULT16_PJ,
    addEnergy: HOROWITZ_TABLE.add16PJ,
    refBits: 16,
    source: `horowitz-45nm: ${HOROWITZ_CITE}, 16-bit int add 0.05 pJ; 16-bit multiply ${HOROWITZ_MULT16_PJ.toFixed(3)} pJ interpolated as ~bits^2 (geometric mean of 8 b 0.2 pJ and 32 b 3.1 pJ)`,
  },
  access: (q) => {
    const T = HOROWITZ_TABLE;
    switch (q.kind) {
      case 'dram':
        return E.right(scaled('horowitz-45nm', `${HOROWITZ_CITE}, DRAM 1.3-2.6 nJ per 64 b (midpoint 1.95 nJ used)`, T.dramPJ, T.dramRefBits, q));
      case 'regfile':
        return E.right(scaled('horowitz-45nm', 'Han et al. NIPS 2015 Fig. 1, register file 1 pJ per 32 b', T.regfilePJ, T.regfileRefBits, q));
      case 'sram': {
        if (q.capacityBytes === undefined || !(q.capacityBytes > 0)) {
          return E.left('horowitz-45nm: SRAM energy depends on capacity; capacityBytes (> 0) is required');
        }
        const s = sramPer64(q.capacityBytes);
        return E.right(scaled('horowitz-45nm', `${HOROWITZ_CITE}, SRAM per 64 b ${s.label}`, s.pJ, T.sramRefBits, q));
      }
      case 'network': {
        const hop = q.hopMm ?? T.defaultHopMm;
        if (!(hop >= 0) || !Number.isFinite(hop)) return E.left(`horowitz-45nm: hopMm must be a finite number >= 0, got ${hop}`);
        const perWord = T.wirePJPerBitMm * hop * q.wordBits * q.blockWords;
        return E.right({
          read: perWord,
          write: perWord,
          source: `horowitz-45nm: ASSUMED on-chip wire 0.1 pJ/bit/mm (not in Horowitz's table) × ${hop} mm × ${q.wordBits * q.blockWords} b`,
        });
      }
      case 'mac':
        return E.left('horowitz-45nm: MAC costs come from the preset\'s `mac` entry');
    }
  },
};

/** All presets, by name. Passed as an argument where a different registry is wanted (tests, plug-ins). */
export const PRESETS: Readonly<Record<string, CostPreset>> = {
  'eyeriss-normalized': eyerissNormalized,
  'horowitz-45nm': horowitz45nm,
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** The preset called `name`, or a message listing the known ones. */
export const lookupPreset = (name: string, presets: Readonly<Record<string, CostPreset>> = PRESETS): E.Either<string, CostPreset> =>
  Object.prototype.hasOwnProperty.call(presets, name)
    ? E.right(presets[name]!)
    : E.left(`unknown cost preset "${name}" (known: ${Object.keys(presets).join(', ')})`);

/**
 * Per-access cost of `query` under the preset called `preset`. For `kind: 'mac'`, read = write = the energy
 * of one MAC with `wordBits`-wide operands: E_mul · (wordBits / refBits)² + E_add · (wordBits / refBits)
 * (multiplier ~ bits², adder ~ bits). Widths must be positive.
 *
 * @example costFor('horowitz-45nm', { kind: 'regfile', wordBits: 16, blockWords: 1 }) // Right({ read: 0.5, write: 0.5, source })
 */
export const costFor = (
  preset: string,
  query: CostQuery,
  presets: Readonly<Record<string, CostPreset>> = PRESETS,
): E.Either<string, AccessCost> => {
  if (!(query.wordBits > 0) || !(query.blockWords > 0)) {
    return E.left(`${preset}: wordBits and blockWords must be positive, got ${query.wordBits} and ${query.blockWords}`);
  }
  return E.flatMap(lookupPreset(preset, presets), (p) => {
    if (query.kind !== 'mac') return p.access(query);
    const r = query.wordBits / p.mac.refBits;
    const e = p.mac.multiplyEnergy * r * r + p.mac.addEnergy * r;
    return E.right({ read: e, write: e, source: `${p.mac.source}; scaled to ${query.wordBits}-bit operands` });
  });
};

/** The MAC entry of the preset called `preset`. */
export const macCostFor = (preset: string, presets: Readonly<Record<string, CostPreset>> = PRESETS): E.Either<string, MacCost> =>
  E.map((p: CostPreset) => p.mac)(lookupPreset(preset, presets));

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** A flat table value `e` per `refBits` access, scaled to the bits moved by the query. */
const scaled = (preset: string, row: string, e: number, refBits: number, q: CostQuery): AccessCost => {
  const bitsMoved = q.wordBits * q.blockWords;
  const f = bitsMoved / refBits;
  const v = e * f;
  return { read: v, write: v, source: `${preset}: ${row}${f === 1 ? '' : ` × ${bitsMoved}/${refBits} bits moved`}` };
};

/**
 * Horowitz SRAM energy per 64-bit access at `capacityBytes`: piecewise linear in log2(capacity) through
 * (8 kB, 10), (32 kB, 20), (1 MB, 100); clamped below 8 kB and above 1 MB.
 */
export const sramPer64 = (capacityBytes: number): { readonly pJ: number; readonly label: string } => {
  const pts = HOROWITZ_TABLE.sramPoints;
  const kb = (b: number): string => (b >= 1024 * 1024 ? `${b / (1024 * 1024)} MB` : `${b / 1024} kB`);
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  if (capacityBytes <= first[0]) {
    return { pJ: first[1], label: `${kb(first[0])} ${first[1]} pJ${capacityBytes < first[0] ? ' (flat extrapolation below 8 kB)' : ''}` };
  }
  if (capacityBytes >= last[0]) {
    return { pJ: last[1], label: `${kb(last[0])} ${last[1]} pJ${capacityBytes > last[0] ? ' (flat extrapolation above 1 MB)' : ''}` };
  }
  for (let i = 1; i < pts.length; i++) {
    const [c1, e1] = pts[i]!;
    if (capacityBytes <= c1) {
      const [c0, e0] = pts[i - 1]!;
      const w = (Math.log2(capacityBytes) - Math.log2(c0)) / (Math.log2(c1) - Math.log2(c0));
      const pJ = e0 + w * (e1 - e0);
      if (capacityBytes === c1) return { pJ: e1, label: `${kb(c1)} ${e1} pJ` };
      return { pJ, label: `${pJ.toFixed(2)} pJ (log2-capacity interpolation between ${kb(c0)} ${e0} pJ and ${kb(c1)} ${e1} pJ)` };
    }
  }
  return { pJ: last[1], label: `${kb(last[0])} ${last[1]} pJ` };
};
