/**
 * The report's charts as data: for each recognised input, sections of { vega-lite spec, the mark the chart must
 * draw, a table of the same numbers }. Pure: specs are plain objects (rendered by `render.ts`), tables are
 * strings and numbers. Every axis title carries its unit.
 *
 * Sweep charts (over all sweep inputs together):
 * - Pareto front of the first two objectives (every feasible point; dominated ones faded);
 * - convergence per method: after n evaluations, the best value of the objective (one objective) or the
 *   hypervolume of the first two objectives (normalised to [0, 1] over all inputs' feasible points, reference
 *   point (1.1, 1.1)); the median over the inputs of that method (one per seed) and the band between the first
 *   and third quartiles;
 * - parallel coordinates: each parameter scaled to [0, 1] over its observed range (categories by their sorted
 *   order), Pareto points drawn over the dominated ones;
 * - energy breakdown (per inference) of the Pareto points by level, network and compute.
 */
import type { CompareInput, CompressInput, EvalInput, PruningInput, ReportInput, SweepInput, SweepRecord } from './inputs.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export type Cell = string | number;
export interface Table {
  readonly head: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<ReadonlyArray<Cell>>;
}

/** The kind of vega mark a chart must draw (the browser test looks for `g.mark-<kind>` with children). */
export type MarkKind = 'rect' | 'line' | 'symbol' | 'area';

export interface ChartSection {
  /** Unique in the report; also the file name under `--charts DIR`. */
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly marks: ReadonlyArray<MarkKind>;
  readonly table: Table;
}

/** One input's (or the sweeps') part of the report. */
export interface ReportPart {
  readonly heading: string;
  /** Provenance lines: [what, value]. */
  readonly provenance: ReadonlyArray<readonly [string, string]>;
  readonly sections: ReadonlyArray<ChartSection>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The report's parts, in input order; all sweep inputs form one part (they are compared with each other). */
export const reportParts = (inputs: ReadonlyArray<ReportInput>): ReadonlyArray<ReportPart> => {
  const parts: ReportPart[] = [];
  const sweeps: Array<{ file: string; data: SweepInput }> = [];
  inputs.forEach((inp, i) => {
    const p = `in${i + 1}`;
    switch (inp._tag) {
      case 'eval':
        parts.push(evalPart(p, inp.file, inp.data));
        break;
      case 'compare':
        parts.push(comparePart(p, inp.file, inp.data));
        break;
      case 'pruning':
        parts.push(pruningPart(p, inp.file, inp.data));
        break;
      case 'compress':
        parts.push(compressPart(p, inp.file, inp.data));
        break;
      case 'sweep':
        sweeps.push({ file: inp.file, data: inp.data });
        break;
    }
  });
  if (sweeps.length > 0) parts.push(sweepPart('sweep', sweeps));
  return parts;
};

// ---------------------------------------------------------------------------------------------------------
// eval
// ---------------------------------------------------------------------------------------------------------

const evalPart = (p: string, file: string, d: EvalInput): ReportPart => {
  const u = unitLabel(d.energyUnit);
  const pm = perMacUnit(u);
  const layers = d.layers;
  const order = layers.map((l) => l.name);
  const levels = keysOf(layers.map((l) => l.energy.byLevel));
  const byLevel = layers.flatMap((l) => [
    ...levels.map((lv) => ({ layer: l.name, component: lv, energy: l.energy.byLevel[lv] ?? 0 })),
    { layer: l.name, component: 'network', energy: l.energy.network },
    { layer: l.name, component: 'compute (MAC)', energy: l.energy.compute },
  ]);
  const tensors = keysOf(layers.map((l) => l.energy.byTensor));
  const byTensor = layers.flatMap((l) => tensors.map((tn) => ({ layer: l.name, tensor: tn, energy: l.energy.byTensor[tn] ?? 0 })));
  const components = [...levels, 'network', 'compute (MAC)'];
  return {
    heading: `eval: ${d.network} on ${d.arch}`,
    provenance: [
      ['input', `${file} (codesim eval --json)`],
      ['accelerator', `${d.arch}${d.archSource !== undefined ? ` — ${d.archSource}` : ''}`],
      ['network', d.network],
      ['energy unit', unitNote(u)],
      ...Object.entries(d.costSources).map(([k, v]) => [`cost ${k}`, v] as const),
      ['mappings', [...new Set(layers.map((l) => (typeof l.mapping === 'string' ? l.mapping : 'from the mapping file')))].join('; ')],
    ],
    sections: [
      {
        id: `${p}-eval-energy-by-level`,
        title: 'Energy per layer by storage level, network and compute',
        caption: `Stacked: each bar is a layer's energy for the batch, split by where it is spent (${u}).`,
        spec: stackedBars(byLevel, 'layer', 'energy', 'component', order, components, 'layer', `energy (${u})`, 'component'),
        marks: ['rect'],
        table: {
          head: ['layer', 'kind', 'MACs', ...levels.map((l) => `${l} (${u})`), `network (${u})`, `compute (${u})`, `total (${u})`],
          rows: layers.map((l) => [l.name, l.kind, l.macs, ...levels.map((lv) => num(l.energy.byLevel[lv] ?? 0)), num(l.energy.network), num(l.energy.compute), num(l.energy.total)]),
        },
      },
      {
        id: `${p}-eval-energy-by-tensor`,
        title: 'Energy per layer by tensor (data movement only)',
        caption: `Stacked: storage and network energy of each layer attributed to weights, inputs and outputs (${u}).`,
        spec: stackedBars(byTensor, 'layer', 'energy', 'tensor', order, tensors, 'layer', `energy (${u})`, 'tensor'),
        marks: ['rect'],
        table: {
          head: ['layer', ...tensors.map((tn) => `${tn} (${u})`)],
          rows: layers.map((l) => [l.name, ...tensors.map((tn) => num(l.energy.byTensor[tn] ?? 0))]),
        },
      },
      {
        id: `${p}-eval-energy-per-mac`,
        title: 'Energy per MAC',
        caption: `Each layer's energy divided by its MACs (${pm}); pooling and element-wise layers have no MACs and are left out.`,
        spec: bars(
          layers.filter((l) => l.macs > 0).map((l) => ({ layer: l.name, perMac: l.energy.perMac })),
          'layer',
          'perMac',
          order,
          'layer',
          `energy per MAC (${pm})`,
        ),
        marks: ['rect'],
        table: { head: ['layer', 'MACs', `energy per MAC (${pm})`], rows: layers.filter((l) => l.macs > 0).map((l) => [l.name, l.macs, num(l.energy.perMac)]) },
      },
      {
        id: `${p}-eval-cycles`,
        title: 'Cycles per layer and what bounds them',
        caption: 'Cycles = max(MAC cycles, words moved per level instance / bandwidth); the colour names the bound (compute or the level whose bandwidth limits the layer).',
        spec: {
          ...base(order.length),
          data: { values: layers.map((l) => ({ layer: l.name, cycles: l.cycles, bound: boundOf(l.bottleneck) })) },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            x: { field: 'layer', type: 'nominal', sort: order, title: 'layer', axis: axisFor(order) },
            y: { field: 'cycles', type: 'quantitative', title: 'cycles (clock cycles)' },
            color: { field: 'bound', type: 'nominal', title: 'bound by' },
          },
        },
        marks: ['rect'],
        table: { head: ['layer', 'cycles', 'bound by'], rows: layers.map((l) => [l.name, l.cycles, boundOf(l.bottleneck)]) },
      },
      {
        id: `${p}-eval-utilization`,
        title: 'PE utilization per layer',
        caption: 'MACs performed / (cycles × MAC units), in %.',
        spec: bars(layers.map((l) => ({ layer: l.name, util: Math.round(l.utilization * 1e4) / 100 })), 'layer', 'util', order, 'layer', 'utilization (%)'),
        marks: ['rect'],
        table: { head: ['layer', 'utilization (%)'], rows: layers.map((l) => [l.name, num(l.utilization * 100)]) },
      },
    ],
  };
};

