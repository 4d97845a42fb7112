/**
 * The executable plan of a zoo network: its layers, in order, with every shape derived from the same
 * `Network` value the energy model evaluates (one source of truth). Activations are NHWC inside the trainer
 * (`H × W × C` per sample), so a conv layer is an fc layer over im2col rows; an fc layer reads its input
 * flattened in H·W·C order (identical to C·H·W for the two MNIST networks: the MLP's input has C = 1 and
 * LeNet-5's C5 output is 120×1×1).
 *
 * Supported: a chain (each layer reads the previous one; the first reads the network input) of `conv2d`
 * (groups 1, dilation 1, square stride), `fc` and `pool` (average pooling, in this trainer). ReLU follows
 * every MAC layer except the last. The data images are centred in the network's input: 28×28 MNIST digits
 * are zero-padded by 2 pixels on each side to LeNet-5's 32×32 input.
 */
import type { Network } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A conv layer: input H×W×C, output P×Q×K, kernel R×S, `param` = index into the model's layers. */
export interface ConvOp {
  readonly kind: 'conv2d';
  readonly name: string;
  readonly param: number;
  readonly H: number; readonly W: number; readonly C: number;
  readonly K: number; readonly R: number; readonly S: number;
  readonly stride: number; readonly pad: number;
  readonly P: number; readonly Q: number;
  readonly relu: boolean;
}

/** An fc layer: C inputs, K outputs. */
export interface FcOp {
  readonly kind: 'fc';
  readonly name: string;
  readonly param: number;
  readonly C: number;
  readonly K: number;
  readonly relu: boolean;
}

/** Average pooling, window k, stride, input H×W×C → P×Q×C. */
export interface PoolOp {
  readonly kind: 'pool';
  readonly name: string;
  readonly H: number; readonly W: number; readonly C: number;
  readonly k: number; readonly stride: number; readonly pad: number;
  readonly P: number; readonly Q: number;
}

export type Op = ConvOp | FcOp | PoolOp;
export type MacOp = ConvOp | FcOp;

