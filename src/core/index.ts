export * from './dataspace.js';
export * from './units.js';
export * from './rng.js';
