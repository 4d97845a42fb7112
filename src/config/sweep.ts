/**
 * The sweep file format (YAML, already parsed to `unknown`) and its pure decoder `decodeSweep` / encoder
 * `encodeSweep` (decode ∘ encode is the identity, property-tested). io-ts codecs with excess-key checks, then
 * semantic checks collecting every issue with its path.
 *
 * ## Format
 * ```yaml
 * name: eyeriss-hw                          # required
 * base:
 *   arch: ../configs/eyeriss.yaml           # accelerator file, relative to the sweep file
 *   network: alexnet                        # zoo name or network YAML (relative to the sweep file)
 *   batch: 1                                # optional (1)
 *   dataflow: row-stationary                # optional: a dataflow of the arch file (default its first; `any`)
 * mapper: { strategy: heuristic, objective: energy, seed: 1, warmStart: false, samples: 1000, climbs: 60 }  # optional
 * parameters:                               # 1 or more; exactly one domain key each
 *   - { name: peX, path: arch.pe.x, integer: [8, 16] }
 *   - { name: glbKB, path: arch.levels.GLB.capacityWords, values: [64, 108, 128], scale: 512 }  # value × scale
 *   - { name: dataflow, path: dataflow, categories: [row-stationary, weight-stationary] }
 *   - { name: lr, path: train.learningRate, continuous: [1e-4, 1e-1], log: true }
 * derived: ["peX * peY <= 256", "rfW + rfI + rfO <= 260"]   # optional: constraints between parameters
 * objectives: [energy, latency]             # 1–3 of energy | energyPerMac | cycles | latency | edp | area | error
 * constraints:                              # optional; a-priori metrics never cost an evaluation
 *   - { metric: areaMm2, max: 12 }
 *   - { metric: accuracy, min: 0.98 }       # black-box: known only after the evaluation
 * method: bo                                # grid | random | nsga2 | bo | hw-ieci
 * budget: 40                                # points to evaluate (grid: at most the grid)
 * batch: 2                                  # optional (1): points in flight
 * seed: 1                                   # optional (1)
 * training:                                 # needed by the error objective and accuracy / error constraints
 *   { epochs: 2, trainLimit: 1000, testLimit: 500, seed: 1, optimizer: adam,     # seed (1), optimizer (adam) optional
 *     learningRate: 0.001, batchSize: 32, weightDecay: 0,                         # optional (the trainer's defaults)
 *     pruneSteps: 1, retrainEpochs: 1 }     # optional (1, 1): the compression pipeline's magnitude-prune steps and
 *                                           #   retraining epochs per step; in a sweep that varies net.density.weights,
 *                                           #   EVERY point trains epochs + pruneSteps × retrainEpochs
 * ```
 *
 * ## Parameter paths
 * | path | what it sets |
 * |---|---|
 * | `arch.pe.x`, `arch.pe.y` | the PE array's columns / rows: the compute mesh and every level whose mesh equals it |
 * | `arch.<key>.<key>…` | any value of the accelerator document; `levels.<NAME>` picks a level by name (`arch.levels.GLB.capacityWords`, `arch.levels.RF.partitionWords.weights`) |
 * | `dataflow` | a dataflow of the accelerator file by name (categorical), or `any` |
 * | `net.batch` | the batch size of every layer |
 * | `net.widthMultiplier` | channels / hidden units of every MAC layer but the last, × the value (rounded, ≥ 1) |
 * | `net.bits.<tensor>`, `net.density.<tensor>` | every MAC layer's bit width / density of `weights`, `inputs` or `outputs` |
 * | `net.layers.<NAME>.outChannels` (or `outFeatures`) | one layer's filters / hidden units (its consumers follow) |
 * | `net.layers.<NAME>.bits.<tensor>`, `….density.<tensor>` | one layer's annotation |
 * | `train.<name>` | a training hyper-parameter: `epochs`, `learningRate`, `batchSize`, `weightDecay`, `optimizer` (categorical `adam` / `sgd`) |
 *
 * @example decodeSweep(YAML.parse(text)) // Right(spec) or Left([{ path: ['parameters', 0, 'integer'], message }])
 */
import * as E from 'fp-ts/lib/Either.js';
import { Bool, isRecord, listOf, Name, oneOf, pairOf, PositiveInt, refinedNumber, strictStruct, Text } from './codecs.js';
import { parseConstraint, type Constraint } from './expr.js';
import { configIssue, issuesFromErrors, showValue, type ConfigIssue } from './issue.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A parameter's domain. Continuous domains may be searched on a log scale. */
export type SweepDomain =
  | { readonly _tag: 'Integer'; readonly lower: number; readonly upper: number }
  | { readonly _tag: 'Ordinal'; readonly values: ReadonlyArray<number> }
  | { readonly _tag: 'Categorical'; readonly values: ReadonlyArray<string> }
  | { readonly _tag: 'Continuous'; readonly lower: number; readonly upper: number; readonly log: boolean };

