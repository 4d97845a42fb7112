/** Piscina worker: a thin shell around `runMapTask` (unit-tested directly). */
import { performance } from 'node:perf_hooks';
import { runMapTask, type MapTask, type MapTaskResult } from './mapTask.js';

export default (task: MapTask): MapTaskResult => runMapTask(task, () => performance.now());
