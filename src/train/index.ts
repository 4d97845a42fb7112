/**
 * The `train` module's public API: MNIST loading (the only IO), a seeded typed-array trainer for the zoo's
 * `mnist-mlp` and `lenet5`, evaluation with measured activation densities, and the model file format.
 * Types and function signatures: `types.ts`.
 */
export type * from './types.js';
