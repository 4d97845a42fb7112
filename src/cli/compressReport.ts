/**
 * The documents `codesim compress` and `codesim compare-pruning` print (JSON schemas in README.md) and their
 * human tables. Pure: plain objects and strings. Accuracies are fractions in [0, 1] in JSON (percent in the
 * tables); energies are in the accelerator's energy unit.
 */
import type { Arch } from '../arch/index.js';
import { layerAnnotations } from '../compress/index.js';
import type { Measurement } from '../compress/index.js';
import { archSupport } from '../compress/index.js';
import type { CompareRun, PipelineRun } from '../compress/index.js';
import type { EnergyBreakdown } from '../energy/index.js';
import { costSourcesOf, fmtNum, renderTable } from '../report/index.js';

const energyJson = (e: EnergyBreakdown) => ({ total: e.total, compute: e.compute, network: e.network, byLevel: e.byLevel, byTensor: { weights: e.byTensor.W, inputs: e.byTensor.I, outputs: e.byTensor.O } });


const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
const times = (x: number): string => `${x.toFixed(2)}×`;

/** `compress --json`. */
export const compressJson = (arch: Arch, run: PipelineRun, dataNote: string) => {
  const base = run.stages[0]!.measurement.energy.total.energy.total;
  return {
    arch: arch.name,
    archSource: arch.source,
    network: run.stages[0]!.measurement.network.name.replace(/-baseline$/, ''),
    pipeline: run.pipeline.name,
    energyUnit: arch.energyUnit,
    costSources: costSourcesOf(arch),
    savingsSupport: archSupport(arch),
    data: dataNote,
    referenceValidationAccuracy: run.reference,
    stages: run.stages.map((s, i) => {
      const e = s.measurement.energy.total.energy.total;
      const prev = i === 0 ? e : run.stages[i - 1]!.measurement.energy.total.energy.total;
      return {
        name: s.name,
        accuracy: s.measurement.accuracy,
        validationAccuracy: s.validationAccuracy,
        weightsKept: s.measurement.weightsKept,
        macs: s.measurement.energy.total.macs,
        effectualMacs: s.measurement.energy.total.effectualMacs,
        energy: energyJson(s.measurement.energy.total.energy),
        savings: prev / e,
        cumulativeSavings: base / e,
        supplyVoltage: s.state.voltage?.volts ?? null,
        notes: s.notes,
        layers: layerAnnotations(s.measurement.network),
      };
    }),
  };
};

/** `compress` human output: the Minerva-style table per stage, then what each stage chose. */
export const compressText = (arch: Arch, run: PipelineRun, dataNote: string): string => {
  const j = compressJson(arch, run, dataNote);
  const levels = arch.levels.map((l) => l.name);
  const unit = arch.energyUnit === 'pJ' ? 'pJ' : '×MAC';
  const rows = j.stages.map((s) => [
    s.name, pct(s.accuracy), pct(s.weightsKept), fmtNum(Math.round(s.effectualMacs)),
    ...levels.map((l) => fmtNum(Math.round(s.energy.byLevel[l] ?? 0))), fmtNum(Math.round(s.energy.network)), fmtNum(Math.round(s.energy.compute)),
    fmtNum(Math.round(s.energy.total)), times(s.savings), times(s.cumulativeSavings),
  ]);
  const table = renderTable(['stage', 'test acc', 'weights kept', 'effectual MACs', ...levels.map((l) => `${l} (${unit})`), `network (${unit})`, `MACs (${unit})`, `total (${unit})`, 'savings', 'cumulative'], rows);
  return [
    `compress ${j.network} with pipeline ${j.pipeline} on ${arch.name} (${arch.source})`,
    dataNote,
    `accuracy budget: every stage within its accuracyDrop of the input model's validation accuracy ${pct(run.reference)}; accuracies below are on the held-out test digits`,
    `energy unit ${unit}; costs: ${Object.entries(j.costSources).map(([k, v]) => `${k}: ${v}`).join('; ')}`,
    `savings appear only where the accelerator supports them — this one has: ${j.savingsSupport.join('; ')}`,
    '',
    table,
    '',
    ...j.stages.slice(1).flatMap((s) => [`${s.name}:`, ...s.notes.map((n) => `  ${n}`)]),
  ].join('\n');
};

