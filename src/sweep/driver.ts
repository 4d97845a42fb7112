/**
 * The sweep driver's pure parts: the optimizer's space (log-scale parameters searched as their log10), the
 * optimizer of each method (grid, random, NSGA-II, BO, HW-IECI — ParEGO for 2–3 objectives, all from
 * `optimize/`), the a-priori predicates (derived constraints; a-priori metric budgets for every method but
 * plain `bo`, which is hardware-unaware and learns them as black-box constraints), the observation told for
 * each outcome, and the summary (best point or Pareto set).
 *
 * The driver runs a sliding window: `batch` points in flight, asked one at a time, told strictly in ask order.
 * The sequence of operations on the optimizer state (init, ask × batch, then tell, ask, tell, ask, …) does not
 * depend on timing, so a seed fixes the points; replaying the recorded results rebuilds the state on resume.
 */
import * as E from 'fp-ts/lib/Either.js';
import { A_PRIORI_METRICS, holds, type MetricConstraint, type MetricName, type ObjectiveName, type SweepDomain, type SweepSpec } from '../config/index.js';
import {
  bayesOpt,
  categorical,
  continuous,
  integer,
  makeSpace,
  nsga2,
  ordinal,
  paretoFront,
  randomSearch,
  type Observation,
  type OptimizeError,
  type Optimizer,
  type Param,
  type Point,
  type Predicate,
  type Space,
} from '../optimize/index.js';
import type { PointOutcome } from './point.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The metrics known before evaluating a point (from its parameters alone). */
export interface APrioriMetrics {
  readonly weightMemoryBits: number;
  readonly macs: number;
  readonly areaMm2: number | null;
  /** On-chip storage capacity (kB); null when the design does not decode. */
  readonly onChipKB: number | null;
}

export interface Driver {
  readonly space: Space;
  readonly optimizer: Optimizer<unknown>;
  /** Optimizer point → the user's values (log-scale parameters exponentiated). */
  readonly toUser: (p: Point) => Point;
  /** Constraint vector length told to the optimizer: [feasible, ...black-box metric constraints]. */
  readonly blackBox: ReadonlyArray<MetricConstraint>;
  readonly aPriori: ReadonlyArray<MetricConstraint>;
}

/** The outcome of one recorded point as the driver sees it. */
export type Evaluated = PointOutcome & { readonly areaMm2?: number; readonly onChipKB?: number };

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * The driver of a sweep. `apriori(userPoint)` computes the a-priori metrics (null when the point's design
 * cannot be built — such points are not admissible).
 */
