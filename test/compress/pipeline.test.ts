/** The pipeline file codec: the shipped file decodes, defaults, located errors, and a fuzz test (never throws). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { decodePipeline } from '../../src/compress/pipeline.js';
import { DEFAULT_FAULT_TABLE } from '../../src/compress/faults.js';
import { formatIssue } from '../../src/config/issue.js';

const shipped = YAML.parse(readFileSync(resolve(__dirname, '../../configs/pipelines/minerva.yaml'), 'utf8')) as unknown;
const issues = (doc: unknown): string[] => {
  const r = decodePipeline(doc);
  return E.isLeft(r) ? r.left.map(formatIssue) : [];
};

describe('pipeline codec', () => {
  it('decodes configs/pipelines/minerva.yaml with its defaults filled in', () => {
    const r = decodePipeline(shipped);
    if (E.isLeft(r)) throw new Error(r.left.map(formatIssue).join('\n'));
    expect(r.right.stages.map((s) => s.stage)).toEqual(['quantize', 'activation-prune', 'fault-mitigation']);
    const fm = r.right.stages[2]!;
    expect(fm.accuracyDrop).toBe(0.5);
    expect(fm.retrain).toEqual({ epochs: 1, optimizer: 'adam', learningRate: 0.0005, batchSize: 32 });
    if (fm.stage !== 'fault-mitigation') throw new Error('stage');
    expect(fm.faultRates).toBe(DEFAULT_FAULT_TABLE);
    expect(fm.levels).toBeNull();
  });
  it('fault-rate points carry their own source (optional)', () => {
    const r = decodePipeline({ name: 'p', stages: [{ stage: 'fault-mitigation', faultRates: { nominalVoltage: 0.9, source: 'table', points: [{ voltage: 0.9, bitFaultRate: 0 }, { voltage: 0.7, bitFaultRate: 1e-4, source: 'Fig. 9, read off at 0.70 V' }] } }] });
    if (E.isLeft(r)) throw new Error(r.left.map(formatIssue).join('\n'));
    const fm = r.right.stages[0]!;
    if (fm.stage !== 'fault-mitigation') throw new Error('stage');
    expect(fm.faultRates.points).toEqual([{ voltage: 0.9, bitFaultRate: 0 }, { voltage: 0.7, bitFaultRate: 1e-4, source: 'Fig. 9, read off at 0.70 V' }]);
  });
  it('stage settings override the file-wide ones', () => {
    const r = decodePipeline({ name: 'p', accuracyDrop: 2, stages: [{ stage: 'magnitude-prune', targetSparsity: 0.5, accuracyDrop: 0.1, retrain: { epochs: 3 } }] });
    if (E.isLeft(r)) throw new Error('decode');
    expect(r.right.stages[0]).toMatchObject({ stage: 'magnitude-prune', targetSparsity: 0.5, steps: 4, accuracyDrop: 0.1, retrain: { epochs: 3, optimizer: 'adam' } });
  });
  it('every problem is reported with its path', () => {
    expect(issues({ name: 'p', stages: [{ stage: 'quantise' }] })).toEqual(['stages[0].stage: unknown stage "quantise" (expected one of magnitude-prune, flops-prune, energy-prune, quantize, activation-prune, fault-mitigation)']);
    expect(issues({ name: 'p', stages: [{ stage: 'quantize', maxbits: 8 }] })[0]).toMatch(/^stages\[0\]\.maxbits: unknown key "maxbits"/);
    expect(issues({ name: 'p', stages: [{ stage: 'magnitude-prune', targetSparsity: 1 }] })[0]).toMatch(/^stages\[0\]\.targetSparsity: /);
    expect(issues({ name: 'p', stages: [{ stage: 'quantize', minBits: 8, maxBits: 4 }] })).toEqual(['stages[0].minBits: minBits 8 is above maxBits 4']);
    expect(issues({ name: 'p', stages: [{ stage: 'activation-prune', thresholds: [0, 0.2, 0.1] }] })).toEqual(['stages[0].thresholds[2]: thresholds must be ascending: 0.1 after 0.2']);
    expect(issues({ name: 'p', stages: [] })).toEqual(['stages: a pipeline needs at least one stage']);
    expect(issues({ name: 'p', stages: [{ stage: 'fault-mitigation', faultRates: { nominalVoltage: 0.9, points: [{ voltage: 1, bitFaultRate: 0 }] } }] }))
      .toEqual(['stages[0].faultRates.points[0].voltage: voltage 1 is above the nominal 0.9']);
    expect(issues({ stages: [], extra: 1 })).toEqual(expect.arrayContaining(['name: missing required key "name" of pipeline', expect.stringMatching(/^extra: unknown key/)]));
  });
});

// fuzz: mutated valid documents → a pipeline or a non-empty issue list, never a throw
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const pathsOf = (v: Json, at: ReadonlyArray<string | number> = []): ReadonlyArray<ReadonlyArray<string | number>> => {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => pathsOf(x, [...at, i]))];
  if (v !== null && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k]))];
  return [at];
};
const arbValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, '', 'x', 'quantize', 'round-bit', 'sgd', [], {}, [1], [0.2, 0.1], { voltage: 0.5 }),
  fc.integer({ min: -3, max: 40 }),
  fc.constantFrom(0.5, 1.5, -0.25, 1e300, Number.NaN, Infinity),
);
const full: Json = {
  name: 'all', seed: 2, accuracyDrop: 1, retrain: { epochs: 1, optimizer: 'sgd', learningRate: 0.01, batchSize: 16 },
  stages: [
    { stage: 'magnitude-prune', targetSparsity: 0.9, steps: 3 },
    { stage: 'flops-prune', targetSparsity: 0.8, step: 0.3 },
    { stage: 'energy-prune', step: 0.2, maxRounds: 5, refitSamples: 64 },
    { stage: 'quantize', weights: true, activations: false, maxBits: 12, minBits: 3 },
    { stage: 'activation-prune', thresholds: [0, 0.1] },
    { stage: 'fault-mitigation', mitigation: 'mask-word', levels: ['GLB'], trials: 2, faultRates: { nominalVoltage: 0.9, points: [{ voltage: 0.9, bitFaultRate: 0 }, { voltage: 0.7, bitFaultRate: 0.001 }] } },
  ],
};

describe('pipeline codec fuzz', () => {
  it('the full example decodes', () => expect(issues(full)).toEqual([]));
  it('mutated documents never throw and a failure always says something', () => {
    fc.assert(fc.property(fc.nat(), fc.oneof(fc.constant<'delete'>('delete'), arbValue), fc.constantFrom('extra', 'stage', 'steps', '0'), fc.boolean(), (pick, m, key, addKey) => {
      const doc = structuredClone(full) as Json;
      const paths = pathsOf(doc);
      const path = paths[pick % paths.length]!;
      let target: unknown = doc;
      for (const k of path.slice(0, -1)) target = (target as Record<string | number, unknown>)[k];
      const last = path[path.length - 1];
      let mutated: unknown = doc;
      if (last === undefined) mutated = m === 'delete' ? undefined : m;
      else if (addKey && target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[key] = m;
      else if (m === 'delete') Array.isArray(target) ? target.splice(last as number, 1) : delete (target as Record<string, unknown>)[last];
      else (target as Record<string | number, unknown>)[last] = m;
      const r = decodePipeline(mutated);
      if (E.isLeft(r)) expect(r.left.length).toBeGreaterThan(0);
    }), { numRuns: 500 });
  });
});
