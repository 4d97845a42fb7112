/**
 * Human output of `codesim eval`: a header naming the arch, the network, the energy unit and where every
 * per-access cost comes from; a per-layer table (MACs, energy split by level, network and compute, energy per
 * MAC, cycles, utilization, how the mapping was chosen); totals.
 */
import type { Arch } from '../arch/index.js';
import type { NetworkResult } from '../codesign/index.js';
import { fmtNum, fmtPct, renderTable } from './table.js';

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

export const evalText = (arch: Arch, r: NetworkResult): string => {
  const u = arch.energyUnit;
  const tag = u === 'pJ' ? 'pJ' : '×MAC';
  const levels = arch.levels.map((l) => l.name);
  const header = ['layer', 'MACs', ...levels.map((l) => `${l} [${tag}]`), `network [${tag}]`, `compute [${tag}]`, `total [${tag}]`, `[${tag}]/MAC`, 'cycles', 'util', 'bound by'];
  // The columns every row shares (a layer, or the totals).
  const cells = (name: string, macs: number, e: NetworkResult['total']['energy'], cycles: number): string[] => [
    name,
    fmtNum(macs),
    ...levels.map((n) => fmtNum(e.byLevel[n] ?? 0)),
    fmtNum(e.network),
    fmtNum(e.compute),
    fmtNum(e.total),
    macs > 0 ? fmtNum(e.total / macs) : '-',
    fmtNum(cycles),
  ];
  const rows = r.layers.map((l) => [
    ...cells(l.name, l.macs, l.energy, l.cycles),
    l.macs > 0 ? fmtPct(l.utilization) : '-',
    l.stats ? l.stats.bottleneck : 'DRAM traffic',
  ]);
  const t = r.total;
  rows.push([...cells('TOTAL', t.macs, t.energy, t.cycles), '', '']);
  const origins = [...new Set(r.layers.flatMap((l) => (l.mapping ? [l.mapping.origin] : [])))];
  const sources = [...arch.levels.map((l) => `  ${l.name}: ${l.costSource}`), `  MAC: ${arch.compute.costSource}`];
  const latencyMs = t.cycles / arch.clockMHz / 1000;
  return [
    `arch:     ${arch.name} (${arch.source})`,
    `network:  ${r.network}, ${r.layers.length} layers`,
    `mappings: ${origins.join('; ')}`,
    `energy unit: ${u === 'pJ' ? 'pJ' : '×MAC = the energy of one 16-bit MAC (Eyeriss ISCA 2016 Table IV normalization)'}; per-access costs from:`,
    ...sources,
    '',
    renderTable(header, rows),
    '',
    `total: ${fmtNum(t.macs)} MACs (${fmtNum(t.effectualMacs)} effectual), energy ${fmtNum(t.energy.total)} ${tag} ` +
      `(${fmtNum(t.energy.total / Math.max(1, t.macs))} ${tag}/MAC), ${fmtNum(t.cycles)} cycles = ${latencyMs.toFixed(3)} ms at ${arch.clockMHz} MHz`,
  ].join('\n');
};
