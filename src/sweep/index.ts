/**
 * The sweep module's public API (IO edge for parallel work): the point task interface shared by every backend
 * (`evaluatePoint`, `PointTask`, codecs), the backends (`inProcessBackend`, `piscinaBackend`), the BullMQ queue backend and worker (`queueBackend`,
 * `startQueueWorker`: bullmq loads on first use), the runner
 * (`runSweep`, resumable, `results.jsonl` store), the driver (`makeDriver`), and the layer-mapping pool
 * (`mapAll`, `autoJobs`, `defaultJobs`). Importing it loads piscina: commands that need it import it lazily.
 */
export { applyToArchDoc, applyToNetwork, resize, weightMemoryBits } from './design.js';
export type { ParameterTarget, PointValues } from './design.js';
export { bestIndices, gridSearch, isFeasible, makeDriver, metricValue, objectiveValue, observation } from './driver.js';
export type { APrioriMetrics, Driver, Evaluated } from './driver.js';
export { decodeMapTask, decodeMapTaskResult, MapTaskCodec, runMapTask } from './mapTask.js';
export type { MapTask, MapTaskFailureTag, MapTaskResult } from './mapTask.js';
export { baseNetwork, designArea, designOnChipKB, onChipKB, decodeOutcome, decodeTask, evaluatePoint, newWarmState, PointOutcomeCodec, PointTaskCodec, stripArea } from './point.js';
export type { PointMetrics, PointOutcome, PointTask, WarmState } from './point.js';
export { defaultWorkerUrl, inProcessBackend, piscinaBackend } from './pointPool.js';
export type { PointBackend } from './pointPool.js';
export { autoJobs, defaultJobs, mapAll } from './pool.js';
export { jobIdOf, QUEUE_NAME, queueBackend, startQueueWorker } from './queue.js';
export type { PointJob, QueueDriverOptions, QueueWorkerOptions, RunningWorker } from './queue.js';
export { parseRedisUrl } from './redisUrl.js';
export type { RedisAddress } from './redisUrl.js';
export { aprioriMetrics, pointId, runSweep } from './run.js';
export type { PointEvent, RunOptions, SweepBase, SweepSummary } from './run.js';
export { appendRecord, PointRecordCodec, readRecords, toCsv } from './store.js';
export type { PointRecord } from './store.js';
