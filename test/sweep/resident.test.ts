/**
 * Weights-resident designs in sweeps: a point whose on-chip backing store (levels[0] of kind sram) cannot hold
 * every layer's weights at once is infeasible, as `codesim eval` refuses it — not evaluated as if each layer had
 * the store to itself.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { weightResidency } from '../../src/codesign/index.js';
import { decodeArch } from '../../src/config/index.js';
import { evaluatePoint, newWarmState, stripArea, type PointTask } from '../../src/sweep/index.js';
import { zooNetwork } from '../../src/workload/index.js';

const archDoc = parse(readFileSync(resolve(__dirname, '../../configs/minerva.yaml'), 'utf8'));
const task = (h1: number): PointTask => ({
  id: `h${h1}`,
  index: 0,
  params: { h1 },
  archDoc,
  network: { zoo: 'mnist-mlp' },
  batch: 1,
  dataflow: null,
  mapper: { strategy: 'greedy', objective: 'energy', seed: 1, warmStart: false },
  targets: [{ name: 'h1', path: 'net.layers.fc1.outFeatures', scale: 1 }],
  training: null,
  hwLimits: [],
});

describe('weight residency (configs/minerva.yaml: 393,216 16-bit words on chip)', () => {
  const arch = decodeArch(stripArea(archDoc));
  if (E.isLeft(arch)) throw new Error('minerva.yaml does not decode');
  it('mnist-mlp needs 784·256 + 2·256·256 + 256·10 = 334,336 words at 16 bits, 167,168 at 8 bits; a DRAM store has no check', () => {
    const mlp = zooNetwork('mnist-mlp', { batch: 1 })!;
    expect(weightResidency(arch.right, mlp)).toEqual({ words: 334_336, capacityWords: 393_216, limitedBy: 'capacity', fits: true });
    const mlp8 = { ...mlp, layers: mlp.layers.map((l) => ({ ...l, bits: { ...l.bits, W: 8 } })) };
    expect(weightResidency(arch.right, mlp8)?.words).toBe(167_168);
    const eyeriss = decodeArch(stripArea(parse(readFileSync(resolve(__dirname, '../../configs/eyeriss.yaml'), 'utf8'))));
    if (E.isLeft(eyeriss)) throw new Error('eyeriss.yaml does not decode');
    expect(weightResidency(eyeriss.right, mlp)).toBeNull();
  });
  it('a sweep point with fc1 of h units needs 784h + 256h + 256·256 + 256·10 = 1,040h + 68,096 words: h = 312 fits (392,576), h = 313 (393,616) is infeasible', () => {
    const fits = evaluatePoint(task(312), newWarmState());
    expect(fits.status).toBe('ok');
    const over = evaluatePoint(task(313), newWarmState());
    expect(over).toEqual({ status: 'infeasible', error: 'SRAM is an on-chip backing store (weights resident): the weights need 393616 words together, its capacity is 393216 words' });
  });
});
