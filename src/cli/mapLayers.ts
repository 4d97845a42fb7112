/**
 * Map every MAC layer of a network with the mapper (on the worker pool; `jobs` 0 = `autoJobs`), reporting
 * progress on stderr.
 * Shared by `map`, `eval` and `compare-dataflows`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { performance } from 'node:perf_hooks';
import type { Mapping } from '../mapping/index.js';
import type { SearchOptions } from '../mapper/index.js';
import { autoJobs, mapAll, type MapTaskResult } from '../sweep/index.js';
import { isMacLayer, toProblem, type Network } from '../workload/index.js';
import type { LoadedArch } from './load.js';

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
  progress: ((line: string) => void) | null,
): Promise<E.Either<ReadonlyArray<string>, MapRun>> => {
  const layers = net.layers.filter(isMacLayer).filter((l) => only === null || only.includes(l.name));
  const tasks = layers.map((l) => ({ archDoc: loaded.doc, dataflowIndex, problem: toProblem(l), options }));
  let done = 0;
  const used = jobs === 0 ? autoJobs(tasks.length) : jobs;
  const t0 = performance.now();
  const results = await mapAll(tasks, used, (i, r) => {
    done++;
    if (progress) {
      const what = r.ok ? `${r.evaluated.toLocaleString("en-US")} mappings evaluated, best: energy ${r.energy.toPrecision(4)}, ${r.cycles.toLocaleString("en-US")} cycles` : `failed: ${r.error}`;
      progress(`[${done}/${tasks.length}] ${layers[i]!.name}: ${what}`);
    }
  }, progress ? (i, n, b) => progress(`  ${layers[i]!.name}: ${n.toLocaleString('en-US')} mappings evaluated, best ${options.objective} so far ${b.toPrecision(4)}`) : undefined);
  const seconds = (performance.now() - t0) / 1000;
  const errors = results.flatMap((r, i) => (r.ok ? [] : [`${loaded.file}:1:1: dataflows: layer ${layers[i]!.name}: ${r.error}`]));
  if (errors.length > 0) return E.left(errors);
  const ok = results as ReadonlyArray<Extract<MapTaskResult, { ok: true }>>;
  return E.right({
    layers: ok.map((r, i) => ({ name: layers[i]!.name, mapping: r.mapping, energy: r.energy, cycles: r.cycles, evaluated: r.evaluated, complete: r.complete, ms: r.ms })),
    evaluated: ok.reduce((a, r) => a + r.evaluated, 0),
    seconds,
    jobs: used,
  });
};
