export * from './dims.js';
export * from './layer.js';
export * from './network.js';
export * from './projection.js';
export * from './zoo/index.js';
