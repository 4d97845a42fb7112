export * from './ert.js';
export * from './price.js';
