/**
 * The forward pass against hand-computed values (conv → ReLU → average pool → fc → softmax cross-entropy),
 * measured densities, activation thresholds, quantization, batch invariance on LeNet-5, layerActivations.
 */
import { describe, expect, it } from 'vitest';
import { evaluateModel, initModel, layerActivations, quantizeValue } from '../../src/train/index.js';
import type { Dataset, TrainedModel } from '../../src/train/index.js';
import type { Network } from '../../src/workload/index.js';
import { conv, fc, lenet5, mnistMlp, networkInput, pool, tap, zooContext } from '../../src/workload/zoo/index.js';
import { randomData } from './tiny.js';

/** 1×3×3 → conv 1@2×2 → 1×2×2 → avg pool 2/2 → 1×1×1 → fc 2. */
const handNet = (): Network => {
  const ctx = zooContext({ batch: 1 });
  const c1 = conv(ctx, 'c1', networkInput(1, 3, 3), { out: 1, kernel: 2 });
  const p1 = pool(ctx, 'p1', tap(c1), { kernel: 2, stride: 2 });
  const f1 = fc(ctx, 'f1', tap(p1), 2);
  return { name: 'hand', source: 'test', layers: [c1, p1, f1] };
};

const handModel = (net: Network): TrainedModel => {
  const m = initModel(net, 1);
  const [c1, f1] = m.layers;
  return {
    ...m,
    layers: [
      { ...c1!, weights: Float32Array.from([1, -1, 2, 0.5]), bias: Float32Array.from([-0.25]) },
      { ...f1!, weights: Float32Array.from([2, -1]), bias: Float32Array.from([0, 0.5]) },
    ],
  };
};

// image [[0.5, 0, 1], [0, 0.5, 0], [1, 0, 0.25]], label 0
const image: Dataset = { n: 1, height: 3, width: 3, images: Float32Array.from([0.5, 0, 1, 0, 0.5, 0, 1, 0, 0.25]), labels: Uint8Array.from([0]) };

describe('forward pass, by hand', () => {
  it('conv → ReLU → avg pool → fc logits, loss and densities', () => {
    const net = handNet();
    // conv outputs (bias −0.25): 0.5 + 0.25 − 0.25 = 0.5; −1 + 1 − 0.25 → ReLU 0; −0.5 + 2 − 0.25 = 1.25; 0.5 + 0.125 − 0.25 = 0.375
    // pool: (0.5 + 0 + 1.25 + 0.375) / 4 = 0.53125; logits [1.0625, −0.03125]
    const r = evaluateModel(net, handModel(net), image);
    const z0 = 1.0625;
    const z1 = -0.03125;
    expect(r.loss).toBeCloseTo(Math.log(Math.exp(z0) + Math.exp(z1)) - z0, 12);
    expect(r.accuracy).toBe(1);
    expect(r.inputDensity).toEqual({ c1: 5 / 9, f1: 1 });
    expect(r.outputDensity).toEqual({ c1: 3 / 4, f1: 1 });
  });
  it('activation threshold zeroes small inputs before the layer (Minerva stage 4)', () => {
    const net = handNet();
    // |x| < 0.6 → 0: image [[0, 0, 1], [0, 0, 0], [1, 0, 0]]; conv: 0, 0, 2 − 0.25 = 1.75, 0 → pool 0.4375
    // logits [0.875, 0.0625]
    const r = evaluateModel(net, handModel(net), image, { activationThreshold: { c1: 0.6 } });
    expect(r.inputDensity['c1']).toBe(2 / 9);
    expect(r.outputDensity['c1']).toBe(1 / 4);
    expect(r.loss).toBeCloseTo(Math.log(Math.exp(0.875) + Math.exp(0.0625)) - 0.875, 12);
  });
  it('quantization: weights and inputs rounded to the model formats', () => {
    const net = handNet();
    const m = handModel(net);
    // weights at 1 fraction bit, range [−2, 1.5]: [1, −1, 1.5 (2 saturates), 0.5]; inputs at 2 fraction bits, int 0:
    // 0.5, 1 → 0.75 (saturates), 0.25 stay; conv: 0.5 + 0.5·0.5 − 0.25 = 0.5; −0.75 + 0.75 − 0.25 → 0;
    // −0.5 + 1.125 − 0.25 = 0.375; 0.5 + 0.125 − 0.25 = 0.375 → pool 0.3125
    const q = { ...m, quant: { c1: { weights: { intBits: 1, fracBits: 1 }, activations: { intBits: 0, fracBits: 2 } } } };
    const r = evaluateModel(net, q, image, { quantize: true });
    const z0 = 2 * 0.3125;
    const z1 = -0.3125 + 0.5;
    expect(r.loss).toBeCloseTo(Math.log(Math.exp(z0) + Math.exp(z1)) - z0, 12);
    // without quantize: the float model
    expect(evaluateModel(net, q, image).loss).toBeCloseTo(evaluateModel(net, m, image).loss, 15);
  });
  it('quantizeValue: round to nearest, saturate, LSB 2^−fracBits', () => {
    const f = { intBits: 1, fracBits: 2 };
    expect(quantizeValue(0.3, f)).toBe(0.25);
    expect(quantizeValue(0.375, f)).toBe(0.5);
    expect(quantizeValue(-0.375, f)).toBe(-0.5);
    expect(quantizeValue(5, f)).toBe(1.75);
    expect(quantizeValue(-5, f)).toBe(-2);
    expect(Object.is(quantizeValue(-0.1, f), 0)).toBe(true);
  });
});

