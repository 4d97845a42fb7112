/**
 * The compression-pipeline file format (YAML, already parsed to `unknown`) and its pure decoder
 * `decodePipeline`: io-ts codecs with excess-key checks (unknown keys are errors, each with its path, so the
 * CLI places it at `file:line:col`), then semantic checks. Never throws (fuzzed).
 *
 * ## Format
 * ```yaml
 * name: minerva                         # required
 * source: "Reagen et al., ISCA 2016"    # optional
 * accuracyDrop: 0.5                     # optional (default 1): the most test-accuracy percentage points any
 *                                       #   stage may lose against the INPUT model (iso-accuracy budget)
 * seed: 1                               # optional (default 1): retraining shuffles, fault injection
 * retrain: { epochs: 1, optimizer: adam, learningRate: 0.001, batchSize: 32 }   # optional, all keys optional
 * stages:                               # required, non-empty, run in order
 *   - { stage: magnitude-prune, targetSparsity: 0.9, steps: 4 }     # Han et al. NIPS 2015
 *   - { stage: flops-prune, targetSparsity: 0.9, step: 0.3, maxRounds: 40 }    # most-MACs-first, layer by layer
 *   - { stage: energy-prune, step: 0.3, maxRounds: 40, refitSamples: 256 }     # Yang et al. CVPR 2017
 *   - { stage: quantize, weights: true, activations: true, maxBits: 16, minBits: 2 } # Minerva stage 3
 *   - { stage: activation-prune, thresholds: [0, 0.05, 0.1, 0.2, 0.5] }            # Minerva stage 4
 *   - { stage: fault-mitigation, mitigation: round-bit, levels: [GLB],               # Minerva stage 5
 *       faultRates: { nominalVoltage: 0.9, source: "...", points: [{ voltage: 0.9, bitFaultRate: 0, source: "…" }, …] } }  # source per row optional
 * ```
 * Every stage may also set `accuracyDrop` and `retrain` (overriding the file's). Stage keys:
 * - `magnitude-prune`: `targetSparsity` (fraction of weights removed, [0, 1), required), `steps` (prune →
 *   retrain rounds that reach it, default 4).
 * - `flops-prune` / `energy-prune`: `targetSparsity` (default 0.99: until the budget stops it), `step`
 *   (fraction of a layer's remaining weights removed per cut, (0, 1), default 0.3), `maxRounds` (cuts tried,
 *   default 40); energy-prune also `refitSamples` (inputs sampled for the least-squares refit, default 256).
 * - `quantize`: `weights`, `activations` (booleans, default true), `maxBits` (default 16), `minBits`
 *   (default 2); total bits including the sign, 2..24.
 * - `activation-prune`: `thresholds` (candidate thresholds, ascending, ≥ 0; default 0, 0.01, 0.02, 0.05,
 *   0.1, 0.2, 0.3, 0.5, 0.75, 1).
 * - `fault-mitigation`: `mitigation` (none | mask-word | round-bit, default round-bit), `levels` (storage
 *   levels whose energy scales with V²; default every `sram` level of the accelerator), `faultRates` (a
 *   table; default `DEFAULT_FAULT_TABLE` in faults.ts, illustrative — see its doc), `trials` (seeded fault
 *   draws per voltage, all must hold accuracy; default 3).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Bool, Fraction, Name, NonNegativeNumber, PositiveInt, Text, hasOwn, isRecord, listOf, oneOf, positiveNumber, refinedNumber, strictStruct } from '../config/index.js';
import { configIssue, issuesFromErrors, showValue, type ConfigIssue } from '../config/index.js';
import { DEFAULT_FAULT_TABLE, FAULT_MITIGATIONS, type FaultMitigation, type FaultRateTable } from './faults.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Retraining settings (each optional; defaults in `resolveRetrain`). */
export interface RetrainSettings {
  readonly epochs: number;
  readonly optimizer: 'sgd' | 'adam';
  readonly learningRate: number;
  readonly batchSize: number;
}

interface StageCommon {
  /** Accuracy budget of this stage, percentage points below the input model's test accuracy. */
  readonly accuracyDrop: number;
  readonly retrain: RetrainSettings;
}

export type Stage =
  | (StageCommon & { readonly stage: 'magnitude-prune'; readonly targetSparsity: number; readonly steps: number })
  | (StageCommon & { readonly stage: 'flops-prune' | 'energy-prune'; readonly targetSparsity: number; readonly step: number; readonly maxRounds: number; readonly refitSamples: number })
  | (StageCommon & { readonly stage: 'quantize'; readonly weights: boolean; readonly activations: boolean; readonly maxBits: number; readonly minBits: number })
  | (StageCommon & { readonly stage: 'activation-prune'; readonly thresholds: ReadonlyArray<number> })
  | (StageCommon & {
      readonly stage: 'fault-mitigation';
      readonly mitigation: FaultMitigation;
      readonly levels: ReadonlyArray<string> | null;
      readonly faultRates: FaultRateTable;
      readonly trials: number;
    });
