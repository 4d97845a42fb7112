/**
 * Equal-storage splits for dataflow comparisons (Chen, Emer, Sze, ISCA 2016 §VI-A compare dataflows "under
 * the same area": every dataflow gets the same storage budget and PE count and its own RF / buffer split).
 * This module equalizes storage CAPACITY (bits) — `compare-dataflows --equal storage`, and the fallback for files
 * without an area model; `areaSplit.ts` equalizes AREA, the paper's rule. The budget is the accelerator's own on-chip storage next to
 * the PEs — the innermost level (the per-PE RF, `instances` copies) plus the level above it (the global
 * buffer) — and each candidate RF size per PE leaves the rest of the budget to the global buffer:
 *
 *   budgetBits = rf.instances × rf.capacityWords × rf.wordBits + glb.instances × glb.capacityWords × glb.wordBits
 *   glbWords(r) = ⌊(budgetBits − rf.instances × r × rf.wordBits) / (glb.instances × glb.wordBits)⌋   (r ∈ rfWords)
 *
 * A split leaving the buffer less than one word, or less than its partitions, is dropped.
 *
 * @example configs/eyeriss-256.yaml (256 PEs × 256 words + 65,536 words, 16-bit): budget 2,097,152 bits
 *   (256 kB); r = 16 → GLB 126,976 words; r = 256 → 65,536; r = 512 → 0 words: dropped.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch, StorageLevel } from '../arch/index.js';
import { isRecord } from './codecs.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface StorageSplit {
  /** Words per PE of the innermost level (the RF). */
  readonly rfWords: number;
  /** Words of the level above it (the global buffer). */
  readonly glbWords: number;
}

export interface EqualStorage {
  /** The innermost level (per-PE RF) and the level above it (global buffer). */
  readonly rf: string;
  readonly glb: string;
  /** The budget both levels share (bits), the accelerator's own. */
  readonly budgetBits: number;
  readonly splits: ReadonlyArray<StorageSplit>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The innermost level (the per-PE RF) and the level above it (the global buffer) of a split; `what` names the comparison. */
export const rfAndGlb = (arch: Arch, what: string): E.Either<string, { readonly rf: StorageLevel; readonly glb: StorageLevel }> => {
  const n = arch.levels.length;
  const rf = arch.levels[n - 1];
  const glb = arch.levels[n - 2];
  if (rf === undefined || glb === undefined || n < 3) return E.left(`an ${what} comparison needs an RF and a global buffer below the DRAM; ${arch.name} has ${n} levels`);
  if (rf.partitionWords !== null) return E.left(`the RF level ${rf.name} is partitioned per tensor: an ${what} split resizes one shared RF (remove its partitionWords)`);
  return E.right({ rf, glb });
};

/**
 * The splits of one budget, in any unit: budget = rf.instances × rf.capacityWords × rfWordCost + glb.instances ×
 * glb.capacityWords × glbWordCost; glbWords(r) = ⌊(budget − rf.instances × r × rfWordCost) / (glb.instances ×
 * glbWordCost) + slack⌋, dropped below one word or the buffer's partitions. Equal storage: costs in bits, slack 0;
 * equal area (`areaSplit.ts`): costs in mm², a slack against floating-point rounding.
 */
export const splitsOfBudget = (rf: StorageLevel, glb: StorageLevel, rfWords: ReadonlyArray<number>, rfWordCost: number, glbWordCost: number, slack: number): { readonly budget: number; readonly splits: ReadonlyArray<StorageSplit> } => {
  const budget = rf.instances * rf.capacityWords * rfWordCost + glb.instances * glb.capacityWords * glbWordCost;
  const reserved = glb.partitionWords === null ? 0 : Object.values(glb.partitionWords).reduce((a: number, w) => a + (w ?? 0), 0);
  const splits: StorageSplit[] = [];
  for (const r of rfWords) {
    const glbWords = Math.floor((budget - rf.instances * r * rfWordCost) / (glb.instances * glbWordCost) + slack);
    if (glbWords >= Math.max(1, reserved)) splits.push({ rfWords: r, glbWords });
  }
  return { budget, splits };
};

/** The splits of `arch`'s RF + global-buffer budget for each RF size in `rfWords` (see the module doc). */
export const equalStorageSplits = (arch: Arch, rfWords: ReadonlyArray<number>): E.Either<string, EqualStorage> => {
  const levels = rfAndGlb(arch, 'equal-storage');
  if (E.isLeft(levels)) return levels;
  const { rf, glb } = levels.right;
  const { budget: budgetBits, splits } = splitsOfBudget(rf, glb, rfWords, rf.wordBits, glb.wordBits, 0);
  if (splits.length === 0) return E.left(`no RF size in ${rfWords.join(', ')} words per PE leaves room for ${glb.name} in the ${budgetBits / 8 / 1024} kB budget`);
  return E.right({ rf: rf.name, glb: glb.name, budgetBits, splits });
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * The accelerator document with a split applied: the two levels' `capacityWords` set, and every dataflow's
 * own `storage` re-allocation removed (the split replaces it). Other keys unchanged; not mutated.
 */
export const withSplitDoc = (doc: unknown, s: { readonly rf: string; readonly glb: string }, split: StorageSplit): unknown => {
  if (!isRecord(doc)) return doc;
  const levels = Array.isArray(doc['levels'])
    ? doc['levels'].map((l: unknown) => {
        if (!isRecord(l)) return l;
        if (l['name'] === s.rf) return { ...l, capacityWords: split.rfWords };
        if (l['name'] === s.glb) return { ...l, capacityWords: split.glbWords };
        return l;
      })
    : doc['levels'];
  const dataflows = Array.isArray(doc['dataflows'])
    ? doc['dataflows'].map((d: unknown) => {
        if (!isRecord(d) || !('storage' in d)) return d;
        const { storage: _storage, ...rest } = d;
        return rest;
      })
    : doc['dataflows'];
  return { ...doc, levels, ...(dataflows !== undefined ? { dataflows } : {}) };
};