describe('forward pass, structure', () => {
  it('LeNet-5: the same losses batched (100, im2col chunks) as one image at a time', () => {
    const net = lenet5({ batch: 1 });
    const m = initModel(net, 3);
    const data = randomData(9, 7, 28, 28, 10);
    const all = evaluateModel(net, m, data);
    let sum = 0;
    for (let i = 0; i < data.n; i++) {
      const one: Dataset = { ...data, n: 1, images: data.images.slice(i * 784, (i + 1) * 784), labels: data.labels.slice(i, i + 1) };
      sum += evaluateModel(net, m, one).loss;
    }
    expect(all.loss).toBeCloseTo(sum / data.n, 12);
    // LeNet-5's input is the 32×32 padded image: at most 784 of 1024 pixels can be non-zero
    expect(all.inputDensity['c1']).toBeLessThanOrEqual(784 / 1024);
  });
  it('layerActivations: fc rows are the inputs; outputs = inputs · Wᵀ + b', () => {
    const net = mnistMlp({ batch: 1 });
    const m = initModel(net, 2);
    const data = randomData(4, 5, 28, 28, 10);
    const a = layerActivations(net, m, data, 'fc1', 3);
    expect([a.rows, a.cols, a.inputs.length, a.outputs.length]).toEqual([3, 784, 3 * 784, 3 * 256]);
    expect(Array.from(a.inputs.subarray(784, 2 * 784))).toEqual(Array.from(data.images.subarray(784, 2 * 784)));
    const w = m.layers[0]!.weights;
    let y = 0;
    for (let c = 0; c < 784; c++) y += a.inputs[2 * 784 + c]! * w[5 * 784 + c]!;
    expect(a.outputs[2 * 256 + 5]).toBeCloseTo(y, 4);
  });
  it('layerActivations: conv rows are im2col rows (c·R·S + r·S + s), one per output position', () => {
    const net = handNet();
    const a = layerActivations(net, handModel(net), image, 'c1', 1);
    expect([a.rows, a.cols]).toEqual([4, 4]);
    expect(Array.from(a.inputs.subarray(0, 4))).toEqual([0.5, 0, 0, 0.5]);
    expect(Array.from(a.outputs)).toEqual([0.5, -0.25, 1.25, 0.375]);
  });
});