export type StageName = Stage['stage'];

export interface Pipeline {
  readonly name: string;
  readonly source: string;
  readonly seed: number;
  readonly stages: ReadonlyArray<Stage>;
}

export const DEFAULT_RETRAIN: RetrainSettings = { epochs: 1, optimizer: 'adam', learningRate: 0.001, batchSize: 32 };
export const DEFAULT_THRESHOLDS: ReadonlyArray<number> = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1];

// ---------------------------------------------------------------------------------------------------------
// codecs
// ---------------------------------------------------------------------------------------------------------

const Sparsity = refinedNumber('Sparsity', 'a fraction in [0, 1)', (n) => n >= 0 && n < 1);
const OpenFraction = refinedNumber('OpenFraction', 'a fraction in (0, 1)', (n) => n > 0 && n < 1);
const StoredBits = refinedNumber('StoredBits', 'an integer number of bits in 2..24', (n) => Number.isInteger(n) && n >= 2 && n <= 24);
const Drop = refinedNumber('AccuracyDrop', 'accuracy points in [0, 100]', (n) => n >= 0 && n <= 100);
const Volts = positiveNumber(false);

const RetrainSpec = strictStruct('retrain settings', {}, {
  epochs: refinedNumber('Epochs', 'a non-negative integer', (n) => Number.isSafeInteger(n) && n >= 0),
  optimizer: oneOf('an optimizer', ['sgd', 'adam'] as const),
  learningRate: positiveNumber(false),
  batchSize: PositiveInt,
});
const common = { accuracyDrop: Drop, retrain: RetrainSpec };
const FaultPoint = strictStruct('fault-rate point', { voltage: Volts, bitFaultRate: Fraction }, { source: Text });
const FaultTableSpec = strictStruct('fault-rate table', { nominalVoltage: Volts, points: listOf(FaultPoint, 'fault-rate points') }, { source: Text });

const STAGE_SPECS = {
  'magnitude-prune': strictStruct('magnitude-prune stage', { stage: t.literal('magnitude-prune'), targetSparsity: Sparsity }, { steps: PositiveInt, ...common }),
  'flops-prune': strictStruct('flops-prune stage', { stage: t.literal('flops-prune') }, { targetSparsity: Sparsity, step: OpenFraction, maxRounds: PositiveInt, ...common }),
  'energy-prune': strictStruct('energy-prune stage', { stage: t.literal('energy-prune') }, { targetSparsity: Sparsity, step: OpenFraction, maxRounds: PositiveInt, refitSamples: PositiveInt, ...common }),
  quantize: strictStruct('quantize stage', { stage: t.literal('quantize') }, { weights: Bool, activations: Bool, maxBits: StoredBits, minBits: StoredBits, ...common }),
  'activation-prune': strictStruct('activation-prune stage', { stage: t.literal('activation-prune') }, { thresholds: listOf(NonNegativeNumber, 'thresholds'), ...common }),
  'fault-mitigation': strictStruct('fault-mitigation stage', { stage: t.literal('fault-mitigation') }, {
    mitigation: oneOf('a fault mitigation', FAULT_MITIGATIONS),
    levels: listOf(Name, 'storage level names'),
    faultRates: FaultTableSpec,
    trials: PositiveInt,
    ...common,
  }),
} as const;
type SpecName = keyof typeof STAGE_SPECS;
type StageDoc = t.TypeOf<(typeof STAGE_SPECS)[SpecName]>;

const StageCodec = new t.Type<StageDoc, unknown, unknown>(
  'stage',
  (u): u is StageDoc => isRecord(u) && typeof u['stage'] === 'string' && hasOwn(STAGE_SPECS, u['stage']) && STAGE_SPECS[u['stage'] as SpecName].is(u),
  (u, c) => {
    if (!isRecord(u)) return t.failure(u, c, `expected a stage (a mapping), got ${showValue(u)}`);
    const s = u['stage'];
    const kinds = Object.keys(STAGE_SPECS).join(', ');
    if (s === undefined) return t.failure(undefined, t.appendContext(c, 'stage', t.string, undefined), `missing required key "stage" (one of ${kinds})`);
    if (typeof s !== 'string' || !hasOwn(STAGE_SPECS, s)) return t.failure(s, t.appendContext(c, 'stage', t.string, s), `unknown stage ${showValue(s)} (expected one of ${kinds})`);
    return (STAGE_SPECS[s as SpecName] as unknown as t.Type<StageDoc, unknown, unknown>).validate(u, c);
  },
  t.identity,
);

