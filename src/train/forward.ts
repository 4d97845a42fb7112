/**
 * Inference over a data set: accuracy, loss and the MEASURED activation densities of every MAC layer
 * (`evaluateModel`), optionally with Minerva's stage-3 quantization and stage-4 activation thresholds; and
 * the inputs / pre-activation outputs of one layer (`layerActivations`) for least-squares refits.
 */
import { loadBatch, softmaxXent } from './engine.js';
import type { InputHook } from './engine.js';
import { im2col } from './kernels.js';
import { gemmNT } from './kernels.js';
import { planOrThrow } from './model.js';
import { placement } from './plan.js';
import { quantizeInPlace } from './quantize.js';
import { evalForward, makeEvalEngine } from './wasmEval.js';
import type { EvaluateModel, LayerActivationsFn } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Samples per forward batch at evaluation. */
const EVAL_BATCH = 100;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Accuracy (argmax = label), mean cross-entropy, and per MAC layer the fraction of non-zero input and
 * output elements over all of `data`. Order per MAC layer input: quantize (if `quantize` and the model's
 * `quant` has an `activations` format for it) → zero |x| < threshold → count → the layer. Weights are
 * quantized once with the `weights` formats when `quantize` is set.
 */
export const evaluateModel: EvaluateModel = (net, model, data, opts = {}) => {
  const plan = planOrThrow(net);
  const place = placement(plan, data.height, data.width);
  if (typeof place === 'string') throw new Error(`train: ${place}`);
  const e = makeEvalEngine(plan, model.layers, Math.max(1, Math.min(EVAL_BATCH, data.n)), place);
  const quant = opts.quantize === true ? model.quant ?? {} : {};
  plan.macs.forEach((op, i) => {
    const f = quant[op.name]?.weights;
    if (f !== undefined) quantizeInPlace(e.wt[i]!, e.wt[i]!.length, f);
  });
  const actFormat = plan.macs.map((op) => quant[op.name]?.activations);
  const thresholds = plan.macs.map((op) => opts.activationThreshold?.[op.name] ?? 0);
  const inNonZero = new Float64Array(plan.macs.length);
  const inTotal = new Float64Array(plan.macs.length);
  const hook: InputHook = (mac, x, n) => {
    const f = actFormat[mac];
    if (f !== undefined) quantizeInPlace(x, n, f);
    const t = thresholds[mac]!;
    let nz = 0;
    if (t > 0) {
      for (let j = 0; j < n; j++) {
        const v = x[j]!;
        if (v !== 0 && Math.abs(v) < t) x[j] = 0;
        else if (v !== 0) nz++;
      }
    } else {
      nz = e.k.countNonZero64(x.byteOffset, n); // x is a view of the engine's memory; nothing to zero
    }
    inNonZero[mac] = inNonZero[mac]! + nz;
    inTotal[mac] = inTotal[mac]! + n;
  };
  const outNonZero = new Float64Array(plan.macs.length);
  const outTotal = new Float64Array(plan.macs.length);
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < data.n; start += e.maxBatch) {
    const B = Math.min(e.maxBatch, data.n - start);
    loadBatch(e, data, null, start, B);
    evalForward(e, B, hook);
    plan.ops.forEach((op, i) => {
      if (op.kind === 'pool') return;
      const n = B * plan.sizes[i + 1]!;
      outNonZero[op.param] = outNonZero[op.param]! + e.k.countNonZero64(e.actP[i + 1]!, n);
      outTotal[op.param] = outTotal[op.param]! + n;
    });
    const r = softmaxXent(e, B, data.labels, null, start);
    loss += r.loss;
    correct += r.correct;
  }
  const inputDensity: Record<string, number> = {};
  const outputDensity: Record<string, number> = {};
  plan.macs.forEach((op, i) => {
    inputDensity[op.name] = inTotal[i]! > 0 ? inNonZero[i]! / inTotal[i]! : 0;
    outputDensity[op.name] = outTotal[i]! > 0 ? outNonZero[i]! / outTotal[i]! : 0;
  });
  return { accuracy: data.n > 0 ? correct / data.n : 0, loss: data.n > 0 ? loss / data.n : 0, inputDensity, outputDensity };
};

/**
 * Layer `layer`'s inputs (fc: one row per sample, C columns; conv: im2col rows, one per (sample, p, q),
 * C·R·S columns in c·R·S + r·S + s order) and its pre-activation outputs (rows × K, bias included) for
 * the first min(n, data.n) samples, with the model's float weights (no quantization or thresholds).
 * Throws for a layer name the network does not have (callers pass names from the model).
 */
export const layerActivations: LayerActivationsFn = (net, model, data, layer, n) => {
  const plan = planOrThrow(net);
  const place = placement(plan, data.height, data.width);
  if (typeof place === 'string') throw new Error(`train: ${place}`);
  const opIndex = plan.ops.findIndex((o) => o.kind !== 'pool' && o.name === layer);
  const op = plan.ops[opIndex];
  if (op === undefined || op.kind === 'pool') throw new Error(`train: network ${net.name} has no MAC layer '${layer}'`);
  const count = Math.max(0, Math.min(n, data.n));
  const batch = Math.max(1, Math.min(EVAL_BATCH, count));
  const e = makeEvalEngine(plan, model.layers, batch, place);
  const w = Float64Array.from(model.layers[op.param]!.weights);
  const bias = Float64Array.from(model.layers[op.param]!.bias);
  const perRow = op.kind === 'fc' ? 1 : op.P * op.Q;
  const cols = op.kind === 'fc' ? op.C : op.C * op.R * op.S;
  const rows = count * perRow;
  const inputs = new Float64Array(rows * cols);
  const outputs = new Float64Array(rows * op.K);
  for (let start = 0; start < count; start += batch) {
    const B = Math.min(batch, count - start);
    loadBatch(e, data, null, start, B);
    if (opIndex > 0) evalForward(e, B, undefined, opIndex - 1);
    const x = e.acts[opIndex]!;
    const r0 = start * perRow;
    if (op.kind === 'fc') inputs.set(x.subarray(0, B * op.C), r0 * cols);
    else im2col(x, 0, B, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, inputs.subarray(r0 * cols));
    gemmNT(inputs, r0 * cols, B * perRow, cols, w, 0, op.K, bias, outputs, r0 * op.K, false);
  }
  return { inputs: Float32Array.from(inputs), rows, cols, outputs: Float32Array.from(outputs) };
};