// ---------------------------------------------------------------------------------------------------------
// compare-dataflows
// ---------------------------------------------------------------------------------------------------------

const comparePart = (p: string, file: string, d: CompareInput): ReportPart => {
  const u = unitLabel(d.energyUnit);
  const pm = perMacUnit(u);
  const order = d.dataflows.map((x) => x.name);
  const comps = keysOf(d.dataflows.map((x) => x.byLevel));
  const tensors = keysOf(d.dataflows.map((x) => x.byTensor));
  const kinds = d.dataflows.flatMap((x) => [
    { dataflow: x.name, layers: 'CONV', perMac: x.conv.energyPerMac, macs: x.conv.macs },
    { dataflow: x.name, layers: 'FC', perMac: x.fc.energyPerMac, macs: x.fc.macs },
  ]).filter((r) => r.macs > 0);
  return {
    heading: `compare-dataflows: ${d.network} on ${d.arch}`,
    provenance: [
      ['input', `${file} (codesim compare-dataflows --json)`],
      ['accelerator', d.arch],
      ['network', `${d.network}${d.batch !== undefined ? `, batch ${d.batch}` : ''}`],
      ['mapper', `${d.strategy ?? 'heuristic'}, objective ${d.objective ?? 'energy'}`],
      ['energy unit', unitNote(u)],
    ],
    sections: [
      {
        id: `${p}-compare-by-level`,
        title: 'Energy per MAC of each dataflow, by level (ISCA 2016 Figure-style)',
        caption: `All MAC layers together; stacked by storage level, network and compute (${pm}).`,
        spec: stackedBars(
          d.dataflows.flatMap((x) => comps.map((c) => ({ dataflow: x.name, component: c, perMac: x.byLevel[c] ?? 0 }))),
          'dataflow',
          'perMac',
          'component',
          order,
          comps,
          'dataflow',
          `energy per MAC (${pm})`,
          'component',
        ),
        marks: ['rect'],
        table: {
          head: ['dataflow', ...comps.map((c) => `${c} (${pm})`), `total (${pm})`],
          rows: d.dataflows.map((x) => [x.name, ...comps.map((c) => num(x.byLevel[c] ?? 0)), num(x.energyPerMac)]),
        },
      },
      {
        id: `${p}-compare-by-tensor`,
        title: 'Energy per MAC of each dataflow, by tensor',
        caption: `Data-movement energy per MAC attributed to weights, inputs and outputs (${pm}).`,
        spec: stackedBars(
          d.dataflows.flatMap((x) => tensors.map((tn) => ({ dataflow: x.name, tensor: tn, perMac: x.byTensor[tn] ?? 0 }))),
          'dataflow',
          'perMac',
          'tensor',
          order,
          tensors,
          'dataflow',
          `energy per MAC (${pm})`,
          'tensor',
        ),
        marks: ['rect'],
        table: { head: ['dataflow', ...tensors.map((tn) => `${tn} (${pm})`)], rows: d.dataflows.map((x) => [x.name, ...tensors.map((tn) => num(x.byTensor[tn] ?? 0))]) },
      },
      {
        id: `${p}-compare-conv-fc`,
        title: 'CONV and FC layers separately',
        caption: `Energy per MAC over the CONV layers and over the FC layers of the network (${pm}).`,
        spec: {
          ...base(order.length * 2),
          data: { values: kinds },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            x: { field: 'dataflow', type: 'nominal', sort: order, title: 'dataflow', axis: axisFor(order) },
            xOffset: { field: 'layers', type: 'nominal' },
            y: { field: 'perMac', type: 'quantitative', title: `energy per MAC (${pm})` },
            color: { field: 'layers', type: 'nominal', title: 'layers' },
          },
        },
        marks: ['rect'],
        table: { head: ['dataflow', 'layers', 'MACs', `energy per MAC (${pm})`], rows: kinds.map((k) => [k.dataflow, k.layers, k.macs, num(k.perMac)]) },
      },
    ],
  };
};