export interface SweepParameter {
  readonly name: string;
  /** Where the value goes (see the module doc). */
  readonly path: string;
  readonly domain: SweepDomain;
  /** The design value is `value × scale` (e.g. kB → 512 16-bit words). 1 by default. */
  readonly scale: number;
}

export const OBJECTIVES = ['energy', 'energyPerMac', 'cycles', 'latency', 'edp', 'area', 'error'] as const;
/** A minimized objective: energy per inference, per MAC, cycles, latency (µs), EDP, area (mm²), error. */
export type ObjectiveName = (typeof OBJECTIVES)[number];

export const METRICS = ['energy', 'energyPerMac', 'cycles', 'latencyUs', 'edp', 'areaMm2', 'onChipKB', 'weightMemoryBits', 'macs', 'powerMW', 'accuracy', 'error'] as const;
export type MetricName = (typeof METRICS)[number];
/**
 * Metrics computable before an evaluation (from the parameters alone): these constraints never cost one.
 * `onChipKB` is the design's on-chip storage capacity, Σ over on-chip levels of instances × capacity (kB =
 * 1,024 bytes) — with PEs, the resources the Eyeriss group's benchmarking normalizes by (eyeriss.mit.edu).
 */
export const A_PRIORI_METRICS: ReadonlyArray<MetricName> = ['areaMm2', 'onChipKB', 'weightMemoryBits', 'macs'];

/** `metric ≤ max` and/or `metric ≥ min`. */
export interface MetricConstraint {
  readonly metric: MetricName;
  readonly max?: number;
  readonly min?: number;
}

export const METHODS = ['grid', 'random', 'nsga2', 'bo', 'hw-ieci'] as const;
export type SweepMethod = (typeof METHODS)[number];

export interface SweepMapper {
  readonly strategy: 'heuristic' | 'exhaustive';
  readonly objective: 'energy' | 'delay' | 'edp';
  readonly seed: number;
  /** Start each layer's search from a neighbouring point's mapping when it is valid (faster; results then depend on scheduling). */
  readonly warmStart: boolean;
  /** Heuristic effort: random samples and descents per layer (the mapper's defaults when absent). */
  readonly samples?: number;
  readonly climbs?: number;
}

/** Training of each point's network for the `error` objective / `accuracy` constraints (real MNIST digits). */
export interface SweepTraining {
  readonly epochs: number;
  /** Training images (the first n of the deterministic train split) and held-out test images. */
  readonly trainLimit: number;
  readonly testLimit: number;
  readonly seed: number;
  readonly optimizer: 'adam' | 'sgd';
  readonly learningRate?: number;
  readonly batchSize?: number;
  readonly weightDecay?: number;
  /** Compression pipeline (`compress`): prune → retrain steps of the magnitude-prune stage, and retraining
   *  epochs per step; in a sweep that varies the weight density every point (pruned or not) trains
   *  `epochs + pruneSteps × retrainEpochs` epochs. */
  readonly pruneSteps: number;
  readonly retrainEpochs: number;
}

/** Training hyper-parameters a `train.<name>` parameter may set. */
export const TRAIN_PARAMS = ['epochs', 'learningRate', 'batchSize', 'weightDecay', 'optimizer'] as const;

export interface SweepSpec {
  readonly name: string;
  /** Present when the sweep trains (objective `error`, constraints on `accuracy` / `error`). */
  readonly training: SweepTraining | null;
  readonly base: { readonly arch: string; readonly network: string; readonly batch: number; readonly dataflow: string | null };
  readonly mapper: SweepMapper;
  readonly parameters: ReadonlyArray<SweepParameter>;
  readonly derived: ReadonlyArray<Constraint>;
  readonly objectives: ReadonlyArray<ObjectiveName>;
  readonly constraints: ReadonlyArray<MetricConstraint>;
  readonly method: SweepMethod;
  readonly budget: number;
  readonly batch: number;
  readonly seed: number;
}

// ---------------------------------------------------------------------------------------------------------
// codecs
// ---------------------------------------------------------------------------------------------------------

