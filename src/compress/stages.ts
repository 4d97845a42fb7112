/**
 * Minerva's stages 3–5 (Reagen et al., ISCA 2016) as pure functions of a compression state, each at
 * iso-accuracy (validation accuracy ≥ the input model's − `accuracyDrop` points; decisions on the
 * validation set only):
 *
 * - `quantizeStage` (stage 3, data-type quantization): per MAC layer, signed fixed-point formats for the
 *   weights and for the layer's input activations. Integer bits hold the largest value (weights: the
 *   layer's largest |w|; activations: the largest input seen on the first 256 images of the training
 *   set) so nothing saturates on what was seen; then, layer by layer in network order,
 *   the fewest total bits in [minBits, maxBits] (binary search) whose fraction bits keep the accuracy.
 * - `activationPruneStage` (stage 4, selective operation pruning): per layer, in network order, the largest
 *   candidate threshold whose zeroing of |x| < threshold in the layer's input keeps the accuracy; the
 *   input densities this causes are MEASURED on the data (the network annotates them).
 * - `faultStage` (stage 5, SRAM fault mitigation): from the nominal supply voltage down the fault-rate
 *   table, the lowest voltage at which `trials` seeded fault draws (bit faults in the stored weights at the
 *   table's rate, with the chosen mitigation) all keep the accuracy; the named SRAM levels' access energy
 *   then scales with (V / V_nominal)².
 */
