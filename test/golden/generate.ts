/**
 * Regenerates the golden corpus DELIBERATELY (`npm run golden:update`): only when a change of the model's numbers
 * is intended. The diff of the regenerated files is then reviewed in the commit (docs/testing.md).
 *
 * Deterministic: the accelerators are the shipped `configs/*.yaml` and variants of them (network multicast /
 * spatial reduction off, network energy, compressed formats, gating / skipping, finite bandwidths, multi-word
 * blocks, 8-bit and wide words with and without bit-scaled access energy); the layers a fixed list (plain, strided,
 * dilated, grouped, depthwise, FC, batched, two AlexNet layers) with densities and bit widths drawn from a seeded
 * RNG; each mapping a seeded random valid point of the layer's mapspace (unconstrained, or a dataflow of the config),
 * stored in the record, so the corpus does not depend on the mapspace generator afterwards.
 *
 * Usage: npx tsx test/golden/generate.ts
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import type { Arch, StorageLevel } from '../../src/arch/index.js';
import { decodeArch } from '../../src/config/arch.js';
import { decodeDataflows } from '../../src/config/dataflow.js';
import { makeRng, type Rng } from '../../src/core/index.js';
import {
  ANY_DATAFLOW, fitsPoint, makeMapspace, newPoint, pointToMapping, validateMapping, type Dataflow, type Mapping,
} from '../../src/mapping/index.js';
import { NUM_DIMS, type DimVector, type Problem, type VectorLayer } from '../../src/workload/index.js';
import { archsToJsonl, compactMapping, observe, observeVector, type GoldenRecord } from './corpus.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const SEED = 20261202;

// ---------------------------------------------------------------------------------------------------------
// accelerators
// ---------------------------------------------------------------------------------------------------------

interface Config {
  readonly name: string;
  readonly arch: Arch;
  readonly dataflows: ReadonlyArray<Dataflow>;
}

const loadConfigs = (): Config[] =>
  readdirSync(join(ROOT, 'configs'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const doc = parse(readFileSync(join(ROOT, 'configs', f), 'utf8')) as { dataflows?: unknown };
      const a = decodeArch(doc);
      if (E.isLeft(a)) throw new Error(`${f}: ${JSON.stringify(a.left)}`);
      const dfs = decodeDataflows(doc.dataflows, a.right);
      if (E.isLeft(dfs)) throw new Error(`${f}: ${JSON.stringify(dfs.left)}`);
      return { name: f.replace(/\.yaml$/, ''), arch: a.right, dataflows: dfs.right.map((d) => d.dataflow) };
    });

type Ann = Pick<Problem, 'density' | 'bits'>;
/** A toggle changes the arch and/or the layer's annotations (densities, bits). */
interface Toggle {
  readonly arch?: (a: Arch) => Arch;
  readonly ann?: (x: Ann, rng: Rng) => Ann;
}

const mapLevels = (a: Arch, f: (l: StorageLevel, i: number, L: number) => StorageLevel): Arch => ({ ...a, levels: a.levels.map((l, i) => f(l, i, a.levels.length)) });
const pick = <A>(rng: Rng, xs: ReadonlyArray<A>): A => xs[rng.int(xs.length)]!;
const DENS = [0.3, 0.45, 0.5, 0.625, 0.8];
const sparse = (x: Ann, rng: Rng): Ann => ({ ...x, density: { W: pick(rng, DENS), I: pick(rng, DENS), O: pick(rng, [...DENS, 1]) } });