// ---------------------------------------------------------------------------------------------------------
// compare-pruning and compress
// ---------------------------------------------------------------------------------------------------------

const pruningPart = (p: string, file: string, d: PruningInput): ReportPart => {
  const u = unitLabel(d.energyUnit ?? 'energy units');
  const asPct = (a: number, all: ReadonlyArray<number>): number => (all.every((x) => x <= 1) ? a * 100 : a);
  const totalOf = (e: number | { total: number } | undefined): number | undefined => (e === undefined ? undefined : typeof e === 'number' ? e : e.total);
  const accs = [d.baseline.accuracy, ...d.methods.map((m) => m.accuracy), ...(d.curves ?? []).flatMap((c) => c.points.map((q) => q.accuracy))];
  const curveRows = (d.curves ?? []).flatMap((c, i) =>
    c.points.map((q) => ({ method: c.method ?? c.name ?? `curve ${i + 1}`, accuracy: asPct(q.accuracy, accs), energy: totalOf(q.energy) ?? 0, weightsKept: q.weightsKept !== undefined ? pct(q.weightsKept) : q.sparsity !== undefined ? pct(1 - q.sparsity) : null })),
  );
  const rows = curveRows.length > 0 ? curveRows : d.methods.map((m) => ({ method: m.name, accuracy: asPct(m.accuracy, accs), energy: m.energy.total, weightsKept: m.weightsKept !== undefined ? pct(m.weightsKept) : null }));
  const baseE = totalOf(d.baseline.energy);
  const levels = keysOf(d.methods.map((m) => m.energy.byLevel ?? {}));
  const methodOrder = d.methods.map((m) => m.name);
  const sections: ChartSection[] = [
    {
      id: `${p}-pruning-curves`,
      title: 'Energy vs accuracy per pruning method',
      caption: `Each method over its target sparsities: energy per inference on the accelerator (${u}) against held-out accuracy (%).${baseE !== undefined ? ' The unpruned baseline is the black point.' : ''}`,
      spec: {
        ...base(10),
        layer: [
          { data: { values: rows }, mark: { type: 'line', point: true, tooltip: true }, encoding: { x: { field: 'accuracy', type: 'quantitative', title: 'accuracy (%)', scale: { zero: false } }, y: { field: 'energy', type: 'quantitative', title: `energy per inference (${u})` }, color: { field: 'method', type: 'nominal', title: 'method' }, order: { field: 'accuracy' } } },
          ...(baseE !== undefined
            ? [{ data: { values: [{ accuracy: asPct(d.baseline.accuracy, accs), energy: baseE, method: 'baseline' }] }, mark: { type: 'point', filled: true, color: 'black', size: 80 }, encoding: { x: { field: 'accuracy', type: 'quantitative' }, y: { field: 'energy', type: 'quantitative' } } }]
            : []),
        ],
      },
      marks: ['line', 'symbol'],
      table: { head: ['method', 'weights kept (%)', 'accuracy (%)', `energy (${u})`], rows: rows.map((r) => [r.method, r.weightsKept === null ? '' : num(r.weightsKept), num(r.accuracy), num(r.energy)]) },
    },
    {
      id: `${p}-pruning-methods`,
      title: `Energy of each method at the accuracy budget${d.accuracyBudget !== undefined ? ` (−${d.accuracyBudget} points)` : ''}`,
      caption: levels.length > 0 ? `Stacked by storage level (${u}).` : `Total energy per inference (${u}).`,
      spec:
        levels.length > 0
          ? stackedBars(d.methods.flatMap((m) => levels.map((l) => ({ method: m.name, component: l, energy: m.energy.byLevel?.[l] ?? 0 }))), 'method', 'energy', 'component', methodOrder, levels, 'method', `energy per inference (${u})`, 'component')
          : bars(d.methods.map((m) => ({ method: m.name, energy: m.energy.total })), 'method', 'energy', methodOrder, 'method', `energy per inference (${u})`),
      marks: ['rect'],
      table: {
        head: ['method', 'accuracy (%)', 'weights kept (%)', 'MACs kept (%)', `energy (${u})`],
        rows: d.methods.map((m) => [m.name, num(asPct(m.accuracy, accs)), m.weightsKept === undefined ? '' : num(pct(m.weightsKept)), m.macsKept === undefined ? '' : num(pct(m.macsKept)), num(m.energy.total)]),
      },
    },
  ];
  return {
    heading: `compare-pruning: ${d.network}${d.arch !== undefined ? ` on ${d.arch}` : ''}`,
    provenance: [
      ['input', `${file} (codesim compare-pruning --json)`],
      ...(d.arch !== undefined ? [['accelerator', `${d.arch}${d.archSource !== undefined ? ` — ${d.archSource}` : ''}`] as const] : []),
      ['network', d.network],
      ...(d.data !== undefined ? [['data', d.data] as const] : []),
      ...(d.savingsSupport !== undefined ? [['what the accelerator saves', d.savingsSupport.join('; ')] as const] : []),
      ['baseline accuracy', `${num(asPct(d.baseline.accuracy, accs))} %`],
      ...(d.seed !== undefined ? [['seed', String(d.seed)] as const] : []),
      ['energy unit', unitNote(u)],
      ...Object.entries(d.costSources ?? {}).map(([k, v]) => [`cost ${k}`, v] as const),
    ],
    sections,
  };
};

