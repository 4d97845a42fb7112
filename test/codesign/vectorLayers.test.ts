/**
 * Pooling and element-wise add layers (no MACs): their backing-store traffic, energy and cycles, derived by hand at
 * 16 and 8 bits. Inputs are read once (an add reads both operands), outputs written once; with bit-scaled access
 * energy the elements are packed into the backing store's words like any other tensor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Arch } from '../../src/arch/index.js';
import { evaluateNetwork, type LayerResult } from '../../src/codesign/index.js';
import { decodeArch } from '../../src/config/arch.js';
import type { VectorLayer } from '../../src/workload/index.js';
import { alexnet } from '../../src/workload/zoo/alexnet.js';
import { testArch } from '../helpers/arch.js';

// DRAM: 16-bit words, 4-word blocks (one access moves 4 words), read 10 and write 30 per access, 4 words/cycle.
const dram = (scale: boolean): Arch => ({ ...testArch([{ read: 10, write: 30, blockWords: 4, bandwidth: 4 }], 1), scaleAccessEnergyWithBits: scale });
const layer = (kind: 'pool' | 'add', bits: number, o: Partial<VectorLayer> = {}): VectorLayer => ({
  kind, name: kind, inputs: [], batch: 1, channels: 2, inHeight: 4, inWidth: 4,
  kernel: kind === 'pool' ? 2 : 1, stride: kind === 'pool' ? 2 : 1, pad: 0, bits, ...o,
});
const run = (a: Arch, l: VectorLayer): LayerResult => {
  const r = evaluateNetwork(a, { name: 'n', source: 'test', layers: [l] }, new Map());
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right.layers[0]!;
};

describe('pool layer: 2 channels of 4×4, 2×2 window, stride 2 → 2×2 outputs (32 inputs, 8 outputs)', () => {
  it('16 bits: 32 words → 8 block reads (80), 8 words → 2 block writes (60); 40 words / 4 per cycle = 10 cycles', () => {
    const r = run(dram(true), layer('pool', 16));
    expect(r.energy.byTensor).toEqual({ W: 0, I: 80, O: 60 });
    expect(r.energy.total).toBe(140);
    expect(r.energy.byLevel).toEqual({ DRAM: 140 });
    expect(r.cycles).toBe(10);
    expect(r.macs).toBe(0);
  });
  it('8 bits, bit-scaled: 2 per word → 16 words → 4 reads (40), 4 words → 1 write (30); 20 words → 5 cycles', () => {
    const r = run(dram(true), layer('pool', 8));
    expect(r.energy.byTensor).toEqual({ W: 0, I: 40, O: 30 });
    expect(r.energy.total).toBe(70);
    expect(r.cycles).toBe(5);
  });
  it('8 bits without bit scaling: one word per element, as at 16 bits', () => {
    const r = run(dram(false), layer('pool', 8));
    expect(r.energy.total).toBe(140);
    expect(r.cycles).toBe(10);
  });
  it('odd sizes round up: 8-bit 3×3 input (9 → 5 words → 2 reads), 2×2 output (4 → 2 words → 1 write)', () => {
    const r = run(dram(true), layer('pool', 8, { channels: 1, inHeight: 3, inWidth: 3, stride: 1 }));
    expect(r.energy.byTensor).toEqual({ W: 0, I: 20, O: 30 });
    expect(r.cycles).toBe(Math.ceil((5 + 2) / 4));
  });
  it('32-bit elements in 16-bit words take 2 words each: 64 → 16 reads, 16 → 4 writes; 80 words → 20 cycles', () => {
    const r = run(dram(true), layer('pool', 32));
    expect(r.energy.byTensor).toEqual({ W: 0, I: 160, O: 120 });
    expect(r.cycles).toBe(20);
  });
});

describe('add layer: two operands of 2 × 4×4 (64 inputs), 32 outputs', () => {
  it('16 bits: 64 words → 16 reads (160), 32 → 8 writes (240); 96 words → 24 cycles', () => {
    const r = run(dram(true), layer('add', 16));
    expect(r.energy.byTensor).toEqual({ W: 0, I: 160, O: 240 });
    expect(r.energy.total).toBe(400);
    expect(r.cycles).toBe(24);
  });
  it('8 bits, bit-scaled: 2 × 16 words → 8 reads (80), 16 words → 4 writes (120); 48 words → 12 cycles', () => {
    const r = run(dram(true), layer('add', 8));
    expect(r.energy.byTensor).toEqual({ W: 0, I: 80, O: 120 });
    expect(r.energy.total).toBe(200);
    expect(r.cycles).toBe(12);
  });
  it('8 bits, odd operand size: each operand packs on its own (2 × ceil(9/2) = 10 words → 3 reads)', () => {
    const r = run(dram(true), layer('add', 8, { channels: 1, inHeight: 3, inWidth: 3 }));
    expect(r.energy.byTensor.I).toBe(30);
  });
});

describe('AlexNet on configs/eyeriss.yaml (bit-scaled access energy)', () => {
  const doc = YAML.parse(readFileSync(join(import.meta.dirname, '../../configs/eyeriss.yaml'), 'utf8')) as unknown;
  const arch = decodeArch(doc);
  if (E.isLeft(arch)) throw new Error(JSON.stringify(arch.left));
  const pool1 = (bits: number) => run(arch.right, alexnet({ batch: 1, bits }).layers.find((l) => l.name === 'pool1') as VectorLayer);
  it('pool1 at 8 bits costs exactly half of pool1 at 16 bits (96·55·55 inputs and 96·27·27 outputs pack 2 per word)', () => {
    const e16 = pool1(16).energy.total;
    const e8 = pool1(8).energy.total;
    // 16 bits: 290,400 words → 72,600 block reads; 69,984 words → 17,496 block writes; 800 per block access.
    expect(e16).toBe((72_600 + 17_496) * 800);
    expect(e8).toBe(e16 / 2);
  });
});
