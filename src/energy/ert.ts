/**
 * The energy reference table (ERT) of one arch for one layer's bit widths: the per-action costs the pricing
 * step multiplies counts by (Accelergy's ERT; counts × ERT = energy, two separate artifacts). Built once per
 * (arch, problem) pair; plain data.
 *
 * MAC energy scales with operand widths: E_MAC = E_mul(ref) · (b_W · b_I) / ref² + E_add(ref) · b_O / ref
 * (multiplier ~ bits², adder ~ bits). Storage access energy is per access of the level's configured width;
 * the bits a tensor moves enter through packing (elements per word) in the counts, when the arch scales
 * access energy with bits.
 */
import type { Arch } from '../arch/index.js';
import type { EnergyUnit } from '../core/index.js';
import { extraActionLevels, type CostTable } from '../dataflow/index.js';
import type { Problem } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Per-action costs (the fields of `CostTable`: per level read / write / gated fraction / metadata factor, per network
 * cost per word, per MAC) in `unit`, and where each comes from. */
export interface Ert extends CostTable {
  readonly unit: EnergyUnit;
  /** Where each cost comes from, for reports: level name → source. */
  readonly sources: Readonly<Record<string, string>>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const buildErt = (arch: Arch, problem: Problem): Ert => {
  const L = arch.levels.length;
  const c = arch.compute;
  const ref = c.refBits;
  const mac = c.multiplyEnergy * ((problem.bits.W * problem.bits.I) / (ref * ref)) + c.addEnergy * (problem.bits.O / ref);
  const networkPerWord = new Float64Array(L + 1);
  arch.networks.forEach((n, i) => (networkPerWord[i + 1] = n.energyPerWord));
  const sources: Record<string, string> = { MAC: c.costSource };
  for (const l of arch.levels) sources[l.name] = l.costSource;
  // Actions beyond reads and writes (Timeloop's update, explicit metadata energies, (de)compression): absent, 0 / NaN.
  const extras = {
    updateExtra: Float64Array.from(arch.levels, (l) => (l.energy.update === undefined ? 0 : l.energy.update - l.energy.write)),
    metadataRead: Float64Array.from(arch.levels, (l) => l.energy.metadataRead ?? NaN),
    metadataWrite: Float64Array.from(arch.levels, (l) => l.energy.metadataWrite ?? NaN),
    decompress: Float64Array.from(arch.levels, (l) => l.energy.decompress ?? 0),
    compress: Float64Array.from(arch.levels, (l) => l.energy.compress ?? 0),
  };
  return {
    unit: arch.energyUnit,
    read: Float64Array.from(arch.levels, (l) => l.energy.read),
    write: Float64Array.from(arch.levels, (l) => l.energy.write),
    gatedFraction: Float64Array.from(arch.levels, (l) => l.energy.gatedFraction),
    metadataPerWord: Float64Array.from(arch.levels, (l) => l.energy.metadataPerWord),
    ...extras,
    extraActions: extraActionLevels(L, extras),
    networkPerWord,
    mac,
    macGated: mac * c.gatedFraction,
    sources,
  };
};