const compressPart = (p: string, file: string, d: CompressInput): ReportPart => {
  const u = unitLabel(d.energyUnit ?? 'energy units');
  const order = d.stages.map((s) => s.name);
  const first = d.stages[0]?.energy.total ?? 0;
  const rows = d.stages.map((s) => ({
    stage: s.name,
    energy: s.energy.total,
    savings: s.savings ?? null,
    cumulative: s.cumulativeSavings ?? (s.energy.total > 0 ? first / s.energy.total : null),
  }));
  return {
    heading: `compress: ${d.network ?? 'pipeline'}${d.arch !== undefined ? ` on ${d.arch}` : ''}`,
    provenance: [
      ['input', `${file} (codesim compress --json)`],
      ...(d.arch !== undefined ? [['accelerator', `${d.arch}${d.archSource !== undefined ? ` — ${d.archSource}` : ''}`] as const] : []),
      ...(d.network !== undefined ? [['network', d.network] as const] : []),
      ...(d.pipeline !== undefined ? [['pipeline', d.pipeline] as const] : []),
      ...(d.data !== undefined ? [['data', d.data] as const] : []),
      ...(d.savingsSupport !== undefined ? [['what the accelerator saves', d.savingsSupport.join('; ')] as const] : []),
      ...(d.seed !== undefined ? [['seed', String(d.seed)] as const] : []),
      ['energy unit', unitNote(u)],
      ...Object.entries(d.costSources ?? {}).map(([k, v]) => [`cost ${k}`, v] as const),
    ],
    sections: [
      {
        id: `${p}-compress-stages`,
        title: 'Energy after each compression stage',
        caption: `Energy per inference on the accelerator after each stage, in pipeline order (${u}).`,
        spec: bars(rows.map((r) => ({ stage: r.stage, energy: r.energy })), 'stage', 'energy', order, 'stage', `energy per inference (${u})`),
        marks: ['rect'],
        table: {
          head: ['stage', 'accuracy (%)', 'weights kept (%)', `energy (${u})`, 'saving of this stage (×)', 'cumulative saving (×)'],
          rows: d.stages.map((s, i) => [s.name, num(pct(s.accuracy)), s.weightsKept === undefined ? '' : num(pct(s.weightsKept)), num(s.energy.total), rows[i]?.savings === null ? '' : num(rows[i]?.savings ?? 0), rows[i]?.cumulative === null ? '' : num(rows[i]?.cumulative ?? 0)]),
        },
      },
      {
        id: `${p}-compress-savings`,
        title: 'Cumulative energy saving per stage',
        caption: 'Energy of the first stage / energy after this stage (×; higher is better).',
        spec: {
          ...base(order.length),
          data: { values: rows.filter((r) => r.cumulative !== null) },
          mark: { type: 'line', point: true, tooltip: true },
          encoding: { x: { field: 'stage', type: 'ordinal', sort: order, title: 'stage', axis: axisFor(order) }, y: { field: 'cumulative', type: 'quantitative', title: 'cumulative saving (× vs the first stage)' } },
        },
        marks: ['line'],
        table: { head: ['stage', 'cumulative saving (×)'], rows: rows.map((r) => [r.stage, r.cumulative === null ? '' : num(r.cumulative)]) },
      },
    ],
  };
};

// ---------------------------------------------------------------------------------------------------------
// sweeps
// ---------------------------------------------------------------------------------------------------------

