/**
 * Test helpers for the Timeloop exercise fixtures (test/fixtures/timeloop-exercises, see its README): load and
 * import a case, evaluate it, and read the per-level, per-tensor scalar counts from a Timeloop stats.txt.
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import YAML from 'yaml';
import type { CountingConvention } from '../../src/arch/index.js';
import { evaluateProblem } from '../../src/codesign/index.js';
import { decodeArch, decodeMapping, decodeNetwork } from '../../src/config/index.js';
import { importTimeloop } from '../../src/timeloop/index.js';
import { toProblem, isMacLayer } from '../../src/workload/index.js';

export const FIXTURES = new URL('../fixtures/timeloop-exercises/', import.meta.url);
const read = (rel: string): unknown => YAML.parse(readFileSync(new URL(rel, FIXTURES), 'utf8'), { logLevel: 'error' });

export interface ScalarCounts {
  reads: number;
  fills: number;
  updates: number;
}
/** level name → tensor (Weights / Inputs / Outputs) → counts per instance. */
export type StatsCounts = Record<string, Record<string, ScalarCounts>>;

/** Parse the "Buffer and Arithmetic Levels" part of a Timeloop stats.txt. */
export const parseStats = (rel: string): StatsCounts => {
  const text = readFileSync(new URL(rel, FIXTURES), 'utf8');
  const body = text.split(/^Networks$/m)[0]!;
  const out: StatsCounts = {};
  let level: string | null = null;
  let tensor: string | null = null;
  for (const line of body.split('\n')) {
    const lv = /^=== (\S+) ===/.exec(line);
    if (lv) {
      level = lv[1]!;
      tensor = null;
      continue;
    }
    const ts = /^ {4}(Weights|Inputs|Outputs):\s*$/.exec(line);
    if (ts && level) {
      tensor = ts[1]!;
      (out[level] ??= {})[tensor] = { reads: 0, fills: 0, updates: 0 };
      continue;
    }
    const c = /Scalar (reads|fills|updates) \(per-instance\)\s*:\s*(\d+)/.exec(line);
    if (c && level && tensor) out[level]![tensor]![c[1] as keyof ScalarCounts] = Number(c[2]);
  }
  return out;
};

/** Per level (and `MACC`): Timeloop's "Energy (total)" in pJ, summed over the level's tensors. */
export const parseLevelEnergy = (rel: string): Record<string, number> => {
  const text = readFileSync(new URL(rel, FIXTURES), 'utf8').split(/^Networks$/m)[0]!;
  const out: Record<string, number> = {};
  let level = '';
  let tensor = '';
  for (const line of text.split('\n')) {
    const lv = /^=== (\S+) ===/.exec(line);
    if (lv) {
      level = lv[1]!;
      tensor = '';
      continue;
    }
    const ts = /^ {4}(Weights|Inputs|Outputs):\s*$/.exec(line);
    if (ts) tensor = ts[1]!;
    const e = /^ {8}Energy \(total\)\s*:\s*([\d.]+) pJ/.exec(line);
    if (e && tensor) out[level] = (out[level] ?? 0) + Number(e[1]);
    const m = /^ {4}Energy \(total\)\s*:\s*([\d.]+) pJ/.exec(line);
    if (m && !tensor) out[level] = Number(m[1]);
  }
  return out;
};

/** The four cases: Timeloop's processed input (architecture, problem and mapping in one file) and its stats. */
export const CASES = ['03-no-bypass', '03-bypass', '04-cp', '04-kp'] as const;

/** Import a case (its input.yaml, optionally its ERT) and evaluate it under `convention`: the same shape as `parseStats`. */
export const evaluateCase = (dir: string, convention: CountingConvention, withErt = false) => {
  const input = read(`${dir}/input.yaml`);
  const docs = importTimeloop({ arch: input, problem: input, mapping: input, ...(withErt ? { ert: read(`${dir}/ERT.yaml`) } : {}) }, { convention });
  if (E.isLeft(docs)) throw new Error(JSON.stringify(docs.left));
  const a = decodeArch(docs.right.arch);
  if (E.isLeft(a)) throw new Error(JSON.stringify(a.left));
  const net = decodeNetwork(docs.right.network);
  if (E.isLeft(net)) throw new Error(JSON.stringify(net.left));
  const layer = net.right.layers.find(isMacLayer)!;
  const maps = decodeMapping(docs.right.mapping, a.right, [layer.name]);
  if (E.isLeft(maps)) throw new Error(JSON.stringify(maps.left));
  const m = maps.right.get(layer.name) ?? maps.right.get('*')!;
  const r = evaluateProblem(a.right, toProblem(layer), m);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  const out: StatsCounts = {};
  for (const lv of r.right.stats.levels) {
    if (lv.name === 'inter_PE_spatial') continue;
    out[lv.name] = {};
    for (const [t, name] of [['W', 'Weights'], ['I', 'Inputs'], ['O', 'Outputs']] as const) {
      const s = lv.tensors[t];
      if (s.kept) out[lv.name]![name] = { reads: s.reads, fills: s.fills, updates: s.updates };
    }
  }
  return { counts: out, result: r.right };
};
