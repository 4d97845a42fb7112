/**
 * The sweep module's public API: parallel layer mapping on a worker pool (`mapAll`, `autoJobs`, `defaultJobs`)
 * and the task / result records that cross the worker boundary.
 */
export { autoJobs, defaultJobs, mapAll } from './pool.js';
export { runMapTask } from './mapTask.js';
export type { MapTask, MapTaskResult } from './mapTask.js';
