/**
 * Data spaces (tensors) of a DNN layer and the `PerDataSpace<A>` record used everywhere a value is kept per
 * tensor. Timeloop calls them Weights, Inputs, Outputs; we use the one-letter tags `W`, `I`, `O`.
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** `W` weights (read-only), `I` input activations (read-only), `O` outputs / partial sums (read-write). */
export type DataSpace = 'W' | 'I' | 'O';

/** One value per data space. */
export interface PerDataSpace<A> {
  readonly W: A;
  readonly I: A;
  readonly O: A;
}

/** All data spaces in a fixed order (index 0 = W, 1 = I, 2 = O), used by typed-array hot loops. */
export const DATA_SPACES: ReadonlyArray<DataSpace> = ['W', 'I', 'O'];

/** Long names, as used in user-facing output and YAML (`weights`, `inputs`, `outputs`). */
export const DATA_SPACE_NAMES: PerDataSpace<'weights' | 'inputs' | 'outputs'> = {
  W: 'weights',
  I: 'inputs',
  O: 'outputs',
};
