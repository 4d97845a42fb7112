/**
 * The per-network training recipe (epochs, augmentation, learning-rate decay; Adam, batch 32, learning rate
 * 0.001) — the one source of truth for `codesim train`'s defaults and for the baseline `codesim
 * compare-pruning` trains when no `--model` is given. Measured to reach the issue's accuracy targets (README:
 * Training on real digits).
 */
import type { TrainOptions } from '../train/index.js';

export interface TrainRecipe {
  readonly epochs: number;
  /** Translate each training image by up to ±augment pixels (seeded). */
  readonly augment: number;
  /** Learning-rate factor per epoch. */
  readonly lrDecay: number;
}

/** The networks `train` accepts, with their default recipe. */
export const TRAIN_NETS: Readonly<Record<string, TrainRecipe>> = {
  'mnist-mlp': { epochs: 10, augment: 2, lrDecay: 0.75 },
  lenet5: { epochs: 20, augment: 1, lrDecay: 0.85 },
};

/** The recipe of a network name (own keys only), or undefined. */
export const recipeOf = (net: string): TrainRecipe | undefined =>
  Object.prototype.hasOwnProperty.call(TRAIN_NETS, net) ? TRAIN_NETS[net] : undefined;

/** The trainer's options for a recipe (Adam, batch 32, default learning rate), with `epochs` overridable. */
export const recipeOptions = (r: TrainRecipe, seed: number, epochs: number = r.epochs): TrainOptions => ({
  epochs,
  seed,
  batchSize: 32,
  optimizer: 'adam',
  augmentShift: r.augment,
  learningRateDecay: r.lrDecay,
});

/** The recipe in words, for progress lines and notes. */
export const recipeText = (r: TrainRecipe, epochs: number = r.epochs): string =>
  `${epochs} epochs, Adam (learning rate 0.001 × ${r.lrDecay} per epoch), batch 32, shifts of up to ±${r.augment} px`;
