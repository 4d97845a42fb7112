/**
 * Map every MAC layer of a network with the mapper (on the worker pool; `jobs` 0 = `autoJobs`), reporting
 * progress to a `Progress` (bar / periodic lines, `progress.ts`) or, older style, a line callback. When
 * layers have no mapping, the error lines say why (`noMappingLines`: the blocking rule or level, located).
 * Shared by `map`, `eval` and `compare-dataflows`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { performance } from 'node:perf_hooks';
import { withStorage } from '../config/index.js';
import { ANY_DATAFLOW, explainNoMapping, type Mapping } from '../mapping/index.js';
import type { SearchOptions } from '../mapper/index.js';
import { autoJobs, mapAll, type MapTaskResult } from '../sweep/index.js';
import { isMacLayer, toProblem, type Network } from '../workload/index.js';
import { noMappingLines, type LoadedArch } from './load.js';
import type { Progress } from './progress.js';

export interface LayerMapResult {
  readonly name: string;
  readonly mapping: Mapping;
  readonly energy: number;
  readonly cycles: number;
  readonly evaluated: number;
  readonly complete: boolean;
  readonly ms: number;
}

export interface MapRun {
  readonly layers: ReadonlyArray<LayerMapResult>;
  /** Worker threads used. */
  readonly jobs: number;
  readonly evaluated: number;
  readonly seconds: number;
}

export const mapLayers = async (
  loaded: LoadedArch,
  net: Network,
  dataflowIndex: number,
  options: Omit<SearchOptions, 'onProgress'>,
  jobs: number,
  only: ReadonlyArray<string> | null,
  progress: ((line: string) => void) | Progress | null,
  greedyHint = false,
): Promise<E.Either<ReadonlyArray<string>, MapRun>> => {
  const layers = net.layers.filter(isMacLayer).filter((l) => only === null || only.includes(l.name));
  const lineOf = typeof progress === 'function' ? progress : null;
  const bar = progress !== null && typeof progress !== 'function' ? progress : null;
  // Check before working: a layer that no mapping can fit (the smallest mapping the dataflow allows does
  // not fit; `explainNoMapping`) fails now, with the reason, instead of after every search.
  const spec = dataflowIndex >= 0 ? loaded.dataflows[dataflowIndex] : undefined;
  const arch = spec !== undefined ? withStorage(loaded.arch, spec) : loaded.arch;
  const blocked = layers.filter((l) => explainNoMapping(arch, toProblem(l), spec?.dataflow ?? ANY_DATAFLOW)._tag === 'Blocked');
  if (blocked.length > 0) {
    bar?.finish();
    return E.left(noMappingLines(loaded, dataflowIndex, blocked, greedyHint));
  }
  const tasks = layers.map((l) => ({ archDoc: loaded.doc, dataflowIndex, problem: toProblem(l), options }));
  let done = 0;
  const used = jobs === 0 ? autoJobs(tasks.length) : jobs;
  const t0 = performance.now();
  let evaluated = 0;
  const results = await mapAll(tasks, used, (i, r) => {
    done++;
    if (r.ok) evaluated += r.evaluated;
    if (lineOf) {
      const what = r.ok ? `${r.evaluated.toLocaleString("en-US")} mappings evaluated, best: energy ${r.energy.toPrecision(4)}, ${r.cycles.toLocaleString("en-US")} cycles` : `failed: ${r.error}`;
      lineOf(`[${done}/${tasks.length}] ${layers[i]!.name}: ${what}`);
    }
    bar?.update(done, `${layers[i]!.name} done; ${evaluated.toLocaleString('en-US')} mappings evaluated`);
  }, lineOf
    ? (i, n, b) => lineOf(`  ${layers[i]!.name}: ${n.toLocaleString('en-US')} mappings evaluated, best ${options.objective} so far ${b.toPrecision(4)}`)
    : bar ? (i, n) => bar.update(done, `${layers[i]!.name}: ${n.toLocaleString('en-US')} mappings evaluated`) : undefined);
  bar?.finish();
  const seconds = (performance.now() - t0) / 1000;
  const failed = layers.filter((_, i) => !results[i]!.ok);
  if (failed.length > 0) return E.left(noMappingLines(loaded, dataflowIndex, failed, greedyHint));
  const ok = results as ReadonlyArray<Extract<MapTaskResult, { ok: true }>>;
  return E.right({
    layers: ok.map((r, i) => ({ name: layers[i]!.name, mapping: r.mapping, energy: r.energy, cycles: r.cycles, evaluated: r.evaluated, complete: r.complete, ms: r.ms })),
    evaluated: ok.reduce((a, r) => a + r.evaluated, 0),
    seconds,
    jobs: used,
  });
};
