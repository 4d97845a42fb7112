export * from './context.js';
export * from './analyze.js';
export * from './stats.js';
export * from './cost.js';
export * from './ceilCount.js';
export * from './strideReset.js';