import type { Arch } from '../arch/index.js';
import type { FixedPoint, QuantSpec, TrainedModel } from '../train/index.js';
import { isMacLayer } from '../workload/index.js';
import { validationAccuracy, type CompressContext, type CompressState } from './context.js';
import { faultRateAt, type FaultMitigation, type FaultRateTable } from './faults.js';
import { intBitsFor, maxAbs, totalBits } from './fixedPoint.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A stage's output state and what it chose, in words (shown in reports). */
export interface StageOutcome {
  readonly state: CompressState;
  readonly notes: ReadonlyArray<string>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors: formats
// ---------------------------------------------------------------------------------------------------------

/** A format of `bits` total bits with (up to) `intBits` integer bits: fraction bits = bits − 1 − intBits. */
export const formatOfBits = (bits: number, intBits: number): FixedPoint => {
  const i = Math.max(0, Math.min(intBits, bits - 1));
  return { intBits: i, fracBits: bits - 1 - i };
};

// ---------------------------------------------------------------------------------------------------------
// combinators: stages
// ---------------------------------------------------------------------------------------------------------

export const quantizeStage = (
  ctx: CompressContext,
  input: CompressState,
  s: { readonly weights: boolean; readonly activations: boolean; readonly maxBits: number; readonly minBits: number; readonly accuracyDrop: number },
  reference: number,
): StageOutcome => {
  const floor = reference - s.accuracyDrop / 100;
  const model = input.model;
  const intW = new Map<string, number>();
  const intA = new Map<string, number>();
  const quant: Record<string, { weights?: FixedPoint; activations?: FixedPoint }> = {};
  for (const l of model.layers) {
    intW.set(l.name, intBitsFor(maxAbs(l.weights)));
    if (s.activations) intA.set(l.name, intBitsFor(maxAbs(ctx.trainer.activations(ctx.net, model, ctx.data.train, l.name, 256).inputs)));
    quant[l.name] = {
      ...(model.quant?.[l.name] ?? {}),
      ...(s.weights ? { weights: formatOfBits(s.maxBits, intW.get(l.name)!) } : {}),
      ...(s.activations ? { activations: formatOfBits(s.maxBits, intA.get(l.name)!) } : {}),
    };
  }
  const stateOf = (q: QuantSpec): CompressState => ({ ...input, model: { ...model, quant: q }, forward: { ...input.forward, quantize: true } });
  const notes: string[] = [];
  const start = validationAccuracy(ctx, stateOf(quant));
  if (start < floor) notes.push(`even ${s.maxBits} bits everywhere lose more than the budget (validation ${(100 * start).toFixed(2)}%); kept at ${s.maxBits} bits`);
  else {
    for (const l of model.layers) {
      for (const tensor of ['weights', 'activations'] as const) {
        if (!(tensor === 'weights' ? s.weights : s.activations)) continue;
        const ints = (tensor === 'weights' ? intW : intA).get(l.name)!;
        const tryBits = (b: number): boolean => {
          const q = { ...quant, [l.name]: { ...quant[l.name], [tensor]: formatOfBits(b, ints) } };
          return validationAccuracy(ctx, stateOf(q)) >= floor;
        };
        let lo = s.minBits; // search the fewest bits that hold: hi always holds
        let hi = s.maxBits;
        while (lo < hi) {
          const mid = Math.floor((lo + hi) / 2);
          if (tryBits(mid)) hi = mid;
          else lo = mid + 1;
        }
        quant[l.name] = { ...quant[l.name], [tensor]: formatOfBits(hi, ints) };
        ctx.log(`quantize: ${l.name} ${tensor}: ${hi} bits (Q${formatOfBits(hi, ints).intBits}.${formatOfBits(hi, ints).fracBits})`);
      }
    }
  }
  for (const l of model.layers) {
    const q = quant[l.name]!;
    notes.push(`${l.name}: weights ${q.weights ? `${totalBits(q.weights)} b (Q${q.weights.intBits}.${q.weights.fracBits})` : 'float'}, input activations ${q.activations ? `${totalBits(q.activations)} b (Q${q.activations.intBits}.${q.activations.fracBits})` : 'float'}`);
  }
  return { state: stateOf(quant), notes };
};

export const activationPruneStage = (
  ctx: CompressContext,
  input: CompressState,
  s: { readonly thresholds: ReadonlyArray<number>; readonly accuracyDrop: number },
  reference: number,
): StageOutcome => {
  const floor = reference - s.accuracyDrop / 100;
  const thresholds: Record<string, number> = { ...(input.forward.activationThreshold ?? {}) };
  const stateOf = (th: Record<string, number>): CompressState => ({ ...input, forward: { ...input.forward, activationThreshold: th } });
  const notes: string[] = [];
  for (const l of ctx.net.layers.filter(isMacLayer)) {
    let best = thresholds[l.name] ?? 0;
    for (const t of s.thresholds) {
      if (t <= best) continue;
      if (validationAccuracy(ctx, stateOf({ ...thresholds, [l.name]: t })) >= floor) best = t;
      else break;
    }
    thresholds[l.name] = best;
    ctx.log(`activation-prune: ${l.name} inputs with |x| < ${best} set to 0`);
    notes.push(`${l.name}: input activations |x| < ${best} → 0`);
  }
  return { state: stateOf(thresholds), notes };
};

/** The storage levels whose energy the supply voltage scales: `levels`, else every `sram` level. */
export const faultLevels = (arch: Arch, levels: ReadonlyArray<string> | null): ReadonlyArray<string> =>
  levels ?? arch.levels.filter((l) => l.kind === 'sram').map((l) => l.name);

export const faultStage = (
  ctx: CompressContext,
  input: CompressState,
  s: { readonly mitigation: FaultMitigation; readonly levels: ReadonlyArray<string> | null; readonly faultRates: FaultRateTable; readonly trials: number; readonly accuracyDrop: number },
  reference: number,
): StageOutcome => {
  const floor = reference - s.accuracyDrop / 100;
  const table = s.faultRates;
  const volts = [...new Set([table.nominalVoltage, ...table.points.map((p) => p.voltage)])].filter((v) => v <= table.nominalVoltage).sort((a, b) => b - a);
  const levels = faultLevels(ctx.target.arch, s.levels);
  const seedOf = (trial: number): number => ctx.seed * 7919 + trial;
  let chosen = table.nominalVoltage;
  for (const v of volts) {
    const rate = v === table.nominalVoltage ? 0 : faultRateAt(table, v);
    let ok = true;
    for (let t = 0; t < s.trials && ok; t++) {
      const acc = validationAccuracy(ctx, { ...input, faults: { bitFaultRate: rate, mitigation: s.mitigation, seed: seedOf(t) } });
      ok = acc >= floor;
    }
    ctx.log(`fault-mitigation (${s.mitigation}): ${v} V, bit fault rate ${rate.toExponential(1)}: ${ok ? 'holds' : 'over budget'}`);
    if (!ok) break;
    chosen = v;
  }
  const rate = chosen === table.nominalVoltage ? 0 : faultRateAt(table, chosen);
  const factor = (chosen / table.nominalVoltage) ** 2;
  const state: CompressState = {
    ...input,
    voltage: { volts: chosen, nominal: table.nominalVoltage, levels },
    faults: rate > 0 ? { bitFaultRate: rate, mitigation: s.mitigation, seed: seedOf(0) } : null,
  };
  return {
    state,
    notes: [
      `supply ${chosen} V (nominal ${table.nominalVoltage} V), bit fault rate ${rate.toExponential(1)}, mitigation ${s.mitigation}; ${s.trials} seeded fault draws held the budget`,
      `access energy of ${levels.length > 0 ? levels.join(', ') : 'no level'} × (V/V_nom)² = ${factor.toFixed(3)} (all tensors' reads and writes of those levels); other levels, the network and the MACs unchanged`,
      `fault rates: ${table.source}${rowSource(table, chosen)}`,
    ],
  };
};

/** The chosen row's own source, when it has one. */
const rowSource = (table: FaultRateTable, v: number): string => {
  const row = table.points.find((p) => p.voltage === v);
  return row?.source !== undefined ? `; the ${v} V row: ${row.source}` : '';
};

/** The model a state stores (what `--out` writes): weights with masks and formats, no faults. */
export const storedModel = (s: CompressState): TrainedModel => s.model;