const FiniteNumber = refinedNumber('FiniteNumber', 'a finite number', (n) => Number.isFinite(n));
const Int = refinedNumber('Integer', 'an integer', (n) => Number.isSafeInteger(n));
const PositiveNumber = refinedNumber('PositiveNumber', 'a finite number > 0', (n) => Number.isFinite(n) && n > 0);
const NonNegInt = refinedNumber('NonNegativeInt', 'a non-negative integer', (n) => Number.isSafeInteger(n) && n >= 0);

const ParameterCodec = strictStruct(
  'a parameter',
  { name: Name, path: Name },
  {
    integer: pairOf(Int, 'an integer range [lower, upper]'),
    values: listOf(FiniteNumber, 'numbers'),
    categories: listOf(Name, 'names'),
    continuous: pairOf(FiniteNumber, 'a range [lower, upper]'),
    log: Bool,
    scale: PositiveNumber,
  },
);

const ConstraintCodec = strictStruct('a constraint', { metric: oneOf<MetricName>('a metric', METRICS) }, { max: FiniteNumber, min: FiniteNumber });

const SweepCodec = strictStruct(
  'a sweep',
  {
    name: Name,
    base: strictStruct('the base design', { arch: Name, network: Name }, { batch: PositiveInt, dataflow: Name }),
    parameters: listOf(ParameterCodec, 'parameters'),
    objectives: listOf(oneOf<ObjectiveName>('an objective', OBJECTIVES), 'objectives'),
    method: oneOf<SweepMethod>('a method', METHODS),
    budget: PositiveInt,
  },
  {
    mapper: strictStruct(
      'mapper options',
      {},
      {
        strategy: oneOf('a strategy', ['heuristic', 'exhaustive'] as const),
        objective: oneOf('a mapper objective', ['energy', 'delay', 'edp'] as const),
        seed: NonNegInt,
        warmStart: Bool,
        samples: PositiveInt,
        climbs: PositiveInt,
      },
    ),
    derived: listOf(Text, 'constraints such as "peX * peY <= 256"'),
    constraints: listOf(ConstraintCodec, 'constraints'),
    batch: PositiveInt,
    seed: NonNegInt,
    training: strictStruct(
      'training options',
      { epochs: PositiveInt, trainLimit: PositiveInt, testLimit: PositiveInt },
      {
        seed: NonNegInt,
        optimizer: oneOf('an optimizer', ['adam', 'sgd'] as const),
        learningRate: PositiveNumber,
        batchSize: PositiveInt,
        weightDecay: refinedNumber('NonNegativeNumber', 'a finite number >= 0', (n) => Number.isFinite(n) && n >= 0),
        pruneSteps: PositiveInt,
        retrainEpochs: NonNegInt,
      },
    ),
  },
);

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Decode a parsed sweep file: every issue, each with its path. Never throws. */
export const decodeSweep = (u: unknown): E.Either<ReadonlyArray<ConfigIssue>, SweepSpec> => {
  const r = SweepCodec.decode(u);
  if (E.isLeft(r)) return E.left(issuesFromErrors(r.left));
  const d = r.right;
  const issues: ConfigIssue[] = [];
  const parameters: SweepParameter[] = [];
  const names = new Set<string>();
  d.parameters.forEach((p, i) => {
    const at = (k: string): ReadonlyArray<string | number> => ['parameters', i, k];
    if (!/^[A-Za-z_][\w]*$/.test(p.name)) issues.push(configIssue(at('name'), `expected a name of letters, digits and _ (usable in derived constraints), got ${showValue(p.name)}`));
    if (names.has(p.name)) issues.push(configIssue(at('name'), `duplicate parameter name '${p.name}'`));
    names.add(p.name);
    const pathIssue = checkPath(p.path);
    if (pathIssue !== null) issues.push(configIssue(at('path'), pathIssue));
    const keys = (['integer', 'values', 'categories', 'continuous'] as const).filter((k) => p[k] !== undefined);
    if (keys.length !== 1) {
      issues.push(configIssue(['parameters', i], `expected exactly one domain (integer, values, categories or continuous), got ${keys.length === 0 ? 'none' : keys.join(' and ')}`));
      return;
    }
    if (p.log !== undefined && p.continuous === undefined) issues.push(configIssue(at('log'), 'log applies to a continuous domain only'));
    let domain: SweepDomain | null = null;
    if (p.integer !== undefined) {
      const [lo, hi] = p.integer;
      if (lo > hi) issues.push(configIssue(at('integer'), `lower ${lo} is above upper ${hi}`));
      else domain = { _tag: 'Integer', lower: lo, upper: hi };
    } else if (p.values !== undefined) {
      if (p.values.length === 0) issues.push(configIssue(at('values'), 'expected at least one value'));
      else if (new Set(p.values).size !== p.values.length) issues.push(configIssue(at('values'), 'values must be distinct'));
      else domain = { _tag: 'Ordinal', values: p.values };
    } else if (p.categories !== undefined) {
      if (p.categories.length === 0) issues.push(configIssue(at('categories'), 'expected at least one category'));
      else if (new Set(p.categories).size !== p.categories.length) issues.push(configIssue(at('categories'), 'categories must be distinct'));
      else domain = { _tag: 'Categorical', values: p.categories };
    } else if (p.continuous !== undefined) {
      const [lo, hi] = p.continuous;
      const log = p.log ?? false;
      if (!(lo < hi)) issues.push(configIssue(at('continuous'), `lower ${lo} must be below upper ${hi}`));
      else if (log && lo <= 0) issues.push(configIssue(at('continuous'), `a log-scale range must be positive, got lower ${lo}`));
      else domain = { _tag: 'Continuous', lower: lo, upper: hi, log };
    }
    if (domain === null) return;
    const categorical = domain._tag === 'Categorical';
    if (p.path === 'dataflow' && !categorical) issues.push(configIssue(at('path'), 'the dataflow is chosen by name: give it categories'));
    if (categorical && p.path !== 'dataflow' && !p.path.startsWith('train.')) issues.push(configIssue(at('categories'), `${p.path} takes numbers (integer, values or continuous)`));
    if (p.scale !== undefined && categorical) issues.push(configIssue(at('scale'), 'scale applies to numeric domains only'));
    parameters.push({ name: p.name, path: p.path, domain, scale: p.scale ?? 1 });
  });
  if (d.parameters.length === 0) issues.push(configIssue(['parameters'], 'expected at least one parameter'));
  const derived: Constraint[] = [];
  (d.derived ?? []).forEach((text, i) => {
    const c = parseConstraint(text);
    if (E.isLeft(c)) {
      issues.push(configIssue(['derived', i], c.left));
      return;
    }
    derived.push(c.right);
  });
  for (const [i, c] of derived.entries()) {
    for (const n of [...namesIn(c.left), ...namesIn(c.right)]) if (!names.has(n)) issues.push(configIssue(['derived', i], `unknown parameter '${n}' (parameters: ${[...names].join(', ')})`));
  }
  if (d.objectives.length < 1 || d.objectives.length > 3) issues.push(configIssue(['objectives'], `expected 1 to 3 objectives, got ${d.objectives.length}`));
  if (new Set(d.objectives).size !== d.objectives.length) issues.push(configIssue(['objectives'], 'objectives must be distinct'));
  (d.constraints ?? []).forEach((c, i) => {
    if (c.max === undefined && c.min === undefined) issues.push(configIssue(['constraints', i], 'expected max, min or both'));
  });
  const trains = d.objectives.includes('error') || (d.constraints ?? []).some((c) => c.metric === 'accuracy' || c.metric === 'error');
  if (trains && d.training === undefined) issues.push(configIssue([], 'the error objective and accuracy / error constraints need a training: section (epochs, trainLimit, testLimit)'));
  if (trains) {
    d.parameters.forEach((p, i) => {
      if (/^net\.layers\.[^.]+\.(density|bits)\.weights$/.test(p.path)) {
        issues.push(configIssue(['parameters', i, 'path'], `with training, weights are pruned and quantized by the compression pipeline, which treats all MAC layers together: use net.density.weights / net.bits.weights, not ${p.path}`));
      }
    });
  }
  if (issues.length > 0) return E.left(issues);
  const tr = d.training;
  return E.right({
    name: d.name,
    training:
      tr === undefined
        ? null
        : {
            epochs: tr.epochs,
            trainLimit: tr.trainLimit,
            testLimit: tr.testLimit,
            seed: tr.seed ?? 1,
            optimizer: tr.optimizer ?? 'adam',
            ...(tr.learningRate !== undefined ? { learningRate: tr.learningRate } : {}),
            ...(tr.batchSize !== undefined ? { batchSize: tr.batchSize } : {}),
            ...(tr.weightDecay !== undefined ? { weightDecay: tr.weightDecay } : {}),
            pruneSteps: tr.pruneSteps ?? 1,
            retrainEpochs: tr.retrainEpochs ?? 1,
          },
    base: { arch: d.base.arch, network: d.base.network, batch: d.base.batch ?? 1, dataflow: d.base.dataflow ?? null },
    mapper: {
      strategy: d.mapper?.strategy ?? 'heuristic',
      objective: d.mapper?.objective ?? 'energy',
      seed: d.mapper?.seed ?? 1,
      warmStart: d.mapper?.warmStart ?? false,
      ...(d.mapper?.samples !== undefined ? { samples: d.mapper.samples } : {}),
      ...(d.mapper?.climbs !== undefined ? { climbs: d.mapper.climbs } : {}),
    },
    parameters,
    derived,
    objectives: d.objectives,
    constraints: (d.constraints ?? []).map((c) => ({ metric: c.metric, ...(c.max !== undefined ? { max: c.max } : {}), ...(c.min !== undefined ? { min: c.min } : {}) })),
    method: d.method,
    budget: d.budget,
    batch: d.batch ?? 1,
    seed: d.seed ?? 1,
  });
};