const TOGGLES: Readonly<Record<string, Toggle>> = {
  base: {},
  'no-multicast': { arch: (a) => ({ ...a, networks: a.networks.map((n) => ({ ...n, multicast: false })) }) },
  'no-reduction': { arch: (a) => ({ ...a, networks: a.networks.map((n) => ({ ...n, spatialReduction: false })) }) },
  'net-energy': { arch: (a) => ({ ...a, networks: a.networks.map((n, i) => ({ ...n, energyPerWord: 0.5 + i })) }) },
  sparse: { ann: sparse },
  rle: {
    arch: (a) => mapLevels(a, (l, i) => (i <= 1 ? { ...l, formats: { ...l.formats, I: { format: 'rle', metadataBits: 5 }, O: { format: 'rle', metadataBits: 4 } } } : l)),
    ann: sparse,
  },
  bitmask: {
    arch: (a) => mapLevels(a, (l, i) => (i <= 1 ? { ...l, formats: { ...l.formats, I: { format: 'bitmask', metadataBits: 1 }, W: { format: 'bitmask', metadataBits: 1 } } } : l)),
    ann: sparse,
  },
  csr: {
    arch: (a) =>
      mapLevels(a, (l, i) =>
        i <= 1 ? { ...l, energy: { ...l.energy, metadataPerWord: 0.75 }, formats: { ...l.formats, W: { format: 'csr', metadataBits: 6 }, I: { format: 'csr', metadataBits: 7 } } } : l,
      ),
    ann: sparse,
  },
  gating: {
    arch: (a) => ({
      ...mapLevels(a, (l, i, L) =>
        i === L - 1
          ? { ...l, energy: { ...l.energy, gatedFraction: 0.2 }, actionOptimizations: [{ kind: 'gating', target: 'W', condition: ['I'] }] }
          : i === 1
            ? { ...l, energy: { ...l.energy, gatedFraction: 0.1 }, actionOptimizations: [{ kind: 'gating', target: 'O', condition: ['W', 'I'] }] }
            : l,
      ),
      compute: { ...a.compute, sparse: 'gating', gatedFraction: 0.15 },
    }),
    ann: sparse,
  },
  skipping: {
    arch: (a) => ({
      ...mapLevels(a, (l, i, L) =>
        i === L - 1
          ? { ...l, actionOptimizations: [{ kind: 'skipping', target: 'I', condition: ['W'] }] }
          : i === 1
            ? { ...l, actionOptimizations: [{ kind: 'skipping', target: 'W', condition: ['I'] }, { kind: 'gating', target: 'W', condition: ['W'] }] }
            : l,
      ),
      compute: { ...a.compute, sparse: 'skipping' },
    }),
    ann: sparse,
  },
  // The shipped presets price a write like a read; distinct costs make a read / write mix-up visible.
  'asym-energy': {
    arch: (a) => ({
      ...mapLevels(a, (l, i) => ({ ...l, energy: { ...l.energy, read: l.energy.read * (1 + 0.125 * i), write: l.energy.write * 1.5 + 0.25, metadataPerWord: 0.625 } })),
      compute: { ...a.compute, addEnergy: a.compute.addEnergy + 0.03125 },
    }),
  },
  bandwidth: { arch: (a) => mapLevels(a, (l, i, L) => ({ ...l, bandwidthWordsPerCycle: i === 0 ? 1 : i === L - 1 ? 1 : 2 })) },
  blocks: { arch: (a) => mapLevels(a, (l, i) => ({ ...l, blockWords: i === 0 ? 8 : i === 1 ? 4 : 2 })) },
  bits8: { arch: (a) => ({ ...a, scaleAccessEnergyWithBits: true }), ann: (x) => ({ ...x, bits: { W: 8, I: 8, O: 16 } }) },
  'bits8-noscale': { arch: (a) => ({ ...a, scaleAccessEnergyWithBits: false }), ann: (x) => ({ ...x, bits: { W: 8, I: 8, O: 16 } }) },
  'wide-words': {
    arch: (a) => ({ ...mapLevels(a, (l, i) => (i <= 1 ? { ...l, wordBits: 64 } : l)), scaleAccessEnergyWithBits: true }),
    ann: (x) => ({ ...x, bits: { W: 8, I: 4, O: 32 } }),
  },
};
/** The named variants every config gets (records each); random combinations of 2–4 toggles come on top. */
const VARIANTS: ReadonlyArray<ReadonlyArray<string>> = [
  ['base'], ['no-multicast'], ['no-reduction'], ['no-multicast', 'no-reduction'], ['net-energy'], ['sparse'], ['rle'], ['bitmask'], ['csr'],
  ['gating'], ['skipping'], ['asym-energy'], ['asym-energy', 'rle'], ['asym-energy', 'bitmask'], ['asym-energy', 'csr'], ['asym-energy', 'gating'], ['bandwidth'], ['blocks'], ['bits8'], ['bits8-noscale'], ['wide-words'],
];
const PER_VARIANT = 4;
const RANDOM_COMBOS = 100;

