export * from './table.js';
export * from './evalJson.js';
export * from './evalText.js';
export * from './loopNest.js';
export * from './compareDataflows.js';
