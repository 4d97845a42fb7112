export * from './evaluate.js';
export * from './map.js';
