/**
 * A 784-256-256-256-10 multilayer perceptron for MNIST (28×28 images flattened), fully connected layers
 * only — the MNIST network of Minerva (Reagen et al., ISCA 2016).
 *
 * Dense MACs at batch 1: 784·256 + 256·256 + 256·256 + 256·10 = 334,336.
 */
import type { Network } from '../network.js';
import { fc, networkInput, tap, zooContext } from './build.js';
import type { ZooOptions } from './build.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** The MNIST MLP at `opts.batch`, dense, `opts.bits` (default 16) bits; layers `fc1`..`fc4`. */
export const mnistMlp = (opts: ZooOptions): Network => {
  const ctx = zooContext(opts);
  const fc1 = fc(ctx, 'fc1', networkInput(784, 1, 1), 256);
  const fc2 = fc(ctx, 'fc2', tap(fc1), 256);
  const fc3 = fc(ctx, 'fc3', tap(fc2), 256);
  const fc4 = fc(ctx, 'fc4', tap(fc3), 10);
  return {
    name: 'mnist-mlp',
    source:
      'Reagen et al., "Minerva: Enabling Low-Power, Highly-Accurate Deep Neural Network Accelerators", ISCA 2016 (MNIST 784-256-256-256-10 MLP)',
    layers: [fc1, fc2, fc3, fc4],
  };
};
