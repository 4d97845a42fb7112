/**
 * `codesim/testing`: the public entry point for property-testing the energy model with fast-check (a peer
 * dependency). Everything a user property needs, without internal imports:
 * - `loadAccelerator(file, dataflow?)`: an accelerator YAML of your own → `{ arch, dataflow }` (the dataflow's
 *   storage re-allocation applied; default: the file's first dataflow, `'any'` = unconstrained);
 * - arbitraries: `convLayer`, `fcLayer`, `macLayer` (random, shape-consistent layers), `problemOf` (a layer's
 *   loop nest), `mappingFor(arch, problem, dataflow)` (random mappings that are VALID for that arch: loop
 *   factors multiply out, fan-out, capacity at the layer's bits and densities, the dataflow's rules),
 *   `layerWithMapping(accel, layerArb?)` (both at once);
 * - evaluation: `evaluate(arch, problem, mapping)` → `{ energy, stats }` (throws on an invalid mapping, which
 *   the arbitraries never produce), and re-exports `evaluateProblem`, `evaluateNetwork`, `mapProblem`,
 *   `toProblem`, `problemMacs`, `validateMapping`;
 * - `fcParams()`: `{ numRuns, seed }` from the `FC_NUM_RUNS` / `FC_SEED` environment variables (unset: fast-check's
 *   defaults), for `fc.assert(property, fcParams())`.
 *
 * @example
 * import fc from 'fast-check';
 * import { evaluate, fcParams, layerWithMapping, loadAccelerator } from 'codesim/testing';
 * const accel = loadAccelerator('configs/eyeriss.yaml');
 * fc.assert(fc.property(layerWithMapping(accel), ({ problem, mapping }) =>
 *   evaluate(accel.arch, problem, mapping).energy.total >= evaluate(accel.arch, problem, mapping).energy.compute), fcParams());
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import { evaluateProblem } from '../codesign/index.js';
import { decodeArch, decodeDataflows, formatPath, parseYaml, renderIssue, withStorage } from '../config/index.js';
import type { LayerStats } from '../dataflow/index.js';
import type { EnergyBreakdown } from '../energy/index.js';
import {
  ANY_DATAFLOW, canonicalOrder, describeInvalid, fitsPoint, makeMapspace, pointToMapping,
  type Dataflow, type MapPoint, type Mapping, type Mapspace,
} from '../mapping/index.js';
import { NUM_DIMS, toProblem, type Conv2d, type FullyConnected, type MacLayer, type Problem } from '../workload/index.js';

export { evaluateNetwork, evaluateProblem, mapProblem } from '../codesign/index.js';
export { validateMapping } from '../mapping/index.js';
export type { Dataflow, Mapping } from '../mapping/index.js';
export { problemMacs, toProblem } from '../workload/index.js';
export type { Conv2d, FullyConnected, MacLayer, Network, Problem } from '../workload/index.js';
export type { Arch } from '../arch/index.js';
export type { EnergyBreakdown } from '../energy/index.js';
export type { LayerStats } from '../dataflow/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** An accelerator loaded for testing: the arch (with the dataflow's storage) and the dataflow's mapping rules. */
export interface Accelerator {
  readonly file: string;
  readonly arch: Arch;
  readonly dataflow: Dataflow;
}

