/**
 * Whole-network evaluation time: `evaluateNetwork` (default mapping per layer + nest analysis + pricing) for
 * zoo networks on the shipped Eyeriss config. Run: npx tsx bench/network.ts (JSON line per network).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { evaluateNetwork } from '../src/codesign/index.js';
import { decodeArch } from '../src/config/arch.js';
import { ZOO } from '../src/workload/zoo/index.js';

const arch = decodeArch(parse(readFileSync(new URL('../configs/eyeriss.yaml', import.meta.url), 'utf8')));
if (E.isLeft(arch)) throw new Error('configs/eyeriss.yaml does not decode');
for (const name of ['alexnet', 'vgg16', 'resnet50', 'mobilenet_v1']) {
  const net = ZOO[name]!({ batch: 1 });
  evaluateNetwork(arch.right, net, new Map()); // warm-up
  const reps = 5;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) evaluateNetwork(arch.right, net, new Map());
  const ms = (performance.now() - t0) / reps;
  console.log(JSON.stringify({ bench: 'network-eval', network: name, layers: net.layers.length, arch: 'eyeriss', mapping: 'default (greedy)', msPerEval: Number(ms.toFixed(2)) }));
}
