/**
 * The sweep file format: the shipped sweeps decode; every kind of mistake is an issue at its path; decoding
 * never throws on mutated documents (fuzz); decode ∘ encode is the identity (also through YAML); derived
 * constraints parse and evaluate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluateExpr, holds, parseConstraint } from '../../src/config/expr.js';
import { formatIssue } from '../../src/config/issue.js';
import { decodeSweep, encodeSweep, METHODS, OBJECTIVES, type SweepSpec } from '../../src/config/sweep.js';
import { mutate, mutation } from '../helpers/mutate.js';

const SWEEPS = resolve(__dirname, '../../sweeps');
const valid = {
  name: 's',
  base: { arch: 'a.yaml', network: 'alexnet' },
  parameters: [
    { name: 'peX', path: 'arch.pe.x', integer: [8, 16] },
    { name: 'glbKB', path: 'arch.levels.GLB.capacityWords', values: [64, 128], scale: 512 },
    { name: 'df', path: 'dataflow', categories: ['row-stationary', 'weight-stationary'] },
    { name: 'lr', path: 'train.learningRate', continuous: [1e-4, 0.1], log: true },
  ],
  derived: ['peX * 2 <= glbKB'],
  objectives: ['energy', 'latency'],
  constraints: [{ metric: 'weightMemoryBits', max: 1e8 }],
  method: 'bo',
  budget: 10,
};
const issues = (doc: Record<string, unknown>): string[] => {
  if (doc['parameters'] !== valid.parameters) doc = { ...doc, derived: [] };
  const r = decodeSweep(doc);
  return E.isLeft(r) ? r.left.map(formatIssue) : [];
};

describe('decodeSweep', () => {
  it('the shipped sweeps decode', () => {
    const files = readdirSync(SWEEPS).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = decodeSweep(parse(readFileSync(join(SWEEPS, f), 'utf8')));
      expect(E.isLeft(r) ? r.left.map(formatIssue) : [], f).toEqual([]);
    }
  });
  it('a valid document decodes with its defaults', () => {
    const r = decodeSweep(valid);
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.batch).toBe(1);
    expect(r.right.seed).toBe(1);
    expect(r.right.mapper).toEqual({ strategy: 'heuristic', objective: 'energy', seed: 1, warmStart: false });
    expect(r.right.parameters[1]!.scale).toBe(512);
    expect(r.right.parameters[3]!.domain).toEqual({ _tag: 'Continuous', lower: 1e-4, upper: 0.1, log: true });
  });
  it('each mistake is reported at its path', () => {
    expect(issues({ ...valid, extra: 1 })).toEqual(['extra: unknown key "extra" in a sweep (allowed: name, base, parameters, objectives, method, budget, mapper, derived, constraints, batch, seed, training)']);
    expect(issues({ ...valid, method: 'annealing' })[0]).toMatch(/^method: expected a method \(one of grid, random, nsga2, bo, hw-ieci\)/);
    expect(issues({ ...valid, parameters: [{ name: 'a', path: 'arch.pe.x' }] })).toEqual(['parameters[0]: expected exactly one domain (integer, values, categories or continuous), got none']);
    expect(issues({ ...valid, parameters: [{ name: 'a', path: 'arch.pe.z', integer: [1, 2] }] })[0]).toMatch(/^parameters\[0\]\.path: 'arch.pe.z': the PE array has x and y/);
    expect(issues({ ...valid, parameters: [{ name: 'a', path: 'net.bits.weights', integer: [4, 2] }] })).toEqual(['parameters[0].integer: lower 4 is above upper 2']);
    expect(issues({ ...valid, parameters: [{ name: 'a', path: 'train.learningRate', continuous: [0, 1], log: true }] })).toEqual(['parameters[0].continuous: a log-scale range must be positive, got lower 0']);
    expect(issues({ ...valid, parameters: [{ name: 'a', path: 'dataflow', integer: [0, 1] }] })).toEqual(['parameters[0].path: the dataflow is chosen by name: give it categories']);
    expect(issues({ ...valid, derived: ['peX <='] })).toEqual(['derived[0]: unexpected end of the expression']);
    expect(issues({ ...valid, derived: ['peQ <= 3'] })[0]).toMatch(/^derived\[0\]: unknown parameter 'peQ'/);
    expect(issues({ ...valid, objectives: [] })).toEqual(['objectives: expected 1 to 3 objectives, got 0']);
    expect(issues({ ...valid, objectives: ['energy', 'cycles', 'edp', 'area'] })).toEqual(['objectives: expected 1 to 3 objectives, got 4']);
    expect(issues({ ...valid, constraints: [{ metric: 'areaMm2' }] })).toEqual(['constraints[0]: expected max, min or both']);
    expect(issues({ ...valid, budget: 0 })).toEqual(['budget: expected a positive integer, got 0']);
    expect(issues({ ...valid, objectives: ['error'] })).toEqual(['<root>: the error objective and accuracy / error constraints need a training: section (epochs, trainLimit, testLimit)']);
    const trained = { ...valid, objectives: ['error'], training: { epochs: 1, trainLimit: 10, testLimit: 10 } };
    expect(issues({ ...trained, parameters: [{ name: 'a', path: 'net.layers.c3.density.weights', values: [0.5] }] })).toEqual([
      'parameters[0].path: with training, weights are pruned and quantized by the compression pipeline, which treats all MAC layers together: use net.density.weights / net.bits.weights, not net.layers.c3.density.weights',
    ]);
    expect(issues({ ...trained, training: { ...trained.training, retrainEpochs: -1 } })[0]).toMatch(/^training\.retrainEpochs: /);
    expect(issues({ ...valid, parameters: [{ name: 'a', path: 'train.dropout', continuous: [0, 1] }] })[0]).toMatch(/^parameters\[0\]\.path: 'train.dropout': expected train.<name> with a name among epochs, learningRate/);
  });
  it('fuzz: mutated documents decode or give issues; never throw', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        const r = decodeSweep(mutate(valid, ms));
        if (E.isLeft(r)) {
          expect(r.left.length).toBeGreaterThan(0);
          for (const i of r.left) expect(i.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1500, seed: 12 },
    );
    fc.assert(fc.property(fc.anything(), (u) => void decodeSweep(u)), { numRuns: 500 });
  });
});

const arbDomain = fc.oneof(
  fc.tuple(fc.integer({ min: -50, max: 50 }), fc.nat(50)).map(([lo, w]) => ({ integer: [lo, lo + w] })),
  fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 5 }).map((values) => ({ values })),
  fc.tuple(fc.double({ min: 1e-6, max: 10, noNaN: true }), fc.double({ min: 1.5, max: 100, noNaN: true }), fc.boolean()).map(([lo, f, log]) => ({ continuous: [lo, lo * f], log })),
);
const arbSpecDoc = fc.record({
  name: fc.constantFrom('a', 'sweep-1'),
  base: fc.record({ arch: fc.constant('x.yaml'), network: fc.constantFrom('alexnet', 'net.yaml'), batch: fc.integer({ min: 1, max: 8 }) }),
  mapper: fc.record({ strategy: fc.constantFrom('heuristic', 'exhaustive'), objective: fc.constantFrom('energy', 'delay', 'edp'), seed: fc.nat(9), warmStart: fc.boolean() }),
  parameters: fc.array(fc.tuple(fc.constantFrom('arch.pe.x', 'net.batch', 'train.learningRate', 'arch.levels.GLB.capacityWords'), arbDomain, fc.constantFrom(1, 2, 512)), { minLength: 1, maxLength: 4 }).map((ps) =>
    ps.map(([path, d, scale], i) => ({ name: `p${i}`, path, ...d, scale })),
  ),
  objectives: fc.uniqueArray(fc.constantFrom(...OBJECTIVES), { minLength: 1, maxLength: 3 }),
  constraints: fc.array(fc.record({ metric: fc.constantFrom('areaMm2', 'energy', 'weightMemoryBits'), max: fc.integer({ min: 1, max: 1e6 }) }), { maxLength: 2 }),
  method: fc.constantFrom(...METHODS),
  budget: fc.integer({ min: 1, max: 1000 }),
  batch: fc.integer({ min: 1, max: 8 }),
  seed: fc.nat(1000),
  training: fc.option(fc.record({ epochs: fc.integer({ min: 1, max: 5 }), trainLimit: fc.integer({ min: 1, max: 8000 }), testLimit: fc.integer({ min: 1, max: 2000 }), seed: fc.nat(9), optimizer: fc.constantFrom('adam', 'sgd'), learningRate: fc.double({ min: 1e-5, max: 1, noNaN: true }), pruneSteps: fc.integer({ min: 1, max: 4 }), retrainEpochs: fc.nat(3) }), { nil: undefined }),
});

describe('encodeSweep', () => {
  it('decode ∘ encode is the identity, also through YAML text', () => {
    fc.assert(
      fc.property(arbSpecDoc, (doc) => {
        const d0 = doc.training === undefined ? (({ training: _t, ...rest }) => rest)(doc) : doc;
        const trains = doc.objectives.includes('error');
        const d1 = trains && doc.training === undefined ? { ...d0, objectives: ['energy'] } : d0;
        const d = doc.parameters.length > 1 ? { ...d1, derived: ['p0 + p1 <= 1000'] } : d1;
        const r = decodeSweep(d);
        expect(E.isRight(r), JSON.stringify(E.isLeft(r) ? r.left : '')).toBe(true);
        const spec = (r as E.Right<SweepSpec>).right;
        expect(decodeSweep(encodeSweep(spec))).toEqual(E.right(spec));
        expect(decodeSweep(parse(stringify(encodeSweep(spec))))).toEqual(E.right(spec));
      }),
      { numRuns: 300 },
    );
  });
});

describe('derived constraints', () => {
  it('parse with precedence and evaluate', () => {
    const c = parseConstraint('a + b * 2 - (c - 1) / 2 <= -x + 10');
    expect(E.isRight(c)).toBe(true);
    if (E.isLeft(c)) return;
    expect(evaluateExpr(c.right.left, { a: 1, b: 3, c: 5 })).toBe(1 + 6 - 2);
    expect(holds(c.right, { a: 1, b: 3, c: 5, x: 5 })).toBe(true);
    expect(holds(c.right, { a: 1, b: 3, c: 5, x: 6 })).toBe(false);
    expect(holds(c.right, { a: 1, b: 3, c: 5, x: 0 })).toBe(true);
    expect(holds(c.right, { a: 1, b: 3, c: 5 })).toBe(false);
    expect(E.isLeft(parseConstraint('a + * b <= 1'))).toBe(true);
    expect(E.isLeft(parseConstraint('a <= 1 <= 2'))).toBe(true);
    expect(E.isLeft(parseConstraint('a $ 1'))).toBe(true);
    expect(E.isLeft(parseConstraint('a + 1'))).toBe(true);
  });
  it('fuzz: any string parses or gives a message; never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => void parseConstraint(s)), { numRuns: 2000 });
  });
});
