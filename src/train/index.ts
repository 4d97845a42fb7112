/**
 * The `train` module's public API: MNIST loading (the only IO: `mnist.ts`), a seeded typed-array trainer
 * for the zoo's `mnist-mlp` and `lenet5`, evaluation with measured activation densities, and the model file
 * format. Types and function signatures: `types.ts`.
 */
export type * from './types.js';
export { labelCounts, pick, subset } from './dataset.js';
export { evaluateModel, layerActivations } from './forward.js';
export { loadMnist, MNIST_SOURCE } from './mnist.js';
export { checkModel, cloneLayers, initModel, LENET5_C3_TABLE, structuralMask } from './model.js';
export { fixedPointBits, quantizeInPlace, quantizeValue } from './quantize.js';
export { TRAIN_DEFAULTS, trainModel } from './trainer.js';
export { decodeModel, encodeModel, MODEL_VERSION } from './modelFile.js';
