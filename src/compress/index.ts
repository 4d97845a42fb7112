/**
 * The compress module's public API: compression methods on trained models (pruning: magnitude, flops,
 * energy-aware; Minerva's quantization, activation pruning and SRAM fault mitigation), the pipeline file
 * codec, and the two workflows (`runPipeline`, `comparePruning`). Pure; the trainer, data and accelerator are
 * arguments (`CompressContext`).
 */
export * from './annotate.js';
export * from './context.js';
export * from './energy.js';
export * from './faults.js';
export * from './fixedPoint.js';
export * from './model.js';
export * from './pipeline.js';
export * from './prune.js';
export * from './refit.js';
export * from './run.js';
export * from './stages.js';
