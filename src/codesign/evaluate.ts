/**
 * Evaluation glue (pure): layer + arch + mapping → statistics and energy; network → per-layer results and
 * totals. Validation first (an invalid mapping is a value, not an exception), then the nest analysis, then
 * pricing. Layers without MACs (pooling, element-wise add) are reported with their data movement estimate:
 * inputs read from and outputs written to the backing store once.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as M from 'fp-ts/lib/Monoid.js';
import * as N from 'fp-ts/lib/number.js';
import { packing, type Arch } from '../arch/index.js';
import { analyze, makeContext, toLayerStats, type LayerStats } from '../dataflow/index.js';
import { breakdownMonoid, buildErt, emptyBreakdown, price, type EnergyBreakdown } from '../energy/index.js';
import { defaultMapping, flatten, validateMapping, type Mapping, type MappingInvalid } from '../mapping/index.js';
import { isMacLayer, toProblem, type Layer, type Network, type Problem } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface LayerResult {
  readonly name: string;
  readonly kind: Layer['kind'];
  readonly problem: Problem | null;
  readonly mapping: Mapping | null;
  readonly stats: LayerStats | null;
  readonly energy: EnergyBreakdown;
  readonly macs: number;
  readonly effectualMacs: number;
  readonly cycles: number;
  readonly utilization: number;
  /**
   * Vector layers (pool / add): their compulsory backing-store traffic in elements (inputs read, outputs
   * written) at `bits` per element; absent for MAC layers (their counts are in `stats`).
   */
  readonly traffic?: { readonly level: string; readonly inputElements: number; readonly outputElements: number; readonly bits: number };
}

export interface NetworkResult {
  readonly arch: string;
  readonly network: string;
  readonly layers: ReadonlyArray<LayerResult>;
  readonly total: { readonly macs: number; readonly effectualMacs: number; readonly cycles: number; readonly energy: EnergyBreakdown };
}

/** A layer that could not be evaluated, with why. */
export interface LayerFailure {
  readonly _tag: 'LayerFailure';
  readonly layer: string;
  readonly reasons: ReadonlyArray<MappingInvalid>;
}

/** Chooses a mapping for a layer when the user gave none. */
export type MappingChooser = (arch: Arch, problem: Problem) => E.Either<ReadonlyArray<MappingInvalid>, Mapping>;

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Evaluate one MAC problem under a mapping. */
export const evaluateProblem = (
  arch: Arch,
  problem: Problem,
  mapping: Mapping,
): E.Either<ReadonlyArray<MappingInvalid>, { readonly stats: LayerStats; readonly energy: EnergyBreakdown }> =>
  pipe(
    validateMapping(arch, problem, mapping),
    E.map((m) => {
      const ctx = makeContext(arch, problem);
      const r = analyze(ctx, flatten(m), new Float64Array(ctx.resultLength));
      return { stats: toLayerStats(ctx, r), energy: price(buildErt(arch, problem), r, arch.levels.map((l) => l.name)) };
    }),
  );

/**
 * Evaluate a network: each MAC layer with the user's mapping for it (by name or `*`) or the chooser's;
 * vector layers by their compulsory backing-store traffic.
 */
export const evaluateNetwork = (
  arch: Arch,
  net: Network,
  mappings: ReadonlyMap<string, Mapping>,
  choose: MappingChooser = defaultMapping,
): E.Either<LayerFailure, NetworkResult> => {
  const layers: LayerResult[] = [];
  for (const layer of net.layers) {
    if (!isMacLayer(layer)) {
      layers.push(vectorLayerResult(arch, layer));
      continue;
    }
    const problem = toProblem(layer);
    const user = mappings.get(layer.name) ?? mappings.get('*');
    const m = user ? E.right(user) : choose(arch, problem);
    const ev = pipe(
      m,
      E.chain((mm) => pipe(evaluateProblem(arch, problem, mm), E.map((r) => ({ mm, r })))),
    );
    if (E.isLeft(ev)) return E.left({ _tag: 'LayerFailure', layer: layer.name, reasons: ev.left });
    const { mm, r } = ev.right;
    layers.push({
      name: layer.name,
      kind: layer.kind,
      problem,
      mapping: mm,
      stats: r.stats,
      energy: r.energy,
      macs: r.stats.macs,
      effectualMacs: r.stats.effectualMacs,
      cycles: r.stats.cycles,
      utilization: r.stats.utilization,
    });
  }
  const totals = M.struct({ macs: N.MonoidSum, effectualMacs: N.MonoidSum, cycles: N.MonoidSum, energy: breakdownMonoid(arch.energyUnit) });
  const total = M.concatAll(totals)(layers.map(({ macs, effectualMacs, cycles, energy }) => ({ macs, effectualMacs, cycles, energy })));
  return E.right({ arch: arch.name, network: net.name, layers, total });
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/**
 * Pooling / element-wise add: no MACs. Inputs are read from and outputs written to the backing store once
 * (an `add` reads two operands); cycles are bounded by the backing store's bandwidth (words per cycle). With
 * bit-scaled access energy the elements are packed into the store's words like any tensor (`packing`: ⌊wordBits /
 * bits⌋ per word, ⌈bits / wordBits⌉ words each; each operand packed on its own); accesses = ⌈words / blockWords⌉.
 */
const vectorLayerResult = (arch: Arch, layer: Exclude<Layer, { kind: 'conv2d' | 'fc' }>): LayerResult => {
  const outH = Math.floor((layer.inHeight + 2 * layer.pad - layer.kernel) / layer.stride) + 1;
  const outW = Math.floor((layer.inWidth + 2 * layer.pad - layer.kernel) / layer.stride) + 1;
  const operands = layer.kind === 'add' ? 2 : 1;
  const operandElems = layer.batch * layer.channels * layer.inHeight * layer.inWidth;
  const outElems = layer.batch * layer.channels * outH * outW;
  const top = arch.levels[0]!;
  const pk = arch.scaleAccessEnergyWithBits ? packing(top.wordBits, layer.bits) : { perWord: 1, wordsPer: 1 };
  const wordsOf = (elems: number): number => Math.ceil(elems / pk.perWord) * pk.wordsPer;
  const inWords = operands * wordsOf(operandElems);
  const outWords = wordsOf(outElems);
  const perAccess = Math.max(1, top.blockWords);
  const reads = Math.ceil(inWords / perAccess);
  const writes = Math.ceil(outWords / perAccess);
  const e = reads * top.energy.read + writes * top.energy.write;
  const bw = top.bandwidthWordsPerCycle;
  const cycles = bw === Infinity ? 0 : Math.ceil((inWords + outWords) / bw);
  const base = emptyBreakdown(arch.energyUnit);
  return {
    name: layer.name,
    kind: layer.kind,
    problem: null,
    mapping: null,
    stats: null,
    energy: { ...base, total: e, byLevel: { [top.name]: e }, byTensor: { W: 0, I: reads * top.energy.read, O: writes * top.energy.write } },
    macs: 0,
    effectualMacs: 0,
    cycles,
    utilization: 0,
    traffic: { level: top.name, inputElements: operands * operandElems, outputElements: outElems, bits: layer.bits },
  };
};

