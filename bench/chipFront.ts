/**
 * Is a reference design (the Eyeriss chip) on the energy–latency front of a sweep? Reads the chip's own results
 * (a one-point grid of the sweep file: `codesim sweep CHIP.yaml --out CHIP_DIR`) and any number of sweep result
 * directories, and prints per directory: its Pareto set (energy per inference, latency) with each point against the
 * chip's point of the same batch, and how many evaluated points dominate the chip at each batch (≤ on both
 * objectives, < on one; a tie is not domination).
 *
 * Usage: npx tsx bench/chipFront.ts CHIP_DIR DIR…   (README "Shipped sweeps", eyeriss-hw at equal area)
 */
import { readRecords, type PointRecord } from '../src/sweep/index.js';

type Ok = Extract<PointRecord, { readonly status: 'ok' }>;
const ok = (dir: string): Ok[] => readRecords(dir).records.filter((r): r is Ok => r.status === 'ok');
const dominates = (a: Ok, b: Ok): boolean =>
  a.metrics.energy <= b.metrics.energy && a.metrics.latencyUs <= b.metrics.latencyUs && (a.metrics.energy < b.metrics.energy || a.metrics.latencyUs < b.metrics.latencyUs);
const pct = (x: number, ref: number): string => `${x >= ref ? '+' : ''}${((x / ref - 1) * 100).toFixed(2)}%`;

const [chipDir, ...dirs] = process.argv.slice(2);
if (chipDir === undefined || dirs.length === 0) throw new Error('usage: bench/chipFront.ts CHIP_DIR DIR…');
const chip = new Map(ok(chipDir).map((r) => [r.params['batch'], r]));
for (const [batch, c] of chip) console.log(`chip, batch ${batch}: energy ${c.metrics.energy.toExponential(5)} (${c.metrics.energyPerMac.toFixed(3)} per MAC), latency ${c.metrics.latencyUs} µs, area ${c.areaMm2} mm², on-chip ${c.onChipKB} kB`);
for (const dir of dirs) {
  const rs = ok(dir);
  const front = rs.filter((r) => !rs.some((o) => dominates(o, r))).sort((a, b) => Number(b.params['batch']) - Number(a.params['batch']) || a.metrics.energy - b.metrics.energy);
  console.log(`\n${dir}: ${rs.length} ok points, front ${front.length}`);
  console.log('params\tarea (mm²)\ton-chip kB\tenergy\tenergy/MAC\tlatency (µs)\tvs chip (same batch)');
  for (const r of front) {
    const c = chip.get(r.params['batch']);
    const vs = c === undefined ? '-' : `${pct(r.metrics.energy, c.metrics.energy)} energy, ${pct(r.metrics.latencyUs, c.metrics.latencyUs)} latency${dominates(r, c) ? ', dominates the chip' : ''}`;
    console.log(`${JSON.stringify(r.params)}\t${r.areaMm2}\t${r.onChipKB}\t${r.metrics.energy.toExponential(4)}\t${r.metrics.energyPerMac.toFixed(3)}\t${r.metrics.latencyUs}\t${vs}`);
  }
  for (const [batch, c] of chip) console.log(`batch ${batch}: ${rs.filter((r) => r.params['batch'] === batch && dominates(r, c)).length} evaluated points dominate the chip`);
}
