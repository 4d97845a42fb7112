/**
 * Trainer speed: seconds per epoch on the full training split (8,004 digits) for `mnist-mlp` and `lenet5`,
 * batch 32, Adam, one thread. Prints one JSON line per network with the wall time and the process CPU time
 * per epoch (the CPU time is the honest figure on a shared machine), the median of `--epochs` epochs (default
 * 3), and the held-out accuracy reached. Run: npx tsx bench/train.ts [--epochs N] [--net NAME]
 */
import { performance } from 'node:perf_hooks';
import { evaluateModel, initModel, loadMnist, trainModel } from '../src/train/index.js';
import { ZOO } from '../src/workload/zoo/index.js';

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
  console.log(JSON.stringify({
    bench: 'train-epoch', network: name, trainDigits: split.train.n, batch: 32, optimizer: 'adam', epochs,
    wallSecondsPerEpoch: Number(median(wall).toFixed(2)), cpuSecondsPerEpoch: Number(median(cpu).toFixed(2)),
    testAccuracy: Number(test.accuracy.toFixed(4)),
  }));
}