// ---------------------------------------------------------------------------------------------------------
// layers
// ---------------------------------------------------------------------------------------------------------

const prob = (name: string, b: Partial<DimVector>, o: Partial<Problem> = {}): Problem => ({
  name,
  bounds: { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1, ...b },
  strideH: 1, strideW: 1, dilationH: 1, dilationW: 1,
  density: { W: 1, I: 1, O: 1 },
  bits: { W: 16, I: 16, O: 16 },
  ...o,
});
const PROBLEMS: ReadonlyArray<Problem> = [
  prob('conv3x3', { C: 8, K: 16, P: 8, Q: 8, R: 3, S: 3 }),
  prob('strided', { C: 3, K: 8, P: 5, Q: 5, R: 5, S: 5 }, { strideH: 2, strideW: 2 }),
  prob('dilated', { C: 4, K: 8, P: 6, Q: 6, R: 3, S: 3 }, { dilationH: 2, dilationW: 2 }),
  prob('grouped', { G: 2, C: 4, K: 6, P: 6, Q: 6, R: 3, S: 3 }),
  prob('depthwise', { G: 16, P: 7, Q: 7, R: 3, S: 3 }, { strideH: 2 }),
  prob('fc', { N: 4, C: 64, K: 32 }),
  prob('batch1x1', { N: 2, C: 16, K: 16, P: 4, Q: 4 }),
  prob('rect', { C: 6, K: 4, P: 9, Q: 3, R: 3, S: 1 }, { strideW: 3, dilationH: 3 }),
  prob('alexnet-conv1', { C: 3, K: 96, P: 55, Q: 55, R: 11, S: 11 }, { strideH: 4, strideW: 4 }),
  prob('alexnet-conv4', { G: 2, C: 192, K: 192, P: 13, Q: 13, R: 3, S: 3 }),
];

const VECTORS: ReadonlyArray<Omit<VectorLayer, 'bits'>> = [
  { kind: 'pool', name: 'pool1', inputs: [], batch: 1, channels: 96, inHeight: 55, inWidth: 55, kernel: 3, stride: 2, pad: 0 },
  { kind: 'pool', name: 'pool-small', inputs: [], batch: 2, channels: 5, inHeight: 9, inWidth: 7, kernel: 2, stride: 2, pad: 1 },
  { kind: 'add', name: 'add', inputs: [], batch: 1, channels: 64, inHeight: 14, inWidth: 14, kernel: 1, stride: 1, pad: 0 },
  { kind: 'add', name: 'add-odd', inputs: [], batch: 3, channels: 7, inHeight: 5, inWidth: 3, kernel: 1, stride: 1, pad: 0 },
];

// ---------------------------------------------------------------------------------------------------------
// mappings
// ---------------------------------------------------------------------------------------------------------

/** A seeded random valid mapping of `p` on `arch` under `df` (null if none found in the try budget). */
const randomMapping = (arch: Arch, p: Problem, df: Dataflow, rng: Rng, tries: number): Mapping | null => {
  const ms = makeMapspace(arch, p, df);
  if (ms.factorizations.some((f) => f.length === 0)) return null;
  const pt = newPoint(ms);
  for (let i = 0; i < tries; i++) {
    for (let d = 0; d < NUM_DIMS; d++) pt.choice[d] = rng.int(ms.factorizations[d]!.length);
    for (let l = 0; l < ms.numLevels; l++) pt.keep[l] = pick(rng, ms.keepChoices[l]!);
    if (!fitsPoint(ms, pt)) continue;
    for (let l = 0; l < ms.numLevels; l++) {
      const o = pt.perm[l]!;
      for (let k = NUM_DIMS - ms.fixedInner[l]!.length - 1; k > 0; k--) {
        const j = rng.int(k + 1);
        const t = o[k]!;
        o[k] = o[j]!;
        o[j] = t;
      }
    }
    const m = pointToMapping(ms, pt, 'golden');
    if (E.isRight(validateMapping(arch, p, m))) return m;
  }
  return null;
};

