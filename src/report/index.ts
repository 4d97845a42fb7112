export * from './table.js';
export * from './evalJson.js';
export * from './evalText.js';
