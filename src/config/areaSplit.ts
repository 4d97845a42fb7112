/**
 * Equal-AREA splits for dataflow comparisons, as in Chen, Emer, Sze, ISCA 2016 §VI-A: every dataflow gets the
 * same PE count and the same storage AREA — the baseline's #PE × Area(RF) + Area(global buffer) — and its own RF /
 * buffer split of it. An RF byte costs more area than a buffer byte, so a dataflow with small RFs gets more buffer
 * bytes than the bytes its RFs give up (compare `equalStorageSplits`, which equalizes bits).
 *
 * With the accelerator's area model pricing the innermost level (the per-PE RF, `instances` copies) at a mm²/kB and
 * the level above it (the global buffer) at g mm²/kB (kB = 1,024 bytes; linear in capacity, `config/area.ts`):
 *
 *   budgetMm2   = rf.instances × kB(rf.capacityWords) × a + glb.instances × kB(glb.capacityWords) × g
 *   glbWords(r) = ⌊(budgetMm2 − rf.instances × kB(r) × a) / (glb.instances × kB(1) × g)⌋   (r ∈ rfWords)
 *
 * with kB(w) = w × wordBits / 8 / 1,024 of that level. The floor is taken after adding 10⁻⁶ words, so that the
 * floating-point rounding of the products never drops a word (r = the file's own RF gives back its own buffer
 * exactly). A split leaving the buffer less than one word, or less than its partitions, is dropped.
 *
 * @example configs/eyeriss-256.yaml (RF 13.8725 µm²/B, GLB 707,084 / 262,144 µm²/B, i.e. 0.01420544 and
 *   0.002762046875 mm²/kB; 256 PEs × 512 B + 128 kB): budget 256 × 512 × 13.8725 + 353,542 = 2,171,838.32 µm²;
 *   one GLB word (2 B) = 707,084 / 131,072 µm²; r = 16 words (256 × 32 B × 13.8725 = 113,643.52 µm²) →
 *   ⌊2,058,194.8 × 131,072 / 707,084⌋ = ⌊381,527.1⌋ = 381,527 words (745.2 kB); r = 256 → 65,536 (the file's own);
 *   r = 306 → a negative remainder: dropped.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import type { AreaModel } from './area.js';
import { rfAndGlb, splitsOfBudget, type StorageSplit } from './storageSplit.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface EqualArea {
  /** The innermost level (per-PE RF) and the level above it (global buffer). */
  readonly rf: string;
  readonly glb: string;
  /** The storage area both levels share (mm²): the accelerator's own RF + buffer area under its area model. */
  readonly budgetMm2: number;
  /** The area model's per-kB rates of the two levels (mm² per 1,024 bytes). */
  readonly rfMm2PerKB: number;
  readonly glbMm2PerKB: number;
  readonly splits: ReadonlyArray<StorageSplit>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Whether `model` prices both the innermost level of `arch` and the level above it (equal-area mode is possible). */
export const pricesRfAndGlb = (model: AreaModel | null, arch: Arch): boolean => {
  const n = arch.levels.length;
  const rf = arch.levels[n - 1];
  const glb = arch.levels[n - 2];
  return model !== null && n >= 3 && rf !== undefined && glb !== undefined && model.mm2PerKB[rf.name] !== undefined && model.mm2PerKB[glb.name] !== undefined;
};

/** The splits of `arch`'s RF + global-buffer AREA for each RF size in `rfWords` (see the module doc). */
export const equalAreaSplits = (arch: Arch, model: AreaModel, rfWords: ReadonlyArray<number>): E.Either<string, EqualArea> => {
  const levels = rfAndGlb(arch, 'equal-area');
  if (E.isLeft(levels)) return levels;
  const { rf, glb } = levels.right;
  const a = model.mm2PerKB[rf.name];
  const g = model.mm2PerKB[glb.name];
  if (a === undefined || g === undefined) return E.left(`the area model prices ${[rf, glb].filter((l) => model.mm2PerKB[l.name] === undefined).map((l) => l.name).join(' and ')} at no mm2PerKB: an equal-area split needs both ${rf.name} and ${glb.name} priced (area.levels)`);
  if (g <= 0) return E.left(`the area model prices ${glb.name} at 0 mm2 per kB: every split would get an unbounded ${glb.name}`);
  const wordMm2 = (wordBits: number, mm2PerKB: number): number => (wordBits / 8 / 1024) * mm2PerKB;
  const { budget: budgetMm2, splits } = splitsOfBudget(rf, glb, rfWords, wordMm2(rf.wordBits, a), wordMm2(glb.wordBits, g), 1e-6);
  if (splits.length === 0) return E.left(`no RF size in ${rfWords.join(', ')} words per PE leaves room for ${glb.name} in the ${budgetMm2} mm2 budget`);
  return E.right({ rf: rf.name, glb: glb.name, budgetMm2, rfMm2PerKB: a, glbMm2PerKB: g, splits });
};
