/**
 * Timeloop / Accelergy specs in and out (issue 13): `importTimeloop` (v0.4 `nodes` / v0.2–0.4 `subtree`/`local`
 * architectures, CONV problems, mappings, an Accelergy ERT → codesim arch, network and mapping documents) and
 * `exportTimeloop` (the reverse). Pure. A module of its own, not part of `config`, so that the commands that never
 * touch Timeloop specs (`eval` first) do not load it: the CLI bundle assigns files to chunks by what imports them.
 */
export { importTimeloop } from './import.js';
export type { ImportedDocs, ImportOptions, TimeloopFile, TimeloopInputs, TimeloopIssue } from './import.js';
export { exportTimeloop } from './export.js';
export type { ExportedDocs } from './export.js';
