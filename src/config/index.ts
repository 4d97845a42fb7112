/**
 * The config module's public API: decoders of the file formats (arch + dataflows, network, mapping), their
 * encoders (`encodeMapping`, `encodeNetwork`), issues and YAML positions. Pure: parsed data in, `Either` out.
 */
export { decodeArch, resolveArch, MAC_NAME } from './arch.js';
export type { ArchDoc } from './arch.js';
export { decodeDataflows, withStorage } from './dataflow.js';
export type { DataflowSpec } from './dataflow.js';
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
export { importTimeloop } from './timeloopImport.js';
export type { ImportedDocs, ImportOptions, TimeloopFile, TimeloopInputs, TimeloopIssue } from './timeloopImport.js';
export { exportTimeloop } from './timeloopExport.js';
export type { ExportedDocs } from './timeloopExport.js';
