/**
 * codesim → Timeloop / Accelergy specs (issue 13): `exportTimeloop` writes an `Arch`, one layer's `Problem` and its
 * `Mapping` as Timeloop documents (plain data, for YAML): an architecture in the `subtree` / `local` form Timeloop's
 * own front end dumps (`version: 0.4`; `Name[0..n-1]` instances with `meshX` / `meshY`), the problem as an explicit
 * convolution shape with its instance, the mapping (temporal and spatial entries with innermost-first
 * permutations and `split`, a `dataspace` entry per on-chip level), and an Accelergy ERT of the per-action
 * energies. What Timeloop cannot express is listed in `notes` (or is an issue when the numbers would change).
 *
 * Inverse of `importTimeloop` on what both express (tested round trip): storage levels (kind, word bits, block
 * size, capacity, instances and mesh, shared / read / write bandwidth, read / write energies), the MACs (mesh, energy),
 * N G C K P Q R S problems with strides, dilations and densities, and mappings (factors, loop orders, X / Y
 * spatial factors, bypass).
 *
 * Naming: codesim K is Timeloop M; codesim (P, R, strideH, dilationH) is Timeloop (P, R, Wstride, Wdilation) and
 * (Q, S, strideW, dilationW) is (Q, S, Hstride, Hdilation) — the same counts, only the axis names differ.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import type { Mapping } from '../mapping/index.js';
import { DIMS, type Dim, type Problem } from '../workload/index.js';
import type { ConfigIssue } from '../config/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The Timeloop documents (plain data) and what was not carried over. */
export interface ExportedDocs {
  readonly arch: Record<string, unknown>;
  readonly problem: Record<string, unknown> | null;
  readonly mapping: Record<string, unknown> | null;
  readonly ert: Record<string, unknown>;
  readonly notes: ReadonlyArray<string>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Export an arch, and optionally one problem and its mapping, as Timeloop specs. Pure; never throws. */
export const exportTimeloop = (arch: Arch, problem: Problem | null, mapping: Mapping | null): E.Either<ReadonlyArray<ConfigIssue>, ExportedDocs> => {
  const issues: ConfigIssue[] = [];
  const notes: string[] = [];
  const local: Array<Record<string, unknown>> = [];
  const tables: Array<Record<string, unknown>> = [];
  const instanced = (name: string, n: number): string => (n > 1 ? `${name}[0..${n - 1}]` : name);
  arch.levels.forEach((l, i) => {
    const n = l.instances;
    const attributes: Record<string, unknown> = { datawidth: l.wordBits, width: l.wordBits * l.blockWords };
    if (l.kind !== 'dram') {
      if (l.capacityWords % l.blockWords !== 0) issues.push({ path: ['levels', i, 'capacityWords'], message: `${l.capacityWords} words is not a whole number of ${l.blockWords}-word rows (Timeloop's depth)` });
      attributes['depth'] = Math.floor(l.capacityWords / l.blockWords);
    }
    if (n > 1) {
      attributes['meshX'] = l.meshX;
      attributes['meshY'] = l.meshY;
    }
    if (Number.isFinite(l.bandwidthWordsPerCycle)) attributes['shared_bandwidth'] = l.bandwidthWordsPerCycle;
    if (l.readBandwidthWordsPerCycle !== undefined) attributes['read_bandwidth'] = l.readBandwidthWordsPerCycle;
    if (l.writeBandwidthWordsPerCycle !== undefined) attributes['write_bandwidth'] = l.writeBandwidthWordsPerCycle;
    const kept = (['W', 'I', 'O'] as const).filter((t) => l.keeps[t]);
    if (kept.length === 0) local.push({ name: instanced(l.name, n), class: 'dummy_storage', attributes: { ...attributes, depth: 1 } });
    else local.push({ name: instanced(l.name, n), class: l.kind === 'dram' ? 'DRAM' : l.kind === 'sram' ? 'SRAM' : 'regfile', attributes });
    if (kept.length > 0 && kept.length < 3) notes.push(`${l.name} keeps only ${kept.join(', ')} in hardware: Timeloop expresses that as a constraint; the exported mapping bypasses the others`);
    if (l.partitionWords !== null) notes.push(`${l.name}: per-tensor partitions are not exported (Timeloop shares a buffer's capacity)`);
    if ((['W', 'I', 'O'] as const).some((t) => l.formats[t].format !== 'uncompressed') || l.actionOptimizations.length > 0) notes.push(`${l.name}: sparse formats and action optimisations are not exported (Sparseloop specs)`);
    if (l.energy.gatedFraction !== 0 || l.energy.metadataPerWord !== 1) notes.push(`${l.name}: gated and metadata energies are not exported`);
    if (kept.length > 0) {
      tables.push({
        name: `System_top_level.${instanced(l.name, n)}`,
        actions: [
          { name: 'read', energy: l.energy.read },
          { name: 'write', energy: l.energy.write },
          { name: 'update', energy: l.energy.update ?? l.energy.write },
          ...(l.energy.metadataRead !== undefined ? [{ name: 'metadata_read', energy: l.energy.metadataRead }] : []),
          ...(l.energy.metadataWrite !== undefined ? [{ name: 'metadata_write', energy: l.energy.metadataWrite }] : []),
          { name: 'leak', energy: 0 },
        ],
      });
    }
  });
  const c = arch.compute;
  const bits = problem?.bits ?? { W: 16, I: 16, O: 16 };
  const mac = c.multiplyEnergy * ((bits.W * bits.I) / (c.refBits * c.refBits)) + c.addEnergy * (bits.O / c.refBits);
  local.push({ name: instanced('MAC', c.instances), class: 'intmac', attributes: { datawidth: 16, ...(c.instances > 1 ? { meshX: c.meshX, meshY: c.meshY } : {}) } });
  tables.push({ name: `System_top_level.${instanced('MAC', c.instances)}`, actions: [{ name: 'compute', energy: mac }] });
  if (c.sparse !== 'none') notes.push(`the compute's ${c.sparse} is not exported`);
  if (arch.networks.some((n) => n.energyPerWord !== 0)) notes.push('network energies are not exported (Timeloop charges no network energy unless a network component is configured)');
  if (arch.networks.some((n) => !n.multicast || !n.spatialReduction)) notes.push('networks without multicast or spatial reduction are not exported (Timeloop multicasts and reduces by default)');
  if (arch.scaleAccessEnergyWithBits) notes.push('scaleAccessEnergyWithBits is true: codesim packs per-tensor bit widths into words, Timeloop does not — counts can differ');
  if (arch.energyUnit !== 'pJ') notes.push(`energies are in ${arch.energyUnit}, not pJ: the ERT carries the numbers unchanged`);
  const archDoc = {
    architecture: {
      version: '0.4',
      subtree: [{ name: 'System_top_level', attributes: { global_cycle_seconds: 1e-6 / arch.clockMHz }, local }],
    },
  };
  const problemDoc = problem === null ? null : exportProblem(problem);
  const dims = problem === null ? TL_DIMS : shapeDims(problem);
  const mappingDoc = mapping === null ? null : exportMapping(arch, mapping, dims, issues);
  if (issues.length > 0) return E.left(issues);
  return E.right({ arch: archDoc, problem: problemDoc, mapping: mappingDoc, ert: { ERT: { version: '0.4', tables } }, notes });
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Timeloop's name of a codesim dimension. */
const TL: Readonly<Record<Dim, string>> = { N: 'N', G: 'G', C: 'C', K: 'M', P: 'P', Q: 'Q', R: 'R', S: 'S' };
const TL_DIMS: ReadonlyArray<Dim> = ['C', 'K', 'R', 'S', 'N', 'P', 'Q'];
const shapeDims = (p: Problem): ReadonlyArray<Dim> => (p.bounds.G > 1 ? ['G', ...TL_DIMS] : TL_DIMS);

const exportProblem = (p: Problem): Record<string, unknown> => {
  const g = p.bounds.G > 1;
  const dims = shapeDims(p);
  const instance: Record<string, unknown> = {};
  for (const d of dims) instance[TL[d]] = p.bounds[d];
  instance['Wstride'] = p.strideH;
  instance['Hstride'] = p.strideW;
  instance['Wdilation'] = p.dilationH;
  instance['Hdilation'] = p.dilationW;
  const dens: Record<string, unknown> = {};
  for (const [t, name] of [['W', 'Weights'], ['I', 'Inputs'], ['O', 'Outputs']] as const) {
    if (p.density[t] < 1) dens[name] = { distribution: 'fixed-structured', density: p.density[t] };
  }
  if (Object.keys(dens).length > 0) instance['densities'] = dens;
  const G = g ? [[['G']]] : [];
  return {
    problem: {
      version: '0.4',
      shape: {
        name: p.name,
        dimensions: dims.map((d) => TL[d]),
        coefficients: ['Wstride', 'Hstride', 'Wdilation', 'Hdilation'].map((name) => ({ name, default: 1 })),
        data_spaces: [
          { name: 'Weights', projection: [...G, [['C']], [['M']], [['R']], [['S']]] },
          { name: 'Inputs', projection: [[['N']], ...G, [['C']], [['R', 'Wdilation'], ['P', 'Wstride']], [['S', 'Hdilation'], ['Q', 'Hstride']]] },
          { name: 'Outputs', projection: [[['N']], ...G, [['M']], [['Q']], [['P']]], read_write: true },
        ],
      },
      instance,
    },
  };
};

const exportMapping = (arch: Arch, m: Mapping, dims: ReadonlyArray<Dim>, issues: ConfigIssue[]): Record<string, unknown> => {
  const out: Array<Record<string, unknown>> = [];
  const inShape = (d: Dim): boolean => dims.includes(d);
  m.levels.forEach((lm, i) => {
    const name = arch.levels[i]!.name;
    for (const d of DIMS) {
      if (!inShape(d) && (lm.temporal[d] > 1 || lm.spatialX[d] > 1 || lm.spatialY[d] > 1)) issues.push({ path: ['levels', i], message: `a factor over ${d}, which the exported shape does not have` });
    }
    const order = [...new Set(lm.permutation)].reverse().filter(inShape); // innermost first
    out.push({ target: name, type: 'temporal', factors: order.map((d) => `${TL[d]}=${lm.temporal[d]}`).join(' '), permutation: order.map((d) => TL[d]).join('') });
    const xs = dims.filter((d) => lm.spatialX[d] > 1);
    const ys = dims.filter((d) => lm.spatialY[d] > 1);
    for (const d of xs) {
      if (ys.includes(d)) issues.push({ path: ['levels', i, 'spatial'], message: `${d} is split over both X (${lm.spatialX[d]}) and Y (${lm.spatialY[d]}): a Timeloop spatial entry puts each dimension on one axis` });
    }
    if (xs.length + ys.length > 0) {
      const rest = dims.filter((d) => !xs.includes(d) && !ys.includes(d));
      const sp = [...xs, ...ys, ...rest];
      out.push({
        target: name,
        type: 'spatial',
        factors: sp.map((d) => `${TL[d]}=${xs.includes(d) ? lm.spatialX[d] : ys.includes(d) ? lm.spatialY[d] : 1}`).join(' '),
        permutation: sp.map((d) => TL[d]).join(''),
        split: xs.length,
      });
    }
    if (i > 0) {
      const keep = (['W', 'I', 'O'] as const).filter((t) => lm.keep[t]).map((t) => TENSOR_NAME[t]);
      const bypass = (['W', 'I', 'O'] as const).filter((t) => !lm.keep[t]).map((t) => TENSOR_NAME[t]);
      out.push({ target: name, type: 'dataspace', keep, bypass });
    }
  });
  return { mapping: out };
};

const TENSOR_NAME = { W: 'Weights', I: 'Inputs', O: 'Outputs' } as const;