// ---------------------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------------------

const main = (): void => {
  const rng = makeRng(SEED);
  const configs = loadConfigs();
  const archs: Record<string, Arch> = {};
  const records = new Map<string, GoldenRecord[]>(configs.map((c) => [c.name, []]));
  const build = (c: Config, toggles: ReadonlyArray<string>): { key: string; arch: Arch; ann: (x: Ann) => Ann } => {
    let a = c.arch;
    for (const t of toggles) a = TOGGLES[t]!.arch?.(a) ?? a;
    const key = `${c.name}/${toggles.join('+')}`;
    archs[key] = a;
    return { key, arch: a, ann: (x) => toggles.reduce((acc, t) => TOGGLES[t]!.ann?.(acc, rng) ?? acc, x) };
  };
  const addMac = (c: Config, toggles: ReadonlyArray<string>, p0: Problem, n: number): boolean => {
    const v = build(c, toggles);
    const p = { ...p0, ...v.ann({ density: p0.density, bits: p0.bits }) };
    const useDf = c.dataflows.length > 0 && rng.int(3) === 0;
    const df = useDf ? pick(rng, c.dataflows) : ANY_DATAFLOW;
    const big = p.bounds.K * p.bounds.C * p.bounds.P > 10_000;
    const m = randomMapping(v.arch, p, df, rng, big ? 300_000 : 50_000) ?? (useDf ? randomMapping(v.arch, p, ANY_DATAFLOW, rng, big ? 300_000 : 50_000) : null);
    if (m === null) {
      process.stderr.write(`golden: no valid mapping for ${v.key} ${p.name}; skipped\n`);
      return false;
    }
    records.get(c.name)!.push({ id: `${v.key}/${p.name}/${n}`, arch: v.key, problem: p, mapping: compactMapping(m), expect: observe(v.arch, p, m) });
    return true;
  };
  let pi = 0;
  for (const c of configs) {
    for (const toggles of VARIANTS) for (let i = 0; i < PER_VARIANT; i++) addMac(c, toggles, PROBLEMS[pi++ % PROBLEMS.length]!, i);
  }
  const names = Object.keys(TOGGLES).filter((t) => t !== 'base');
  for (let i = 0; i < RANDOM_COMBOS; i++) {
    const c = pick(rng, configs);
    const k = 2 + rng.int(3);
    const chosen = new Set<string>();
    while (chosen.size < k) chosen.add(pick(rng, names));
    const toggles = names.filter((t) => chosen.has(t)); // canonical order
    addMac(c, toggles, pick(rng, PROBLEMS), i);
  }
  for (const c of configs) {
    for (const toggles of [['base'], ['bandwidth'], ['blocks'], ['asym-energy'], ['bits8-noscale'], ['wide-words']]) {
      const v = build(c, toggles);
      for (const vl of VECTORS) {
        for (const bits of [16, 8]) {
          const layer: VectorLayer = { ...vl, bits };
          records.get(c.name)!.push({ id: `${v.key}/${vl.name}/${bits}b`, arch: v.key, vector: layer, expect: observeVector(v.arch, layer) });
        }
      }
    }
  }
  const sorted = Object.entries(archs).sort(([a], [b]) => (a < b ? -1 : 1));
  const bases = Object.fromEntries(configs.map((c) => [c.name, c.arch]));
  writeFileSync(join(HERE, 'archs.jsonl'), archsToJsonl(bases, Object.fromEntries(sorted.map(([k, a]) => [k, { base: k.split('/')[0]!, arch: a }]))));
  let total = 0;
  for (const [name, rs] of records) {
    writeFileSync(join(HERE, `${name}.jsonl`), rs.map((r) => JSON.stringify(r)).join('\n') + '\n');
    total += rs.length;
    process.stderr.write(`golden: ${name}.jsonl: ${rs.length} records\n`);
  }
  process.stderr.write(`golden: ${total} records, ${Object.keys(archs).length} accelerators\n`);
};

main();