/** Size limits of the layer arbitraries (defaults: small layers, so properties run fast). */
export interface LayerLimits {
  readonly maxBatch?: number;
  readonly maxChannels?: number;
  readonly maxSize?: number;
  readonly maxKernel?: number;
  /** Bit widths drawn from this list (default [16]). */
  readonly bits?: ReadonlyArray<number>;
  /** Random densities of weights and inputs in [0.05, 1] (default: dense). */
  readonly sparse?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Load an accelerator YAML (the `codesim eval --arch` format) with one of its dataflows (`undefined`: the
 * file's first, or none; `'any'`: no dataflow rules). Throws an `Error` whose message has one
 * `file:line:col: path: message` line per problem (test set-up errors should stop the test run).
 */
export const loadAccelerator = (file: string, dataflow?: string): Accelerator => {
  const src = parseYaml(readFileSync(file, 'utf8'), file);
  if (E.isLeft(src)) throw new Error(src.left.map(renderIssue).join('\n'));
  const locate = (issues: ReadonlyArray<{ readonly path: ReadonlyArray<string | number>; readonly message: string }>): string =>
    issues.map((i) => renderIssue({ file, ...src.right.locate(i.path), path: formatPath(i.path), message: i.message })).join('\n');
  const arch = decodeArch(src.right.doc);
  if (E.isLeft(arch)) throw new Error(locate(arch.left));
  const dfs = decodeDataflows((src.right.doc as { dataflows?: unknown }).dataflows, arch.right);
  if (E.isLeft(dfs)) throw new Error(locate(dfs.left));
  if (dataflow === 'any' || (dataflow === undefined && dfs.right.length === 0)) return { file, arch: arch.right, dataflow: ANY_DATAFLOW };
  const spec = dataflow === undefined ? dfs.right[0] : dfs.right.find((d) => d.dataflow.name === dataflow);
  if (spec === undefined) throw new Error(`${file}: no dataflow '${dataflow}' (defined: ${[...dfs.right.map((d) => d.dataflow.name), 'any'].join(', ')})`);
  return { file, arch: withStorage(arch.right, spec), dataflow: spec.dataflow };
};

/** `{ numRuns, seed }` for `fc.assert` from `FC_NUM_RUNS` and `FC_SEED` (each only when set to an integer). */
export const fcParams = (): { numRuns?: number; seed?: number } => {
  const int = (v: string | undefined): number | undefined => (v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v) : undefined);
  const numRuns = int(process.env['FC_NUM_RUNS']);
  const seed = int(process.env['FC_SEED']);
  return { ...(numRuns !== undefined && numRuns > 0 ? { numRuns } : {}), ...(seed !== undefined ? { seed } : {}) };
};

const annotationsArb = (lim: LayerLimits) =>
  fc.record({
    bits: fc.constantFrom(...(lim.bits ?? [16])).map((b) => ({ W: b, I: b, O: b })),
    density: lim.sparse === true
      ? fc.record({ W: fc.double({ min: 0.05, max: 1, noNaN: true }), I: fc.double({ min: 0.05, max: 1, noNaN: true }), O: fc.constant(1) })
      : fc.constant({ W: 1, I: 1, O: 1 }),
  });

/** A random 2-D convolution (square kernel ≤ input, stride 1–2, pad < kernel, grouped sometimes). */
export const convLayer = (lim: LayerLimits = {}): fc.Arbitrary<Conv2d> =>
  fc
    .record({
      batch: fc.integer({ min: 1, max: lim.maxBatch ?? 2 }),
      groups: fc.constantFrom(1, 1, 1, 2),
      cPerGroup: fc.integer({ min: 1, max: Math.max(1, Math.floor((lim.maxChannels ?? 32) / 2)) }),
      kPerGroup: fc.integer({ min: 1, max: Math.max(1, Math.floor((lim.maxChannels ?? 32) / 2)) }),
      size: fc.integer({ min: 1, max: lim.maxSize ?? 16 }),
      kernel: fc.integer({ min: 1, max: lim.maxKernel ?? 5 }),
      stride: fc.integer({ min: 1, max: 2 }),
      pad: fc.nat({ max: 2 }),
      ann: annotationsArb(lim),
    })
    .map((r): Conv2d => {
      const kernel = Math.min(r.kernel, r.size);
      return {
        kind: 'conv2d', name: 'conv', inputs: [], batch: r.batch,
        inChannels: r.cPerGroup * r.groups, outChannels: r.kPerGroup * r.groups, inHeight: r.size, inWidth: r.size,
        kernelH: kernel, kernelW: kernel, strideH: r.stride, strideW: r.stride, padH: Math.min(r.pad, kernel - 1), padW: Math.min(r.pad, kernel - 1),
        dilationH: 1, dilationW: 1, groups: r.groups, ...r.ann,
      };
    });

/** A random fully connected layer. */
export const fcLayer = (lim: LayerLimits = {}): fc.Arbitrary<FullyConnected> =>
  fc
    .record({
      batch: fc.integer({ min: 1, max: lim.maxBatch ?? 2 }),
      inFeatures: fc.integer({ min: 1, max: (lim.maxChannels ?? 32) * 4 }),
      outFeatures: fc.integer({ min: 1, max: (lim.maxChannels ?? 32) * 2 }),
      ann: annotationsArb(lim),
    })
    .map((r): FullyConnected => ({ kind: 'fc', name: 'fc', inputs: [], batch: r.batch, inFeatures: r.inFeatures, outFeatures: r.outFeatures, ...r.ann }));

/** A random MAC layer: a convolution or a fully connected layer. */
export const macLayer = (lim: LayerLimits = {}): fc.Arbitrary<MacLayer> => fc.oneof(convLayer(lim), fcLayer(lim));

/** The loop nest (`Problem`) of a layer: what the model evaluates. */
export const problemOf = (layer: MacLayer): Problem => toProblem(layer);

/**
 * Random mappings of `problem` that are valid on `arch` and obey `dataflow` (default: none). Each draw picks
 * a keep choice per level, a factorization per dimension and a loop order per level; a draw that would not
 * fit (fan-out, capacity) is repaired dimension by dimension to the next factorization that fits. Throws at
 * construction when no mapping of the problem fits at all (`codesim eval` says why for the same layer).
 */
export const mappingFor = (arch: Arch, problem: Problem, dataflow: Dataflow = ANY_DATAFLOW): fc.Arbitrary<Mapping> => {
  const ms = makeMapspace(arch, problem, dataflow);
  if (ms.factorizations.some((f) => f.length === 0) || build(ms, new Array<number>(NUM_DIMS).fill(0), ms.keepChoices.map(() => 0), null) === undefined) {
    throw new Error(`codesim/testing: no mapping of layer ${problem.name} (${JSON.stringify(problem.bounds)}) fits ${arch.name} under dataflow '${dataflow.name}'`);
  }
  const L = ms.numLevels;
  return fc
    .record({
      choices: fc.array(fc.nat(), { minLength: NUM_DIMS, maxLength: NUM_DIMS }),
      keeps: fc.array(fc.nat(), { minLength: L, maxLength: L }),
      orders: fc.array(fc.array(fc.nat(), { minLength: NUM_DIMS, maxLength: NUM_DIMS }), { minLength: L, maxLength: L }),
    })
    .map(({ choices, keeps, orders }) => build(ms, choices, keeps, orders)!);
};

/** A random layer (default `macLayer()`) with a random valid mapping on the accelerator (layers that fit). */
export const layerWithMapping = (
  accel: Pick<Accelerator, 'arch' | 'dataflow'>,
  layers: fc.Arbitrary<MacLayer> = macLayer(),
): fc.Arbitrary<{ readonly layer: MacLayer; readonly problem: Problem; readonly mapping: Mapping }> =>
  layers
    .map((layer) => ({ layer, problem: toProblem(layer) }))
    .filter(({ problem }) => fitsSomehow(accel.arch, problem, accel.dataflow))
    .chain(({ layer, problem }) => mappingFor(accel.arch, problem, accel.dataflow).map((mapping) => ({ layer, problem, mapping })));

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Evaluate a valid mapping: `{ energy, stats }` (`evaluateProblem`); throws with the reasons on an invalid one. */
export const evaluate = (arch: Arch, problem: Problem, mapping: Mapping): { readonly energy: EnergyBreakdown; readonly stats: LayerStats } => {
  const r = evaluateProblem(arch, problem, mapping);
  if (E.isLeft(r)) throw new Error(`invalid mapping: ${r.left.map(describeInvalid).join('; ')}`);
  return r.right;
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const fitsSomehow = (arch: Arch, problem: Problem, dataflow: Dataflow): boolean => {
  const ms = makeMapspace(arch, problem, dataflow);
  return ms.factorizations.every((f) => f.length > 0) && build(ms, new Array<number>(NUM_DIMS).fill(0), ms.keepChoices.map(() => 0), null) !== undefined;
};

/** Keep masks of a level, fewest kept tensors first (the fallback when a draw's keeps cannot fit). */
const byFewestKeeps = (masks: ReadonlyArray<number>): number[] => [...masks].sort((a, b) => popcount(a) - popcount(b));
const popcount = (m: number): number => (m & 1) + ((m >> 1) & 1) + ((m >> 2) & 1);

/** Per dimension, the factorization with the most at the backing store (the smallest tiles the rules allow). */
const smallestChoice = (ms: Mapspace, d: number): number => {
  const fs = ms.factorizations[d]!;
  let best = 0;
  fs.forEach((v, i) => {
    if (v[0]! > fs[best]![0]!) best = i;
  });
  return best;
};

/**
 * A fitting point from the drawn indices: the drawn keeps (else the fewest keeps); every dimension starts at its
 * smallest factorization (which fits whenever anything does: tiles only grow with factors), then each takes
 * the drawn factorization or the next one (cyclically) that keeps the whole point fitting — the one it has
 * always does, so this never fails once the start fits. `undefined`: nothing fits. `orders === null`:
 * canonical loop orders.
 */
const build = (ms: Mapspace, choices: ReadonlyArray<number>, keeps: ReadonlyArray<number>, orders: ReadonlyArray<ReadonlyArray<number>> | null): Mapping | undefined => {
  const L = ms.numLevels;
  const perm = Array.from({ length: L }, (_, l) => {
    const fixed = ms.fixedInner[l]!;
    if (orders === null) return canonicalOrder(fixed);
    const free = canonicalOrder(fixed).slice(0, NUM_DIMS - fixed.length);
    const keysOf = orders[l]!;
    const shuffled = [...free].sort((a, b) => (keysOf[a] ?? 0) - (keysOf[b] ?? 0) || a - b);
    return Int32Array.from([...shuffled, ...fixed]);
  });
  const attempt = (keep: Int32Array): Mapping | undefined => {
    const p: MapPoint = { choice: Int32Array.from({ length: NUM_DIMS }, (_, d) => smallestChoice(ms, d)), perm, keep };
    if (!fitsPoint(ms, p)) return undefined;
    for (let d = 0; d < NUM_DIMS; d++) {
      const n = ms.factorizations[d]!.length;
      const start = (choices[d] ?? 0) % n;
      const fallback = p.choice[d]!;
      let ok = false;
      for (let k = 0; k < n && !ok; k++) {
        p.choice[d] = (start + k) % n;
        ok = fitsPoint(ms, p);
      }
      if (!ok) p.choice[d] = fallback;
    }
    return pointToMapping(ms, p, 'codesim/testing: random valid mapping');
  };
  const drawn = Int32Array.from(ms.keepChoices, (c, l) => c[(keeps[l] ?? 0) % c.length]!);
  return attempt(drawn) ?? attempt(Int32Array.from(ms.keepChoices, (c) => byFewestKeeps(c)[0]!));
};