/** The sweep file document of a spec (every default written out); `decodeSweep(encodeSweep(s))` equals `s`. */
export const encodeSweep = (s: SweepSpec): Record<string, unknown> => ({
  name: s.name,
  base: { arch: s.base.arch, network: s.base.network, batch: s.base.batch, ...(s.base.dataflow !== null ? { dataflow: s.base.dataflow } : {}) },
  mapper: { ...s.mapper },
  parameters: s.parameters.map((p) => ({
    name: p.name,
    path: p.path,
    ...domainDoc(p.domain),
    ...(p.domain._tag !== 'Categorical' ? { scale: p.scale } : {}),
  })),
  derived: s.derived.map((c) => c.text),
  objectives: [...s.objectives],
  constraints: s.constraints.map((c) => ({ ...c })),
  method: s.method,
  budget: s.budget,
  batch: s.batch,
  seed: s.seed,
  ...(s.training !== null ? { training: { ...s.training } } : {}),
});

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const domainDoc = (d: SweepDomain): Record<string, unknown> => {
  switch (d._tag) {
    case 'Integer':
      return { integer: [d.lower, d.upper] };
    case 'Ordinal':
      return { values: [...d.values] };
    case 'Categorical':
      return { categories: [...d.values] };
    case 'Continuous':
      return { continuous: [d.lower, d.upper], log: d.log };
  }
};