export interface Plan {
  readonly network: string;
  readonly ops: ReadonlyArray<Op>;
  /** The MAC ops, in order (`macs[i].param === i`). */
  readonly macs: ReadonlyArray<MacOp>;
  /** The network input per sample: inH × inW × inC. */
  readonly inH: number;
  readonly inW: number;
  readonly inC: number;
  /** Elements per sample after op i (`sizes[0]` = the input; `sizes[i + 1]` = op i's output). */
  readonly sizes: ReadonlyArray<number>;
  /** Number of classes (the last MAC layer's K). */
  readonly classes: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The plan of `net`, or why the trainer cannot run it. */
export const planOf = (net: Network): Plan | string => {
  const ops: Op[] = [];
  const macs: MacOp[] = [];
  const sizes: number[] = [];
  let inH = 0, inW = 0, inC = 0;
  let prev: string | undefined;
  let cur: { H: number; W: number; C: number } | undefined;
  for (const l of net.layers) {
    const expectInputs = prev === undefined ? [] : [prev];
    if (l.inputs.length !== expectInputs.length || (prev !== undefined && l.inputs[0] !== prev)) {
      return `layer ${l.name}: the trainer runs chains only (each layer reads the previous one)`;
    }
    if (l.kind === 'add') return `layer ${l.name}: element-wise add is not supported by the trainer`;
    if (l.kind === 'conv2d') {
      if (l.groups !== 1 || l.dilationH !== 1 || l.dilationW !== 1 || l.strideH !== l.strideW || l.padH !== l.padW) {
        return `layer ${l.name}: the trainer supports conv2d with groups 1, dilation 1, equal strides and pads`;
      }
      if (cur === undefined) cur = { H: l.inHeight, W: l.inWidth, C: l.inChannels };
      if (cur.H !== l.inHeight || cur.W !== l.inWidth || cur.C !== l.inChannels) return `layer ${l.name}: input shape mismatch`;
      const P = Math.floor((l.inHeight + 2 * l.padH - l.kernelH) / l.strideH) + 1;
      const Q = Math.floor((l.inWidth + 2 * l.padW - l.kernelW) / l.strideW) + 1;
      const op: ConvOp = {
        kind: 'conv2d', name: l.name, param: macs.length, H: l.inHeight, W: l.inWidth, C: l.inChannels,
        K: l.outChannels, R: l.kernelH, S: l.kernelW, stride: l.strideH, pad: l.padH, P, Q, relu: true,
      };
      ops.push(op);
      macs.push(op);
      cur = { H: P, W: Q, C: l.outChannels };
    } else if (l.kind === 'fc') {
      if (cur === undefined) cur = { H: 1, W: 1, C: l.inFeatures };
      if (cur.H * cur.W * cur.C !== l.inFeatures) return `layer ${l.name}: input has ${cur.H * cur.W * cur.C} features, layer expects ${l.inFeatures}`;
      const op: FcOp = { kind: 'fc', name: l.name, param: macs.length, C: l.inFeatures, K: l.outFeatures, relu: true };
      ops.push(op);
      macs.push(op);
      cur = { H: 1, W: 1, C: l.outFeatures };
    } else {
      if (cur === undefined) cur = { H: l.inHeight, W: l.inWidth, C: l.channels };
      if (cur.H !== l.inHeight || cur.W !== l.inWidth || cur.C !== l.channels) return `layer ${l.name}: input shape mismatch`;
      const P = Math.floor((l.inHeight + 2 * l.pad - l.kernel) / l.stride) + 1;
      const Q = Math.floor((l.inWidth + 2 * l.pad - l.kernel) / l.stride) + 1;
      ops.push({ kind: 'pool', name: l.name, H: l.inHeight, W: l.inWidth, C: l.channels, k: l.kernel, stride: l.stride, pad: l.pad, P, Q });
      cur = { H: P, W: Q, C: l.channels };
    }
    if (sizes.length === 0) {
      const first = ops[0]!;
      if (first.kind === 'fc') { inH = 1; inW = 1; inC = first.C; } else { inH = first.H; inW = first.W; inC = first.C; }
      sizes.push(inH * inW * inC);
    }
    sizes.push(cur.H * cur.W * cur.C);
    prev = l.name;
  }
  const last = macs[macs.length - 1];
  if (last === undefined) return 'the network has no MAC layer';
  if (ops[ops.length - 1] !== last) return 'the last layer must be a MAC layer (the classifier)';
  ops[ops.length - 1] = { ...last, relu: false };
  macs[macs.length - 1] = ops[ops.length - 1] as MacOp;
  return { network: net.name, ops, macs, inH, inW, inC, sizes, classes: last.K };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** The weight shape of a MAC op: conv `[K, C, R, S]`, fc `[K, C]`. */
export const weightShapeOf = (op: MacOp): ReadonlyArray<number> => (op.kind === 'fc' ? [op.K, op.C] : [op.K, op.C, op.R, op.S]);

/** Number of weights of a MAC op. */
export const weightCount = (op: MacOp): number => (op.kind === 'fc' ? op.K * op.C : op.K * op.C * op.R * op.S);

/**
 * How a `h × w` image sits in the plan's input (`inH × inW`, one channel): centred with `top`/`left` zero
 * rows/columns (LeNet-5: 28×28 → 32×32, top = left = 2), or flattened (MLP: 784 features = 28·28).
 */
export const placement = (plan: Plan, h: number, w: number): { readonly top: number; readonly left: number } | string => {
  if (plan.inC === h * w && plan.inH === 1 && plan.inW === 1) return { top: 0, left: 0 };
  if (plan.inC !== 1 || plan.inH < h || plan.inW < w || (plan.inH - h) % 2 !== 0 || (plan.inW - w) % 2 !== 0) {
    return `${h}×${w} images do not fit the network input ${plan.inC}×${plan.inH}×${plan.inW}`;
  }
  return { top: (plan.inH - h) / 2, left: (plan.inW - w) / 2 };
};
