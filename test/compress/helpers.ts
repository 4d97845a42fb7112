/**
 * Test fixtures for the compression methods: a tiny fc network, random trained-looking models of it, a small
 * accelerator (gating or skipping), and a FAKE trainer whose accuracy is a known function of the model, so
 * the methods' logic is tested in milliseconds (the real trainer is exercised by the CLI tests).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../../src/arch/index.js';
import { targetChooser, type EnergyTarget } from '../../src/compress/energy.js';
import type { CompressContext, Trainer } from '../../src/compress/context.js';
import { decodeArch } from '../../src/config/arch.js';
import { makeRng } from '../../src/core/index.js';
import { ANY_DATAFLOW } from '../../src/mapping/index.js';
import type { Dataset, LayerParams, TrainedModel } from '../../src/train/index.js';
import { denseAnnotations, type Network } from '../../src/workload/index.js';

/** fc 16 → 12 → 8 → 4 (batch 1). */
export const tinyNet: Network = {
  name: 'tiny-mlp',
  source: 'test',
  layers: [
    { kind: 'fc', name: 'a', inputs: [], batch: 1, inFeatures: 16, outFeatures: 12, ...denseAnnotations(16) },
    { kind: 'fc', name: 'b', inputs: ['a'], batch: 1, inFeatures: 12, outFeatures: 8, ...denseAnnotations(16) },
    { kind: 'fc', name: 'c', inputs: ['b'], batch: 1, inFeatures: 8, outFeatures: 4, ...denseAnnotations(16) },
  ],
};

export const randomModel = (seed: number, zeroFraction = 0): TrainedModel => {
  const rng = makeRng(seed);
  const layers: LayerParams[] = [[12, 16], [8, 12], [4, 8]].map(([k, c], i) => {
    const n = k! * c!;
    const weights = new Float32Array(n);
    const mask = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      const pruned = rng.next() < zeroFraction;
      mask[j] = pruned ? 0 : 1;
      weights[j] = pruned ? 0 : rng.normal() * 0.3 + (rng.next() < 0.5 ? 0.01 : -0.01);
    }
    return { name: ['a', 'b', 'c'][i]!, kind: 'fc', weightShape: [k!, c!], weights, bias: new Float32Array(k!), mask };
  });
  return { format: 'codesim-model', version: 1, network: 'tiny-mlp', layers, meta: { seed, epochs: 1 } };
};

/** A dataset placeholder (the fake trainer ignores the data). */
export const noData: Dataset = { n: 1, height: 4, width: 4, images: new Float32Array(16), labels: new Uint8Array(1) };

/**
 * Fake trainer: accuracy = 1 − Σ |pruned weights' magnitudes at the model's creation| is not available, so it
 * is the fraction of total |w| mass kept (relative to `reference`) — pruning small weights costs little,
 * pruning big ones a lot; training is the identity; input densities fixed at 0.5; activations random but seeded.
 */
export const fakeTrainer = (reference: TrainedModel): Trainer & { calls: { train: number; evaluate: number } } => {
  const mass = (m: TrainedModel): number => m.layers.reduce((a, l) => a + l.weights.reduce((s, w) => s + Math.abs(w), 0), 0);
  const total = mass(reference);
  const calls = { train: 0, evaluate: 0 };
  return {
    calls,
    train: (_net, m) => {
      calls.train++;
      return m;
    },
    evaluate: (_net, m, _d, opts = {}) => {
      calls.evaluate++;
      let acc = mass(m) / total;
      const th = opts.activationThreshold ?? {};
      for (const v of Object.values(th)) acc -= v / 10;
      if (opts.quantize && m.quant) for (const q of Object.values(m.quant)) acc -= 0.01 * Math.max(0, 8 - (1 + (q.weights?.intBits ?? 7) + (q.weights?.fracBits ?? 0)));
      const dens = Object.fromEntries(m.layers.map((l) => [l.name, 0.5]));
      return { accuracy: acc, loss: 0, inputDensity: dens, outputDensity: dens };
    },
    activations: (_net, m, _d, layer, n) => {
      const l = m.layers.find((x) => x.name === layer)!;
      const [k, c] = l.weightShape as [number, number];
      const rng = makeRng(n + c);
      const inputs = new Float32Array(n * c).map(() => rng.normal());
      const outputs = new Float32Array(n * k);
      for (let r = 0; r < n; r++) for (let o = 0; o < k; o++) {
        let s = l.bias[o]!;
        for (let j = 0; j < c; j++) s += inputs[r * c + j]! * l.weights[o * c + j]!;
        outputs[r * k + o] = s;
      }
      return { inputs, rows: n, cols: c, outputs };
    },
  };
};

/** A two-level accelerator with the given sparse support (MAC-normalized Eyeriss costs). */
export const smallArch = (sparse: 'gating' | 'skipping'): Arch => {
  const doc = {
    name: `small-${sparse}`, clockMHz: 200, costs: 'eyeriss-normalized',
    levels: [
      { name: 'DRAM', kind: 'dram', wordBits: 16, ...(sparse === 'skipping' ? { formats: { weights: { format: 'csr', metadataBits: 4 }, inputs: { format: 'rle', metadataBits: 4 } } } : {}) },
      { name: 'GLB', kind: 'sram', capacityWords: 4096, wordBits: 16, actionOptimizations: [{ kind: sparse, target: 'weights', condition: ['inputs'] }, { kind: sparse, target: 'inputs', condition: ['weights'] }] },
    ],
    compute: { instances: 4, sparse },
  };
  const a = decodeArch(doc);
  if (E.isLeft(a)) throw new Error(JSON.stringify(a.left));
  return a.right;
};

export const tinyContext = (model: TrainedModel, sparse: 'gating' | 'skipping' = 'skipping', trainer: Trainer = fakeTrainer(model)): CompressContext => {
  const target: EnergyTarget = { arch: smallArch(sparse), dataflow: ANY_DATAFLOW, mapping: 'greedy' };
  return { net: tinyNet, trainer, data: { train: noData, validation: noData, test: noData }, target, chooser: targetChooser(target), seed: 1, log: () => undefined };
};

/** The Right of an Either, or a test failure naming the Left. */
export const right = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got Left: ${JSON.stringify(e.left, (_k, v: unknown) => (typeof v === 'object' && v !== null && 'layers' in v ? '[network]' : v))}`);
  return e.right;
};
