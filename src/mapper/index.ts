export * from './objective.js';
export * from './evaluator.js';
export * from './search.js';
export * from './spatial.js';
export * from './bound.js';
