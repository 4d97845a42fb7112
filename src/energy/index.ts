export * from './ert.js';
export * from './price.js';
export * from './presets.js';