/** The value of an objective in a record (undefined when the point has none: infeasible or failed). */
export const objectiveValue = (o: string, r: SweepRecord): number | undefined => {
  if (o === 'area') return r.areaMm2;
  const m = r.metrics;
  if (r.status !== 'ok' || m === undefined) return undefined;
  switch (o) {
    case 'energy':
      return m.energy;
    case 'latency':
      return m.latencyUs;
    case 'cycles':
      return m.cycles;
    case 'edp':
      return m.edp;
    case 'energyPerMac':
      return m.energyPerMac;
    default:
      return undefined;
  }
};

export const objectiveUnit = (o: string, energyUnit: string): string =>
  o === 'energy' ? `${energyUnit} per inference` : o === 'energyPerMac' ? `${energyUnit}/MAC` : o === 'cycles' ? 'cycles' : o === 'latency' ? 'µs' : o === 'edp' ? `${energyUnit}·cycles` : o === 'area' ? 'mm²' : '';

/** Indices of the non-dominated vectors (all objectives minimised; equal vectors are all kept). */
export const paretoIndices = (pts: ReadonlyArray<ReadonlyArray<number>>): ReadonlyArray<number> =>
  pts.flatMap((a, i) => (pts.some((b) => b.every((v, k) => v <= a[k]!) && b.some((v, k) => v < a[k]!)) ? [] : [i]));

/**
 * Hypervolume dominated by 2-D points (minimisation) up to the reference point `ref`; points beyond it add
 * nothing. Exact: sort by the first coordinate and sum the staircase rectangles.
 */
export const hypervolume2 = (pts: ReadonlyArray<readonly [number, number]>, ref: readonly [number, number]): number => {
  const inside = pts.filter(([x, y]) => x < ref[0] && y < ref[1]).slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let hv = 0;
  let bestY = ref[1];
  for (const [x, y] of inside) {
    if (y < bestY) {
      hv += (ref[0] - x) * (bestY - y);
      bestY = y;
    }
  }
  return hv;
};

/**
 * First quartile, median and third quartile by linear interpolation between order statistics (type 7, as
 * `optimize`'s `quantile`; not imported from there so that `eval`, which loads this module, does not load the
 * optimizer).
 */
export const quartilesOf = (xs: ReadonlyArray<number>): { readonly q25: number; readonly median: number; readonly q75: number } => {
  const s = xs.slice().sort((a, b) => a - b);
  const q = (p: number): number => {
    if (s.length === 0) return NaN;
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.ceil(h);
    return s[lo]! + (s[hi]! - s[lo]!) * (h - lo);
  };
  return { q25: q(0.25), median: q(0.5), q75: q(0.75) };
};