const namesIn = (e: Constraint['left']): ReadonlyArray<string> =>
  e._tag === 'Var' ? [e.name] : e._tag === 'Num' ? [] : e._tag === 'Neg' ? namesIn(e.arg) : [...namesIn(e.left), ...namesIn(e.right)];

const TENSORS = ['weights', 'inputs', 'outputs'];

/** `null` when `path` is a supported parameter path (see the module doc), else why not. */
export const checkPath = (path: string): string | null => {
  const s = path.split('.');
  const [root, a, b, c, d] = s;
  const bad = (why: string): string => `${why} (paths: arch.pe.x, arch.pe.y, arch.<key>…, dataflow, net.batch, net.widthMultiplier, net.bits.<tensor>, net.density.<tensor>, net.layers.<NAME>.outChannels|outFeatures|bits.<tensor>|density.<tensor>, train.<name>)`;
  if (s.some((x) => x.length === 0)) return bad(`empty segment in '${path}'`);
  if (root === 'dataflow') return s.length === 1 ? null : bad(`'${path}' is not a parameter path`);
  if (root === 'arch') {
    if (s.length < 2) return bad(`'${path}' names no value of the accelerator`);
    if (a === 'pe' && (s.length !== 3 || (b !== 'x' && b !== 'y'))) return bad(`'${path}': the PE array has x and y`);
    if (a === 'levels' && s.length < 4) return bad(`'${path}': expected arch.levels.<NAME>.<key>`);
    return null;
  }
  if (root === 'train') return s.length === 2 && (TRAIN_PARAMS as ReadonlyArray<string>).includes(a ?? '') ? null : `'${path}': expected train.<name> with a name among ${TRAIN_PARAMS.join(', ')}`;
  if (root === 'net') {
    if ((a === 'batch' || a === 'widthMultiplier') && s.length === 2) return null;
    if ((a === 'bits' || a === 'density') && s.length === 3 && TENSORS.includes(b ?? '')) return null;
    if (a === 'layers' && s.length === 4 && (c === 'outChannels' || c === 'outFeatures')) return null;
    if (a === 'layers' && s.length === 5 && (c === 'bits' || c === 'density') && TENSORS.includes(d ?? '')) return null;
    return bad(`'${path}' is not a parameter path`);
  }
  return bad(`'${path}' is not a parameter path`);
};

/** Whether a decoded value is a plain record (re-exported for the sweep runner's document edits). */
export const isDocRecord = isRecord;
