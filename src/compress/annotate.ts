/**
 * A compressed model as a network the model evaluates: the zoo network with, per MAC layer, the MEASURED
 * weight density (non-zero weights / all), the MEASURED input and output activation densities (from
 * `evaluateModel` over a data set, after any activation thresholds) and the per-tensor bits of the model's
 * fixed-point formats (weights: the weight format's total bits; inputs: the activation format's; outputs /
 * partial sums keep the network's width — accumulators stay wide). Written by the CLI with `encodeNetwork`
 * as a network YAML that `codesim eval --net FILE` reads.
 */
import type { EvalResult, TrainedModel } from '../train/index.js';
import { isMacLayer, type Layer, type Network } from '../workload/index.js';
import { totalBits } from './fixedPoint.js';
import { weightDensity } from './model.js';

/** Smallest density written (a network file needs densities in (0, 1]; an all-zero tensor is written as this). */
export const MIN_DENSITY = 1e-6;

const clampDensity = (d: number | undefined, dflt: number): number => {
  if (d === undefined || !Number.isFinite(d)) return dflt;
  return Math.min(1, Math.max(MIN_DENSITY, d));
};

/** Per MAC layer: what the network says about it. */
export interface LayerAnnotation {
  readonly name: string;
  readonly weightDensity: number;
  readonly inputDensity: number;
  readonly outputDensity: number;
  readonly bits: { readonly weights: number; readonly inputs: number; readonly outputs: number };
}

/**
 * The network of a compressed model: `net` (batch 1 zoo network) with measured densities and the model's
 * bits; `name` names the result. Layers the model does not parameterize keep their annotations.
 */
export const annotateNetwork = (net: Network, model: TrainedModel, measured: EvalResult, name: string): Network => {
  const params = new Map(model.layers.map((l) => [l.name, l]));
  const layers = net.layers.map((l): Layer => {
    if (!isMacLayer(l)) return l;
    const p = params.get(l.name);
    const q = model.quant?.[l.name];
    return {
      ...l,
      density: {
        W: p ? clampDensity(weightDensity(p), l.density.W) : l.density.W,
        I: clampDensity(measured.inputDensity[l.name], l.density.I),
        O: clampDensity(measured.outputDensity[l.name], l.density.O),
      },
      bits: {
        W: q?.weights ? totalBits(q.weights) : l.bits.W,
        I: q?.activations ? totalBits(q.activations) : l.bits.I,
        O: l.bits.O,
      },
    };
  });
  return { name, source: `${net.source}; compressed by codesim (measured densities, model bit widths)`, layers };
};

/** The per-layer annotations of a network (MAC layers), for reports. */
export const layerAnnotations = (net: Network): ReadonlyArray<LayerAnnotation> =>
  net.layers.filter(isMacLayer).map((l) => ({
    name: l.name,
    weightDensity: l.density.W,
    inputDensity: l.density.I,
    outputDensity: l.density.O,
    bits: { weights: l.bits.W, inputs: l.bits.I, outputs: l.bits.O },
  }));