const sweepPart = (p: string, sweeps: ReadonlyArray<{ file: string; data: SweepInput }>): ReportPart => {
  const meta0 = sweeps[0]!.data.meta;
  const objectives = meta0.objectives;
  const all = uniqueById(sweeps.flatMap((s) => s.data.records));
  const energyUnit = all.find((r) => r.metrics !== undefined)?.metrics?.energyUnit ?? 'energy units';
  const eu = unitLabel(energyUnit);
  const axis = (o: string): string => `${o} (${objectiveUnit(o, eu)})`;
  const feasible = all.filter((r) => objectives.every((o) => objectiveValue(o, r) !== undefined));
  const vecs = feasible.map((r) => objectives.map((o) => objectiveValue(o, r)!));
  const pareto = new Set(paretoIndices(vecs).map((i) => feasible[i]!.id));
  const paramNames = [...new Set(sweeps.flatMap((s) => s.data.meta.parameters.map((x) => x.name)))];
  const sections: ChartSection[] = [];
  const o0 = objectives[0] ?? 'energy';
  const o1 = objectives[1];

  // Pareto front
  const ptRows = feasible.map((r) => ({
    id: r.id,
    x: o1 !== undefined ? objectiveValue(o0, r)! : r.index,
    y: o1 !== undefined ? objectiveValue(o1, r)! : objectiveValue(o0, r)!,
    set: pareto.has(r.id) ? 'Pareto-optimal' : 'dominated',
    ...Object.fromEntries(paramNames.map((n) => [n, r.params[n] ?? ''])),
  }));
  const front = ptRows.filter((r) => r.set === 'Pareto-optimal').sort((a, b) => a.x - b.x);
  const logX = o1 !== undefined && spansDecades(ptRows.map((r) => r.x));
  const logY = spansDecades(ptRows.map((r) => r.y));
  sections.push({
    id: `${p}-pareto`,
    title: o1 !== undefined ? `Pareto front: ${o0} vs ${o1}` : `${o0} of every evaluated point`,
    caption: `${feasible.length} feasible points of ${all.length} (${all.filter((r) => r.status === 'infeasible').length} infeasible, ${all.filter((r) => r.status === 'failed').length} failed); ${pareto.size} Pareto-optimal (over ${objectives.join(', ')}), dominated points faded.${logX || logY ? ' Log scale where values span more than a decade.' : ''}`,
    spec: {
      ...base(10),
      layer: [
        {
          data: { values: ptRows },
          mark: { type: 'point', filled: true, size: 60, tooltip: { content: 'data' } },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: o1 !== undefined ? axis(o0) : 'evaluation (ask order)', scale: logX ? { type: 'log' } : { zero: false } },
            y: { field: 'y', type: 'quantitative', title: axis(o1 ?? o0), scale: logY ? { type: 'log' } : { zero: false } },
            color: { field: 'set', type: 'nominal', title: 'point', scale: { domain: ['Pareto-optimal', 'dominated'], range: ['#d62728', '#7f7f7f'] } },
            opacity: { condition: { test: "datum.set === 'Pareto-optimal'", value: 1 }, value: 0.25 },
          },
        },
        ...(o1 !== undefined && front.length > 1 ? [{ data: { values: front }, mark: { type: 'line', color: '#d62728', interpolate: 'step-after', strokeWidth: 1.5 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } }] : []),
      ],
    },
    marks: ['symbol'],
    table: {
      head: ['id', ...paramNames, ...objectives.map(axis)],
      rows: feasible.filter((r) => pareto.has(r.id)).map((r) => [r.id, ...paramNames.map((n) => r.params[n] ?? ''), ...objectives.map((o) => num(objectiveValue(o, r)!))]),
    },
  });

  // Convergence per method over seeds
  const mins = objectives.slice(0, 2).map((_, k) => Math.min(...vecs.map((v) => v[k]!)));
  const maxs = objectives.slice(0, 2).map((_, k) => Math.max(...vecs.map((v) => v[k]!)));
  const norm = (v: number, k: number): number => (maxs[k]! > mins[k]! ? (v - mins[k]!) / (maxs[k]! - mins[k]!) : 0);
  const curveOf = (recs: ReadonlyArray<SweepRecord>): number[] => {
    const sorted = recs.slice().sort((a, b) => a.index - b.index);
    const out: number[] = [];
    const seen: Array<readonly [number, number]> = [];
    let best = Infinity;
    for (const r of sorted) {
      const vs = objectives.map((o) => objectiveValue(o, r));
      if (o1 === undefined) {
        const v = vs[0];
        if (v !== undefined && v < best) best = v;
        out.push(best);
      } else {
        if (vs[0] !== undefined && vs[1] !== undefined) seen.push([norm(vs[0], 0), norm(vs[1], 1)]);
        out.push(hypervolume2(seen, [1.1, 1.1]));
      }
    }
    return out;
  };
  const byMethod = new Map<string, number[][]>();
  for (const s of sweeps) {
    const m = s.data.meta.method;
    byMethod.set(m, [...(byMethod.get(m) ?? []), curveOf(s.data.records)]);
  }
  const convRows = [...byMethod.entries()].flatMap(([method, curves]) => {
    const n = Math.max(...curves.map((c) => c.length));
    return Array.from({ length: n }, (_, i) => {
      const vals = curves.map((c) => c[i]).filter((v): v is number => v !== undefined && Number.isFinite(v));
      const q = quartilesOf(vals);
      return { method, evaluations: i + 1, q1: q.q25, median: q.median, q3: q.q75, seeds: vals.length };
    }).filter((r) => r.seeds > 0);
  });
  const convTitle = o1 === undefined ? `best ${axis(o0)}` : `hypervolume of ${o0} × ${o1}`;
  sections.push({
    id: `${p}-convergence`,
    title: 'Convergence per method',
    caption: `${o1 === undefined ? `Best ${o0} found` : `Hypervolume dominated by the points found (each objective scaled to [0, 1] over all feasible points of these inputs; reference point (1.1, 1.1))`} after n evaluations: median over seeds (line) and interquartile band (${[...byMethod.entries()].map(([m, c]) => `${m}: ${c.length} seed${c.length > 1 ? 's' : ''}`).join(', ')}).`,
    spec: {
      ...base(10),
      data: { values: convRows },
      encoding: {
        x: { field: 'evaluations', type: 'quantitative', title: 'evaluations (points)' },
        color: { field: 'method', type: 'nominal', title: 'method' },
      },
      layer: [
        { mark: { type: 'area', opacity: 0.2 }, encoding: { y: { field: 'q1', type: 'quantitative', title: o1 === undefined ? convTitle : 'hypervolume (unitless, 0–1.21)', scale: { zero: false } }, y2: { field: 'q3' } } },
        { mark: { type: 'line', tooltip: true }, encoding: { y: { field: 'median', type: 'quantitative' } } },
      ],
    },
    marks: ['area', 'line'],
    table: {
      head: ['method', 'seeds', 'evaluations', `${convTitle}: q1`, 'median', 'q3'],
      rows: [...byMethod.entries()].flatMap(([method, curves]) => {
        const rs = convRows.filter((r) => r.method === method);
        const last = rs[rs.length - 1];
        const mid = rs[Math.floor((rs.length - 1) / 2)];
        return [mid, last].filter((r): r is NonNullable<typeof r> => r !== undefined).filter((r, i, a) => a.indexOf(r) === i).map((r) => [method, curves.length, r.evaluations, num(r.q1), num(r.median), num(r.q3)]);
      }),
    },
  });

  // Parallel coordinates
  const scaleOf = (n: string): ((v: number | string | undefined) => number) => {
    const vals = [...new Set(all.map((r) => r.params[n]).filter((v): v is number | string => v !== undefined))];
    if (vals.every((v) => typeof v === 'number')) {
      const ns = vals as number[];
      const lo = Math.min(...ns);
      const hi = Math.max(...ns);
      return (v) => (typeof v === 'number' ? (hi > lo ? (v - lo) / (hi - lo) : 0.5) : 0);
    }
    const cats = vals.map(String).sort();
    return (v) => (cats.length > 1 ? cats.indexOf(String(v)) / (cats.length - 1) : 0.5);
  };
  const ranges = paramNames.map((n) => {
    const vals = [...new Set(all.map((r) => r.params[n]).filter((v) => v !== undefined))];
    const nums = vals.filter((v): v is number => typeof v === 'number');
    return nums.length === vals.length && nums.length > 0 ? `${n} [${Math.min(...nums)}–${Math.max(...nums)}]` : `${n} [${vals.map(String).sort().join('|')}]`;
  });
  const scales = paramNames.map(scaleOf);
  // Pareto points last, so their lines are drawn over the others.
  const pcOrder = [...all.filter((r) => !pareto.has(r.id)), ...all.filter((r) => pareto.has(r.id))];
  const pcRows = pcOrder.flatMap((r) =>
    paramNames.map((n, k) => ({ id: r.id, parameter: ranges[k]!, k, value: scales[k]!(r.params[n]), set: pareto.has(r.id) ? 'Pareto-optimal' : r.status === 'ok' ? 'dominated' : r.status })),
  );
  sections.push({
    id: `${p}-parallel`,
    title: 'Parameters of every point (parallel coordinates)',
    caption: 'One line per evaluated point across its parameters, each scaled to [0, 1] over the values seen (range in the axis label; categories in sorted order). Pareto-optimal points in red, drawn over the others.',
    spec: {
      ...base(Math.max(10, paramNames.length * 2)),
      data: { values: pcRows },
      mark: { type: 'line', strokeWidth: 1.2 },
      encoding: {
        x: { field: 'parameter', type: 'nominal', sort: ranges, title: 'parameter [observed range]', axis: axisFor(ranges) },
        y: { field: 'value', type: 'quantitative', title: 'scaled value (0–1 of range)', scale: { domain: [0, 1] } },
        detail: { field: 'id', type: 'nominal' },
        color: { field: 'set', type: 'nominal', title: 'point', scale: { domain: ['Pareto-optimal', 'dominated', 'infeasible', 'failed'], range: ['#d62728', '#7f7f7f', '#ff7f0e', '#1f77b4'] } },
        opacity: { condition: { test: "datum.set === 'Pareto-optimal'", value: 0.95 }, value: 0.2 },
        order: { field: 'k', type: 'quantitative' },
      },
    },
    marks: ['line'],
    table: {
      head: ['parameter', 'values seen', 'points'],
      rows: paramNames.map((n) => [n, sortValues([...new Set(all.map((r) => r.params[n]).filter((v): v is number | string => v !== undefined))]).join(', '), all.filter((r) => r.params[n] !== undefined).length]),
    },
  });

  // Energy breakdown of the Pareto points
  const pts = feasible.filter((r) => pareto.has(r.id) && r.metrics !== undefined).sort((a, b) => (objectiveValue(o0, a) ?? 0) - (objectiveValue(o0, b) ?? 0));
  const levels = keysOf(pts.map((r) => r.metrics!.byLevel));
  const comps = [...levels, 'network', 'compute (MAC)'];
  const perInf = (r: SweepRecord): number => {
    const m = r.metrics!;
    const tot = levels.reduce((a, l) => a + (m.byLevel[l] ?? 0), 0) + m.network + m.compute;
    return tot > 0 ? m.energy / tot : 1;
  };
  const label = (r: SweepRecord): string => paramNames.map((n) => `${n}=${r.params[n] ?? ''}`).join(' ');
  const bd = pts.flatMap((r) => {
    const f = perInf(r);
    return [...levels.map((l) => ({ point: label(r), component: l, energy: (r.metrics!.byLevel[l] ?? 0) * f })), { point: label(r), component: 'network', energy: r.metrics!.network * f }, { point: label(r), component: 'compute (MAC)', energy: r.metrics!.compute * f }];
  });
  sections.push({
    id: `${p}-pareto-energy`,
    title: 'Energy breakdown of the Pareto points',
    caption: `Energy per inference of each Pareto-optimal point (sorted by ${o0}), by storage level, network and compute (${eu}).`,
    spec: {
      ...stackedBars(bd, 'point', 'energy', 'component', pts.map(label), comps, 'Pareto point (parameters)', `energy per inference (${eu})`, 'component'),
      width: Math.max(400, Math.min(900, pts.length * 36)),
    },
    marks: ['rect'],
    table: {
      head: ['id', ...paramNames, ...comps.map((c) => `${c} (${eu})`), `total (${eu})`],
      rows: pts.map((r) => {
        const f = perInf(r);
        const m = r.metrics!;
        return [r.id, ...paramNames.map((n) => r.params[n] ?? ''), ...levels.map((l) => num((m.byLevel[l] ?? 0) * f)), num(m.network * f), num(m.compute * f), num(m.energy)];
      }),
    },
  });

  return {
    heading: `sweep: ${[...new Set(sweeps.map((s) => s.data.meta.name))].join(', ')}`,
    provenance: [
      ...sweeps.map((s) => [`input`, `${s.file}: ${s.data.meta.name}, method ${s.data.meta.method}, seed ${s.data.meta.seed}, ${s.data.records.length} points`] as const),
      ...(meta0.base?.arch !== undefined ? [['accelerator', meta0.base.arch] as const] : []),
      ...(meta0.provenance?.arch !== undefined ? [['accelerator name', meta0.provenance.arch] as const] : []),
      ...(meta0.provenance?.archSource !== undefined ? [['accelerator source', meta0.provenance.archSource] as const] : []),
      ...Object.entries(meta0.provenance?.costSources ?? {}).map(([k, v]) => [`cost ${k}`, v] as const),
      ...(meta0.base?.network !== undefined ? [['network', meta0.base.network] as const] : []),
      ['objectives', objectives.join(', ') + ' (minimised)'],
      ['energy unit', unitNote(eu)],
      ...(feasible.length === 0
        ? [['note', `no feasible point (${all.filter((r) => r.status === 'infeasible').length} infeasible, ${all.filter((r) => r.status === 'failed').length} failed, ${all.length - all.filter((r) => r.status !== 'ok').length} without every objective): the Pareto front, convergence and energy charts are left out`] as const]
        : []),
    ],
    // Without a feasible point only the parameters can be drawn (the other charts would have empty domains).
    sections: feasible.length === 0 ? sections.filter((x) => x.id === `${p}-parallel`) : sections,
  };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** A fraction in [0, 1] as a percentage (values above 1 are taken as percentages already). */
