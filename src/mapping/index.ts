export * from './mapping.js';
export * from './flat.js';
export * from './validate.js';
export * from './defaultMapping.js';
export * from './constraints.js';
export * from './mapspace.js';
export * from './explain.js';
