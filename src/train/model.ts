/**
 * Trained-model values: He initialization (`initModel`), LeNet-5's fixed C3 connection mask (LeCun 1998,
 * Table I), and the check of a model against a network (`checkModel`: names, kinds and shapes layer by layer).
 */
import { makeRng } from '../core/index.js';
import type { Network } from '../workload/index.js';
import { planOf, weightCount, weightShapeOf } from './plan.js';
import type { MacOp, Plan } from './plan.js';
import type { CheckModel, InitModel, LayerParams, ModelIssue, TrainedModel } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/**
 * LeCun, Bottou, Bengio, Haffner 1998, Table I: the S2 feature maps (0..5) each C3 feature map (0..15) is
 * connected to — 6 maps read 3 contiguous maps, 6 read 4 contiguous, 3 read 4 non-contiguous, 1 reads all
 * six: 60 of the 96 (input, output) pairs.
 */
export const LENET5_C3_TABLE: ReadonlyArray<ReadonlyArray<number>> = [
  [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 0], [5, 0, 1],
  [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 0], [4, 5, 0, 1], [5, 0, 1, 2],
  [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5],
  [0, 1, 2, 3, 4, 5],
];

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The plan of `net`; throws for a network the trainer cannot run (the CLI offers only the MNIST zoo nets). */
export const planOrThrow = (net: Network): Plan => {
  const p = planOf(net);
  if (typeof p === 'string') throw new Error(`train: network ${net.name}: ${p}`);
  return p;
};

/** The structural mask of a MAC layer: LeNet-5's C3 table for `lenet5`'s `c3`, else all ones. */
export const structuralMask = (network: string, op: MacOp): Uint8Array => {
  const mask = new Uint8Array(weightCount(op)).fill(1);
  if (network === 'lenet5' && op.name === 'c3' && op.kind === 'conv2d' && op.C === 6 && op.K === 16) {
    const rs = op.R * op.S;
    mask.fill(0);
    LENET5_C3_TABLE.forEach((inputs, k) => {
      for (const c of inputs) mask.fill(1, (k * op.C + c) * rs, (k * op.C + c + 1) * rs);
    });
  }
  return mask;
};

/**
 * He et al. 2015 initialization: weights ~ N(0, 2 / fan_in) with fan_in = C·R·S (conv) or C (fc), drawn
 * from `makeRng(seed)` layer by layer in network order; biases 0; masks from `structuralMask` (weights under
 * a 0 mask are exactly 0).
 */
export const initModel: InitModel = (net, seed) => {
  const plan = planOrThrow(net);
  const rng = makeRng(seed);
  const layers: LayerParams[] = plan.macs.map((op) => {
    const n = weightCount(op);
    const fanIn = n / op.K;
    const sd = Math.sqrt(2 / fanIn);
    const mask = structuralMask(plan.network, op);
    const weights = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = rng.normal() * sd;
      weights[i] = mask[i] === 1 ? v : 0;
    }
    return { name: op.name, kind: op.kind, weightShape: weightShapeOf(op), weights, bias: new Float32Array(op.K), mask };
  });
  return { format: 'codesim-model', version: 1, network: net.name, layers, meta: { seed, epochs: 0 } };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Every way `m` does not fit `net` (paths into the model file: `network`, `layers[i].weightShape`, …). */
export const checkModel: CheckModel = (net, m) => {
  const issues: ModelIssue[] = [];
  if (m.network !== net.name) issues.push({ path: ['network'], message: `the model is for network '${m.network}', expected '${net.name}'` });
  const plan = planOf(net);
  if (typeof plan === 'string') return [...issues, { path: ['network'], message: `network ${net.name} is not supported by the trainer: ${plan}` }];
  if (m.layers.length !== plan.macs.length) {
    issues.push({ path: ['layers'], message: `${m.layers.length} layers, network ${net.name} has ${plan.macs.length} MAC layers (${plan.macs.map((o) => o.name).join(', ')})` });
    return issues;
  }
  plan.macs.forEach((op, i) => {
    const l = m.layers[i]!;
    if (l.name !== op.name) issues.push({ path: ['layers', i, 'name'], message: `expected layer '${op.name}', got '${l.name}'` });
    if (l.kind !== op.kind) issues.push({ path: ['layers', i, 'kind'], message: `layer ${op.name} is ${op.kind}, got ${l.kind}` });
    const want = weightShapeOf(op);
    if (want.length !== l.weightShape.length || want.some((d, j) => d !== l.weightShape[j])) {
      issues.push({ path: ['layers', i, 'weightShape'], message: `layer ${op.name} has weights [${want.join(', ')}], got [${l.weightShape.join(', ')}]` });
    }
    if (l.weights.length !== weightCount(op)) issues.push({ path: ['layers', i, 'weights'], message: `expected ${weightCount(op)} weights, got ${l.weights.length}` });
    if (l.mask.length !== weightCount(op)) issues.push({ path: ['layers', i, 'mask'], message: `expected ${weightCount(op)} mask entries, got ${l.mask.length}` });
    if (l.bias.length !== op.K) issues.push({ path: ['layers', i, 'bias'], message: `expected ${op.K} biases, got ${l.bias.length}` });
  });
  return issues;
};

/** A deep copy of a model's layers (fresh typed arrays). */
export const cloneLayers = (m: TrainedModel): ReadonlyArray<LayerParams> =>
  m.layers.map((l) => ({ ...l, weightShape: [...l.weightShape], weights: l.weights.slice(), bias: l.bias.slice(), mask: l.mask.slice() }));