const pct = (f: number): number => (f <= 1 ? f * 100 : f);

/** `MAC-normalized` reads as "×MAC (energy of one 16-bit MAC)". */
export const unitLabel = (u: string): string => (u === 'MAC-normalized' ? '×MAC' : u);

/** The unit of an energy per MAC: `pJ/MAC`, or `×MAC per MAC` for normalized energies. */
const perMacUnit = (u: string): string => (u === '×MAC' ? '×MAC per MAC' : `${u}/MAC`);

const unitNote = (u: string): string => (u === '×MAC' ? '×MAC = multiples of the energy of one 16-bit MAC (ISCA 2016 Table IV normalization)' : u);

const base = (n: number): Record<string, unknown> => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: Math.max(360, Math.min(760, n * 48)),
  height: 260,
  background: 'white',
  config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260, symbolOpacity: 1 } },
});

const bars = (rows: ReadonlyArray<object>, x: string, y: string, order: ReadonlyArray<string>, xTitle: string, yTitle: string): Record<string, unknown> => ({
  ...base(order.length),
  data: { values: rows },
  mark: { type: 'bar', tooltip: true },
  encoding: {
    x: { field: x, type: 'nominal', sort: order, title: xTitle, axis: axisFor(order) },
    y: { field: y, type: 'quantitative', title: yTitle },
  },
});