const methodLayers = (m: Measurement) =>
  layerAnnotations(m.network).map((l) => ({ name: l.name, weightDensity: l.weightDensity, inputDensity: l.inputDensity, bits: l.bits }));

/** `compare-pruning --json` (the issue's shape, plus the stopping reasons, energy unit and cost sources). */
export const compareJson = (arch: Arch, run: CompareRun, dataNote: string) => {
  const b = run.baseline;
  return {
    arch: arch.name,
    archSource: arch.source,
    network: b.network.name.replace(/-baseline$/, ''),
    energyUnit: arch.energyUnit,
    costSources: costSourcesOf(arch),
    savingsSupport: archSupport(arch),
    data: dataNote,
    accuracyBudget: run.settings.accuracyDrop,
    targetSparsity: run.settings.targetSparsity,
    referenceValidationAccuracy: run.reference,
    baseline: { accuracy: b.accuracy, macs: b.energy.total.effectualMacs, weights: b.weightsKept, energy: energyJson(b.energy.total.energy) },
    methods: run.methods.map((m) => ({
      name: m.method,
      accuracy: m.measurement.accuracy,
      validationAccuracy: m.run.points.length > 0 ? m.run.points[m.run.points.length - 1]!.validationAccuracy : run.reference,
      weightsKept: m.measurement.weightsKept,
      macsKept: m.measurement.energy.total.effectualMacs / b.energy.total.effectualMacs,
      energy: energyJson(m.measurement.energy.total.energy),
      energySavings: b.energy.total.energy.total / m.measurement.energy.total.energy.total,
      stoppedBy: m.run.stoppedBy,
      layers: methodLayers(m.measurement),
    })),
    curves: run.methods.map((m) => ({ method: m.method, points: m.curve })),
  };
};

export const compareText = (arch: Arch, run: CompareRun, dataNote: string): string => {
  const j = compareJson(arch, run, dataNote);
  const unit = arch.energyUnit === 'pJ' ? 'pJ' : '×MAC';
  const levels = arch.levels.map((l) => l.name);
  const row = (name: string, acc: number, wk: number, mk: number, e: ReturnType<typeof energyJson>, sav: number, stop: string) => [
    name, pct(acc), pct(wk), pct(mk), ...levels.map((l) => fmtNum(Math.round(e.byLevel[l] ?? 0))), fmtNum(Math.round(e.network)), fmtNum(Math.round(e.compute)),
    fmtNum(Math.round(e.byTensor.weights)), fmtNum(Math.round(e.byTensor.inputs)), fmtNum(Math.round(e.byTensor.outputs)), fmtNum(Math.round(e.total)), times(sav), stop,
  ];
  const table = renderTable(
    ['method', 'test acc', 'weights kept', 'MACs kept', ...levels.map((l) => `${l} (${unit})`), `network`, `MACs`, 'weights', 'inputs', 'outputs', `total (${unit})`, 'savings', 'stopped by'],
    [row('baseline', j.baseline.accuracy, j.baseline.weights, 1, j.baseline.energy, 1, ''), ...j.methods.map((m) => row(m.name, m.accuracy, m.weightsKept, m.macsKept, m.energy, m.energySavings, m.stoppedBy))],
  );
  const layerTable = renderTable(
    ['layer', ...j.methods.flatMap((m) => [`${m.name} W density`, `${m.name} I density`])],
    (j.methods[0]?.layers ?? []).map((l, i) => [l.name, ...j.methods.flatMap((m) => [pct(m.layers[i]!.weightDensity), pct(m.layers[i]!.inputDensity)])]),
  );
  return [
    `compare-pruning ${j.network} on ${arch.name} (${arch.source})`,
    dataNote,
    `budget: validation accuracy ≥ the baseline's ${pct(run.reference)} − ${j.accuracyBudget} points; target sparsity ${j.targetSparsity}; accuracies below are on the held-out test digits`,
    `energy unit ${unit} (storage by level, network, MACs; by tensor: weights / inputs / outputs incl. network); costs: ${Object.entries(j.costSources).map(([k, v]) => `${k}: ${v}`).join('; ')}`,
    `savings appear only where the accelerator supports them — this one has: ${j.savingsSupport.join('; ')}`,
    '',
    table,
    '',
    layerTable,
  ].join('\n');
};
