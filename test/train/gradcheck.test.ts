/**
 * Gradient check: the backward pass of every layer kind (conv with stride and padding, average pooling, fc,
 * ReLU, softmax cross-entropy) against central finite differences of the loss, in the engine's Float64
 * arithmetic (h = 1e−6: truncation ~h², rounding ~1e−16/h, so agreement to ~1e−6 relative is expected).
 */
import { describe, expect, it } from 'vitest';
import { backward, forward, loadBatch, makeEngine, softmaxXent } from '../../src/train/engine.js';
import type { Engine } from '../../src/train/engine.js';
import { initModel } from '../../src/train/index.js';
import { planOf } from '../../src/train/plan.js';
import type { Plan } from '../../src/train/plan.js';
import { lenet5 } from '../../src/workload/zoo/index.js';
import { randomData, tinyConvNet } from './tiny.js';

const lossOf = (e: Engine, B: number, labels: Uint8Array): number => {
  forward(e, B);
  return softmaxXent(e, B, labels, null, 0).loss / B;
};

describe('gradient check against finite differences', () => {
  it('every weight and bias of conv(stride 2, pad 1) → avg pool → conv → fc → fc', () => {
    const net = tinyConvNet();
    const plan = planOf(net) as Plan;
    expect(typeof plan).toBe('object');
    const model = initModel(net, 7);
    const data = randomData(3, 4, 7, 7, 3);
    const e = makeEngine(plan, model.layers, 4, { top: 0, left: 0 });
    // biases away from 0, so that no pre-activation sits exactly on ReLU's kink (an all-zero window + bias 0)
    e.b.forEach((b, i) => b.forEach((_, k) => (b[k] = 0.05 * (((k + i) % 3) - 1) + 0.02)));
    loadBatch(e, data, null, 0, 4);
    lossOf(e, 4, data.labels);
    e.gw.forEach((g) => g.fill(0));
    e.gb.forEach((g) => g.fill(0));
    backward(e, 4);
    const h = 1e-6;
    let checked = 0;
    const compare = (p: Float64Array, g: Float64Array): void => {
      for (let j = 0; j < p.length; j++) {
        const v = p[j]!;
        p[j] = v + h;
        const lp = lossOf(e, 4, data.labels);
        p[j] = v - h;
        const lm = lossOf(e, 4, data.labels);
        p[j] = v;
        const fd = (lp - lm) / (2 * h);
        expect(Math.abs(fd - g[j]!)).toBeLessThan(1e-6 + 1e-5 * Math.abs(fd));
        checked++;
      }
    };
    e.w.forEach((w, i) => compare(w, e.gw[i]!));
    e.b.forEach((b, i) => compare(b, e.gb[i]!));
    // 3·9 + 3 + 4·12 + 4 + 5·4 + 5 + 3·5 + 3 parameters
    expect(checked).toBe(27 + 3 + 48 + 4 + 20 + 5 + 15 + 3);
    // the gradient is not trivially zero
    expect(e.gw.every((g) => g.some((v) => v !== 0))).toBe(true);
  });

  it('LeNet-5 (28×28 digits padded to 32×32, im2col in chunks): sampled weights of every layer', () => {
    const net = lenet5({ batch: 1 });
    const plan = planOf(net) as Plan;
    const model = initModel(net, 1);
    const data = randomData(5, 3, 28, 28, 10);
    const e = makeEngine(plan, model.layers, 3, { top: 2, left: 2 });
    loadBatch(e, data, null, 0, 3);
    lossOf(e, 3, data.labels);
    e.gw.forEach((g) => g.fill(0));
    e.gb.forEach((g) => g.fill(0));
    backward(e, 3);
    const h = 1e-6;
    e.w.forEach((w, i) => {
      for (let t = 0; t < 12; t++) {
        const j = (t * 7919 + i * 104729) % w.length;
        if (e.mask[i]![j] === 0) continue;
        const v = w[j]!;
        w[j] = v + h;
        const lp = lossOf(e, 3, data.labels);
        w[j] = v - h;
        const lm = lossOf(e, 3, data.labels);
        w[j] = v;
        const fd = (lp - lm) / (2 * h);
        expect(Math.abs(fd - e.gw[i]![j]!)).toBeLessThan(1e-6 + 1e-4 * Math.abs(fd));
      }
    });
  });
});
