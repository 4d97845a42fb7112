/**
 * The config module's public API: decoders of the file formats (arch + dataflows, network, mapping), their
 * encoders (`encodeMapping`, `encodeNetwork`), issues and YAML positions. Pure: parsed data in, `Either` out.
 */
export { decodeArch, resolveArch, MAC_NAME } from './arch.js';
export type { ArchDoc } from './arch.js';
export { decodeDataflows, withStorage } from './dataflow.js';
export type { DataflowSpec } from './dataflow.js';
export { Bool, Fraction, Name, NonNegativeNumber, PositiveInt, Text, hasOwn, isRecord, listOf, oneOf, positiveNumber, refinedNumber, strictStruct } from './codecs.js';
export { encodeNetwork } from './encodeNetwork.js';
export type { LayerDoc, NetworkDoc, TensorValuesDoc } from './encodeNetwork.js';
export { configIssue, formatIssue, formatPath, issuesFromErrors, showValue } from './issue.js';
export type { ConfigIssue } from './issue.js';
export { ALL_LAYERS, decodeMapping, encodeMapping } from './mapping.js';
export type { MappingFileDoc } from './mapping.js';
export { decodeNetwork, resolveNetwork } from './network.js';
export type { LayerSpec, NetworkSpecDoc } from './network.js';
export { locateIssues, parseYaml, renderIssue } from './yamlSource.js';
export type { LocatedIssue, Position, YamlSource } from './yamlSource.js';
export { A_PRIORI_METRICS, checkPath, decodeSweep, encodeSweep, METHODS as SWEEP_METHODS, METRICS as SWEEP_METRICS, OBJECTIVES as SWEEP_OBJECTIVES } from './sweep.js';
export type { MetricConstraint, MetricName, ObjectiveName, SweepDomain, SweepMapper, SweepMethod, SweepParameter, SweepSpec, SweepTraining } from './sweep.js';
export { evaluateExpr, holds, namesOf, parseConstraint } from './expr.js';
export type { Comparison, Constraint, Expr } from './expr.js';
export { areaOf, decodeArea } from './area.js';
export type { AreaBreakdown, AreaModel } from './area.js';
export { equalStorageSplits, withSplitDoc } from './storageSplit.js';
export { equalAreaSplits, pricesRfAndGlb } from './areaSplit.js';
export type { EqualArea } from './areaSplit.js';
export type { EqualStorage, StorageSplit } from './storageSplit.js';
