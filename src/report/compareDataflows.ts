/**
 * The dataflow comparison (Eyeriss ISCA'16 §VI style): per dataflow, energy per MAC of a network's layers
 * mapped by the mapper, broken down by storage level (+ network and compute) and by tensor, over all MAC
 * layers and separately over CONV and FC layers. Pure.
 */
import type { NetworkResult } from '../codesign/index.js';
import { sumBreakdowns, type EnergyBreakdown } from '../energy/index.js';
import type { EnergyUnit } from '../core/index.js';
import { fmtNum, renderTable } from './table.js';

export interface DataflowComparison {
  readonly name: string;
  readonly description: string;
  readonly energyPerMac: number;
  readonly byLevel: Readonly<Record<string, number>>;
  readonly byTensor: { readonly weights: number; readonly inputs: number; readonly outputs: number };
  readonly conv: { readonly energyPerMac: number; readonly macs: number };
  readonly fc: { readonly energyPerMac: number; readonly macs: number };
}

/** Per-MAC breakdown of the MAC layers of a network result (network energy as `network`, MACs as `compute`). */
export const compareEntry = (name: string, description: string, unit: EnergyUnit, r: NetworkResult): DataflowComparison => {
  const sum = (kind: 'conv2d' | 'fc' | null): { e: EnergyBreakdown; macs: number } => {
    const layers = r.layers.filter((l) => l.macs > 0 && (kind === null || l.kind === kind));
    return { e: sumBreakdowns(unit, layers.map((l) => l.energy)), macs: layers.reduce((a, l) => a + l.macs, 0) };
  };
  const all = sum(null);
  const conv = sum('conv2d');
  const fc = sum('fc');
  const per = (x: number) => (all.macs > 0 ? x / all.macs : 0);
  return {
    name,
    description,
    energyPerMac: per(all.e.total),
    byLevel: { ...Object.fromEntries(Object.entries(all.e.byLevel).map(([k, v]) => [k, per(v)])), network: per(all.e.network), compute: per(all.e.compute) },
    byTensor: { weights: per(all.e.byTensor.W), inputs: per(all.e.byTensor.I), outputs: per(all.e.byTensor.O) },
    conv: { energyPerMac: conv.macs > 0 ? conv.e.total / conv.macs : 0, macs: conv.macs },
    fc: { energyPerMac: fc.macs > 0 ? fc.e.total / fc.macs : 0, macs: fc.macs },
  };
};

/** Human table: one row per dataflow, plus the ratio of each to the best. */
export const compareText = (unit: EnergyUnit, rows: ReadonlyArray<DataflowComparison>): string => {
  const tag = unit === 'pJ' ? 'pJ' : '×MAC';
  const levels = [...new Set(rows.flatMap((r) => Object.keys(r.byLevel)))];
  const bestConv = Math.min(...rows.map((r) => r.conv.energyPerMac).filter((x) => x > 0));
  const bestFc = Math.min(...rows.map((r) => r.fc.energyPerMac).filter((x) => x > 0));
  const table = renderTable(
    ['dataflow', `all [${tag}/MAC]`, ...levels.map((l) => l), 'weights', 'inputs', 'outputs', `CONV [${tag}/MAC]`, '÷ best', `FC [${tag}/MAC]`, '÷ best'],
    rows.map((r) => [
      r.name,
      fmtNum(r.energyPerMac),
      ...levels.map((l) => fmtNum(r.byLevel[l] ?? 0)),
      fmtNum(r.byTensor.weights),
      fmtNum(r.byTensor.inputs),
      fmtNum(r.byTensor.outputs),
      r.conv.macs > 0 ? fmtNum(r.conv.energyPerMac) : '-',
      r.conv.macs > 0 ? (r.conv.energyPerMac / bestConv).toFixed(2) : '-',
      r.fc.macs > 0 ? fmtNum(r.fc.energyPerMac) : '-',
      r.fc.macs > 0 ? (r.fc.energyPerMac / bestFc).toFixed(2) : '-',
    ]),
  );
  return `${table}\n(level, network, compute and tensor columns are ${tag} per MAC over all MAC layers)`;
};
