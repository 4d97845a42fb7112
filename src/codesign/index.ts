export * from './evaluate.js';
export * from './map.js';
export * from './resident.js';