export const makeDriver = (spec: SweepSpec, apriori: (p: Point) => APrioriMetrics | null): E.Either<string, Driver> => {
  const params = spec.parameters.map((p) => toParam(p.name, p.domain));
  const sp = makeSpace(params);
  if (E.isLeft(sp)) return E.left(sp.left.map((e) => `parameter ${e.param}: ${e.message}`).join('; '));
  const space = sp.right;
  const logNames = new Set(spec.parameters.filter((p) => p.domain._tag === 'Continuous' && p.domain.log).map((p) => p.name));
  const toUser = (p: Point): Point => {
    if (logNames.size === 0) return p;
    const out: Record<string, number | string> = { ...p };
    for (const n of logNames) out[n] = 10 ** (p[n] as number);
    return out;
  };
  const isAPriori = (c: MetricConstraint): boolean => A_PRIORI_METRICS.includes(c.metric);
  const aPriori = spec.method === 'bo' ? [] : spec.constraints.filter(isAPriori);
  const blackBox = spec.constraints.filter((c) => !aPriori.includes(c));
  const derived: Predicate = (p) => spec.derived.every((c) => holds(c, toUser(p)));
  const budget: Predicate = (p) => {
    if (aPriori.length === 0) return true;
    const m = apriori(toUser(p));
    return m !== null && aPriori.every((c) => satisfies(c, aprioriValue(m, c.metric)));
  };
  const preds = [derived, budget];
  const objectives = spec.objectives.length;
  const constraints = 1 + blackBox.length;
  const any = <S>(o: Optimizer<S>): Optimizer<unknown> => o as unknown as Optimizer<unknown>;
  let optimizer: Optimizer<unknown>;
  switch (spec.method) {
    case 'grid':
      optimizer = any(gridSearch(space, preds));
      break;
    case 'random':
      optimizer = any(randomSearch({ space, objectives, constraints, aPriori: preds }));
      break;
    case 'nsga2':
      optimizer = any(nsga2({ space, objectives, constraints, aPriori: preds }));
      break;
    case 'bo':
    case 'hw-ieci':
      optimizer = any(bayesOpt({ space, objectives, constraints, aPriori: preds }));
      break;
  }
  return E.right({ space, optimizer, toUser, blackBox, aPriori });
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** The value of an objective for a recorded point (undefined when the point has none). */
export const objectiveValue = (name: ObjectiveName, e: Evaluated): number | undefined => {
  if (e.status !== 'ok') return undefined;
  const m = e.metrics;
  switch (name) {
    case 'energy':
      return m.energy;
    case 'energyPerMac':
      return m.energyPerMac;
    case 'cycles':
      return m.cycles;
    case 'latency':
      return m.latencyUs;
    case 'edp':
      return m.edp;
    case 'area':
      return e.areaMm2;
    case 'error':
      return m.error;
  }
};

/** The value of a metric for a recorded point. */
export const metricValue = (name: MetricName, e: Evaluated): number | undefined => {
  if (name === 'areaMm2') return e.areaMm2;
  if (name === 'onChipKB') return e.onChipKB;
  if (e.status !== 'ok') return undefined;
  const m = e.metrics;
  switch (name) {
    case 'energy':
    case 'energyPerMac':
    case 'cycles':
    case 'latencyUs':
    case 'edp':
    case 'weightMemoryBits':
    case 'macs':
      return m[name];
    case 'powerMW':
      return m.powerMW ?? undefined;
    case 'accuracy':
      return m.accuracy;
    case 'error':
      return m.error;
  }
};

/** ok, and every metric constraint satisfied. */
export const isFeasible = (spec: SweepSpec, e: Evaluated): boolean =>
  e.status === 'ok' &&
  spec.constraints.every((c) => {
    const v = metricValue(c.metric, e);
    return v !== undefined && satisfies(c, v);
  }) &&
  spec.objectives.every((o) => objectiveValue(o, e) !== undefined);

/**
 * What the optimizer is told for a point: objectives as log10 of the (positive) metric values; a point with no
 * values gets the worst told so far (`worst`, per objective). Constraints: [feasible ? −1 : +1, then each
 * black-box constraint's normalized violation (v − max)/|max| or (min − v)/|min| (+1 when unknown)].
 */
export const observation = (spec: SweepSpec, d: Driver, e: Evaluated, worst: ReadonlyArray<number>): Observation => {
  const ys = spec.objectives.map((o) => objectiveValue(o, e));
  const objectives = ys.map((v, j) => (v === undefined ? (worst[j] ?? 0) : Math.log10(Math.max(v, 1e-300))));
  const constraints = [
    isFeasible(spec, e) ? -1 : 1,
    ...d.blackBox.map((c) => {
      const v = metricValue(c.metric, e);
      if (v === undefined) return 1;
      const over = c.max !== undefined ? (v - c.max) / Math.max(Math.abs(c.max), 1e-300) : -Infinity;
      const under = c.min !== undefined ? (c.min - v) / Math.max(Math.abs(c.min), 1e-300) : -Infinity;
      return Math.max(over, under);
    }),
  ];
  return { objectives, constraints };
};

/** The summary: indices (into `evaluated`) of the best feasible point (1 objective) or the Pareto set. */
export const bestIndices = (spec: SweepSpec, evaluated: ReadonlyArray<Evaluated>): ReadonlyArray<number> => {
  const feasible = evaluated.map((e, i) => ({ e, i })).filter(({ e }) => isFeasible(spec, e));
  if (feasible.length === 0) return [];
  const ys = feasible.map(({ e }) => spec.objectives.map((o) => objectiveValue(o, e)!));
  if (spec.objectives.length === 1) {
    let best = 0;
    ys.forEach((y, k) => {
      if (y[0]! < ys[best]![0]!) best = k;
    });
    return [feasible[best]!.i];
  }
  return paretoFront(ys)
    .map((k) => feasible[k]!.i)
    .sort((a, b) => objectiveValue(spec.objectives[0]!, evaluated[a]!)! - objectiveValue(spec.objectives[0]!, evaluated[b]!)!);
};

export const satisfies = (c: MetricConstraint, v: number): boolean => (c.max === undefined || v <= c.max) && (c.min === undefined || v >= c.min);

const aprioriValue = (m: APrioriMetrics, name: MetricName): number =>
  name === 'areaMm2' ? (m.areaMm2 ?? NaN) : name === 'onChipKB' ? (m.onChipKB ?? NaN) : name === 'macs' ? m.macs : m.weightMemoryBits;

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const toParam = (name: string, d: SweepDomain): Param => {
  switch (d._tag) {
    case 'Integer':
      return integer(name, d.lower, d.upper);
    case 'Ordinal':
      return ordinal(name, d.values);
    case 'Categorical':
      return categorical(name, d.values);
    case 'Continuous':
      return d.log ? continuous(name, Math.log10(d.lower), Math.log10(d.upper)) : continuous(name, d.lower, d.upper);
  }
};

/** Levels of a continuous parameter on the grid. */
export const GRID_LEVELS = 5;

/** The values of one parameter on the grid (continuous: `GRID_LEVELS` evenly spaced, in log10 for log scales). */
const gridValues = (p: Param): ReadonlyArray<number | string> => {
  switch (p._tag) {
    case 'Integer':
      return Array.from({ length: p.upper - p.lower + 1 }, (_, i) => p.lower + i);
    case 'Ordinal':
      return p.values;
    case 'Categorical':
      return p.values;
    case 'Continuous':
      return Array.from({ length: GRID_LEVELS }, (_, i) => p.lower + ((p.upper - p.lower) * i) / (GRID_LEVELS - 1));
  }
};

interface GridState {
  readonly _tag: 'GridState';
  /** Next mixed-radix index (last parameter fastest). */
  readonly next: number;
}

/**
 * Grid search: the admissible points of the full factorial grid in mixed-radix order (last parameter
 * fastest); `ask` returns fewer points than asked (none) when the grid is exhausted.
 */
export const gridSearch = (space: Space, preds: ReadonlyArray<Predicate>): Optimizer<GridState> => {
  const values = space.params.map(gridValues);
  const size = values.reduce((a, v) => a * v.length, 1);
  const at = (k: number): Point => {
    const out: Record<string, number | string> = {};
    let r = k;
    for (let i = space.params.length - 1; i >= 0; i--) {
      const vs = values[i]!;
      out[space.params[i]!.name] = vs[r % vs.length]!;
      r = Math.floor(r / vs.length);
    }
    return out;
  };
  return {
    name: 'grid',
    init: () => ({ _tag: 'GridState', next: 0 }),
    ask: (state, q): E.Either<OptimizeError, readonly [ReadonlyArray<Point>, GridState]> => {
      const out: Point[] = [];
      let k = state.next;
      while (out.length < q && k < size) {
        const p = at(k++);
        if (preds.every((g) => g(p))) out.push(p);
      }
      return E.right([out, { _tag: 'GridState', next: k }] as const);
    },
    tell: (state) => E.right(state),
  };
};
