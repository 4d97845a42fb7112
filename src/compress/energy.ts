/**
 * The energy side of compression: a compressed model's network (measured densities and bits, see
 * `annotate.ts`) evaluated by codesim's own model on the user's accelerator — each MAC layer mapped by the
 * mapper under the accelerator's dataflow (or the greedy default mapping), then analysed and priced
 * (`codesign.evaluateNetwork`). Savings appear only where the accelerator supports them: zero gating or
 * skipping (`actionOptimizations`, `compute.sparse`), compressed formats, and bit packing
 * (`scaleAccessEnergyWithBits`); `archSupport` says which of these an accelerator has.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import { evaluateNetwork, mapProblem, type LayerFailure, type MappingChooser, type NetworkResult } from '../codesign/index.js';
import { defaultMapping, type Dataflow, type Mapping } from '../mapping/index.js';
import type { SearchOptions } from '../mapper/index.js';
import type { Network, Problem } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Where energies are estimated: an accelerator, the dataflow its mappings obey, and how layers are mapped. */
export interface EnergyTarget {
  readonly arch: Arch;
  readonly dataflow: Dataflow;
  /** Mapper options, or `greedy` for the simple default mapping (fast, not the best). */
  readonly mapping: Omit<SearchOptions, 'onProgress'> | 'greedy';
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * A mapping chooser for `evaluateNetwork`: the mapper's best mapping (or the greedy one), memoized on the
 * problem (shape, densities, bits), so re-estimating an unchanged layer costs no search.
 */
export const targetChooser = (target: EnergyTarget): MappingChooser => {
  const memo = new Map<string, Mapping>();
  return (arch: Arch, problem: Problem) => {
    if (target.mapping === 'greedy') return defaultMapping(arch, problem);
    const key = JSON.stringify([problem.bounds, problem.density, problem.bits, problem.strideH, problem.strideW]);
    const hit = memo.get(key);
    if (hit !== undefined) return E.right(hit);
    const r = mapProblem(arch, problem, target.dataflow, target.mapping);
    if (E.isRight(r)) memo.set(key, r.right.mapping);
    return E.map((s: { readonly mapping: Mapping }) => s.mapping)(r);
  };
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Energy (and counts) of a network on the target; pass the same `chooser` across calls to reuse mappings. */
export const estimateEnergy = (
  target: EnergyTarget,
  net: Network,
  chooser: MappingChooser = targetChooser(target),
): E.Either<LayerFailure, NetworkResult> => evaluateNetwork(target.arch, net, new Map(), chooser);

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** MAC layers by energy, most energy-hungry first (ties: network order). */
export const energyOrder = (r: NetworkResult): ReadonlyArray<string> =>
  r.layers
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.macs > 0)
    .sort((a, b) => b.l.energy.total - a.l.energy.total || a.i - b.i)
    .map(({ l }) => l.name);

/** What an accelerator can turn into savings, in words for the output. */
export const archSupport = (arch: Arch): ReadonlyArray<string> => {
  const out: string[] = [];
  for (const l of arch.levels) {
    for (const o of l.actionOptimizations) out.push(`${l.name}: ${o.kind} of ${tensorWord(o.target)} accesses when ${o.condition.map(tensorWord).join(' or ')} is zero`);
    for (const t of ['W', 'I', 'O'] as const) {
      const f = l.formats[t];
      if (f.format !== 'uncompressed') out.push(`${l.name}: ${tensorWord(t)} stored ${f.format}-compressed`);
    }
  }
  if (arch.compute.sparse !== 'none') {
    const cond = arch.compute.sparseCondition;
    out.push(`MACs: ${arch.compute.sparse} when ${cond === undefined ? 'a weight or an input' : cond.map((c) => (c === 'W' ? 'the weight' : 'the input')).join(' or ')} is zero`);
  }
  out.push(arch.scaleAccessEnergyWithBits ? 'bit widths: packed words and MAC energy scale with bits' : 'bit widths: no effect on energy (scaleAccessEnergyWithBits: false)');
  return out;
};

const tensorWord = (t: 'W' | 'I' | 'O'): string => (t === 'W' ? 'weights' : t === 'I' ? 'inputs' : 'outputs');

/** The arch with every access energy (read, write) of the named storage levels multiplied by `factor`. */
export const scaleLevels = (arch: Arch, levels: ReadonlyArray<string>, factor: number): Arch => ({
  ...arch,
  levels: arch.levels.map((l) => (levels.includes(l.name) ? { ...l, energy: { ...l.energy, read: l.energy.read * factor, write: l.energy.write * factor } } : l)),
});
