/**
 * Trainer speed: seconds per epoch on the full training split (8,004 digits) for `mnist-mlp` and `lenet5`,
 * batch 32, Adam, one thread. Prints one JSON line per network with the wall time and the process CPU time
 * per epoch (the CPU time is the honest figure on a shared machine), the median of `--epochs` epochs (default
 * 3), the held-out accuracy reached, the dense MACs of an epoch and MACs per CPU second. Run: npx tsx bench/train.ts [--epochs N] [--net NAME]
 */
import { performance } from 'node:perf_hooks';
import { evaluateModel, initModel, loadMnist, trainModel } from '../src/train/index.js';
import { planOf } from '../src/train/plan.js';
import type { Plan } from '../src/train/plan.js';
import { ZOO } from '../src/workload/zoo/index.js';

/** Dense multiply-accumulates of one training epoch: forward + weight gradients + input gradients (all MAC
 *  layers but the first). The sparse kernels skip the zero inputs of fc layers, so this is an upper bound
 *  of the work done, and MACs / CPU second is a "dense-equivalent" rate. */
const macsPerEpoch = (plan: Plan, n: number): number => {
  const per = plan.macs.map((op) => (op.kind === 'fc' ? op.C * op.K : op.P * op.Q * op.K * op.C * op.R * op.S));
  const fwd = per.reduce((a, b) => a + b, 0);
  return n * (2 * fwd + fwd - per[0]!);
};

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const epochs = Number(arg('epochs') ?? 3);
const nets = arg('net') !== undefined ? [arg('net')!] : ['mnist-mlp', 'lenet5'];
const split = loadMnist();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const name of nets) {
  const net = ZOO[name]!({ batch: 1 });
  const wall: number[] = [];
  const cpu: number[] = [];
  let t = performance.now();
  let c = process.cpuUsage();
  const model = trainModel(net, initModel(net, 1), split.train, { epochs, seed: 1 }, () => {
    const now = performance.now();
    const cu = process.cpuUsage(c);
    wall.push((now - t) / 1000);
    cpu.push((cu.user + cu.system) / 1e6);
    t = performance.now();
    c = process.cpuUsage();
  });
  const test = evaluateModel(net, model, split.test);
  const macs = macsPerEpoch(planOf(net) as Plan, split.train.n);
  console.log(JSON.stringify({
    bench: 'train-epoch', network: name, trainDigits: split.train.n, batch: 32, optimizer: 'adam', epochs,
    wallSecondsPerEpoch: Number(median(wall).toFixed(2)), cpuSecondsPerEpoch: Number(median(cpu).toFixed(2)),
    testAccuracy: Number(test.accuracy.toFixed(4)),
    gigaMacsPerEpoch: Number((macs / 1e9).toFixed(2)), gigaMacsPerCpuSecond: Number((macs / 1e9 / median(cpu)).toFixed(2)),
  }));
}