export const PipelineSpec = strictStruct('pipeline', { name: Name, stages: listOf(StageCodec, 'stages') }, {
  source: Text,
  accuracyDrop: Drop,
  seed: PositiveInt,
  retrain: RetrainSpec,
});

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Decode a parsed pipeline file: structure (unknown keys rejected), then semantics; every issue with its path. */
export const decodePipeline = (doc: unknown): E.Either<ReadonlyArray<ConfigIssue>, Pipeline> => {
  const d = PipelineSpec.decode(doc);
  if (E.isLeft(d)) return E.left(issuesFromErrors(d.left));
  const spec = d.right;
  const issues: ConfigIssue[] = [];
  if (spec.stages.length === 0) issues.push(configIssue(['stages'], 'a pipeline needs at least one stage'));
  const drop = spec.accuracyDrop ?? 1;
  const retrain = { ...DEFAULT_RETRAIN, ...(spec.retrain ?? {}) };
  const stages: Stage[] = spec.stages.map((s, i): Stage => {
    const c = { accuracyDrop: s.accuracyDrop ?? drop, retrain: { ...retrain, ...(s.retrain ?? {}) } };
    switch (s.stage) {
      case 'magnitude-prune': {
        const x = s as t.TypeOf<(typeof STAGE_SPECS)['magnitude-prune']>;
        return { ...c, stage: 'magnitude-prune', targetSparsity: x.targetSparsity, steps: x.steps ?? 4 };
      }
      case 'flops-prune':
      case 'energy-prune': {
        const x = s as t.TypeOf<(typeof STAGE_SPECS)['energy-prune']>;
        return { ...c, stage: s.stage, targetSparsity: x.targetSparsity ?? 0.99, step: x.step ?? 0.3, maxRounds: x.maxRounds ?? 40, refitSamples: s.stage === 'energy-prune' ? (x.refitSamples ?? 256) : 0 };
      }
      case 'quantize': {
        const x = s as t.TypeOf<(typeof STAGE_SPECS)['quantize']>;
        const minBits = x.minBits ?? 2;
        const maxBits = x.maxBits ?? 16;
        if (minBits > maxBits) issues.push(configIssue(['stages', i, 'minBits'], `minBits ${minBits} is above maxBits ${maxBits}`));
        return { ...c, stage: 'quantize', weights: x.weights ?? true, activations: x.activations ?? true, maxBits, minBits };
      }
      case 'activation-prune': {
        const x = s as t.TypeOf<(typeof STAGE_SPECS)['activation-prune']>;
        const th = x.thresholds ?? DEFAULT_THRESHOLDS;
        if (th.length === 0) issues.push(configIssue(['stages', i, 'thresholds'], 'give at least one threshold'));
        th.forEach((v, j) => {
          if (j > 0 && v <= th[j - 1]!) issues.push(configIssue(['stages', i, 'thresholds', j], `thresholds must be ascending: ${v} after ${th[j - 1]}`));
        });
        return { ...c, stage: 'activation-prune', thresholds: th };
      }
      case 'fault-mitigation': {
        const x = s as t.TypeOf<(typeof STAGE_SPECS)['fault-mitigation']>;
        const ft = x.faultRates;
        if (ft !== undefined) {
          if (ft.points.length === 0) issues.push(configIssue(['stages', i, 'faultRates', 'points'], 'give at least one point'));
          const seen = new Set<number>();
          ft.points.forEach((p, j) => {
            if (seen.has(p.voltage)) issues.push(configIssue(['stages', i, 'faultRates', 'points', j, 'voltage'], `voltage ${p.voltage} listed twice`));
            seen.add(p.voltage);
            if (p.voltage > ft.nominalVoltage) issues.push(configIssue(['stages', i, 'faultRates', 'points', j, 'voltage'], `voltage ${p.voltage} is above the nominal ${ft.nominalVoltage}`));
          });
        }
        const table: FaultRateTable = ft === undefined ? DEFAULT_FAULT_TABLE : { nominalVoltage: ft.nominalVoltage, points: ft.points, source: ft.source ?? 'pipeline file' };
        return { ...c, stage: 'fault-mitigation', mitigation: x.mitigation ?? 'round-bit', levels: x.levels ?? null, faultRates: table, trials: x.trials ?? 3 };
      }
    }
  });
  if (issues.length > 0) return E.left(issues);
  return E.right({ name: spec.name, source: spec.source ?? 'pipeline file', seed: spec.seed ?? 1, stages });
};