const stackedBars = (
  rows: ReadonlyArray<object>,
  x: string,
  y: string,
  color: string,
  order: ReadonlyArray<string>,
  colorOrder: ReadonlyArray<string>,
  xTitle: string,
  yTitle: string,
  colorTitle: string,
): Record<string, unknown> => ({
  ...base(order.length),
  data: { values: rows },
  transform: [{ calculate: `indexof(${JSON.stringify(colorOrder)}, datum.${color})`, as: '_stack' }],
  mark: { type: 'bar', tooltip: true },
  encoding: {
    x: { field: x, type: 'nominal', sort: order, title: xTitle, axis: axisFor(order) },
    y: { field: y, type: 'quantitative', title: yTitle, stack: 'zero' },
    color: { field: color, type: 'nominal', title: colorTitle, sort: colorOrder },
    order: { field: '_stack', type: 'quantitative' },
  },
});

/** Horizontal labels when they fit under their bars (short and few), else slanted; never cut. */
const axisFor = (labels: ReadonlyArray<string>): Record<string, unknown> => {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  const w = Math.max(360, Math.min(760, labels.length * 48)) / Math.max(1, labels.length);
  return longest * 6.5 <= w ? { labelAngle: 0, labelLimit: 0 } : { labelAngle: -35, labelLimit: 0 };
};

/** Numbers ascending, then strings in order. */
const sortValues = (vs: ReadonlyArray<number | string>): string[] =>
  [...vs].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : typeof a === 'number' ? -1 : typeof b === 'number' ? 1 : a < b ? -1 : a > b ? 1 : 0)).map(String);

const keysOf = (rs: ReadonlyArray<Readonly<Record<string, number>>>): string[] => [...new Set(rs.flatMap((r) => Object.keys(r)))];

const boundOf = (b: string | null | undefined): string => (b === null || b === undefined || b === '' ? 'compute' : b === 'compute' || b === 'MAC' ? 'compute' : `${b} bandwidth`);

const spansDecades = (xs: ReadonlyArray<number>): boolean => {
  const pos = xs.filter((x) => x > 0);
  return pos.length === xs.length && pos.length > 1 && Math.max(...pos) / Math.min(...pos) > 10;
};

const uniqueById = (rs: ReadonlyArray<SweepRecord>): SweepRecord[] => {
  const seen = new Set<string>();
  return rs.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
};

/** A number for a table: 4 significant digits, exact integers as they are. */
export const num = (v: number): Cell => (Number.isInteger(v) ? v : Number.isFinite(v) ? Number(v.toPrecision(4)) : String(v));
