/**
 * Timeloop import / export (issue 13): the importer never throws (fuzz), and export → YAML → import is the
 * identity on what both formats express (random archs, problems and mappings), counts included.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Arch } from '../../src/arch/index.js';
import { decodeArch, decodeMapping, decodeNetwork } from '../../src/config/index.js';
import { exportTimeloop } from '../../src/timeloop/index.js';
import { importTimeloop } from '../../src/timeloop/index.js';
import { analyze, makeContext } from '../../src/dataflow/index.js';
import { flatten, type Mapping } from '../../src/mapping/index.js';
import { DIMS, isMacLayer, toProblem, type Problem } from '../../src/workload/index.js';
import { randomMapping, tinyProblem } from '../helpers/arbitraries.js';
import { FIXTURES } from '../helpers/timeloopFixtures.js';
import { readFileSync } from 'node:fs';

const fixture = (rel: string): unknown => YAML.parse(readFileSync(new URL(rel, FIXTURES), 'utf8'), { logLevel: 'error' });

/** Replace the value at a random path of `doc` by `v` (a structural mutation of a valid spec). */
const mutate = (doc: unknown, pick: number[], v: unknown): unknown => {
  if (pick.length === 0 || doc === null || typeof doc !== 'object') return v;
  const keys = Object.keys(doc);
  if (keys.length === 0) return v;
  const k = keys[pick[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(doc) ? ([...doc] as unknown as Record<string, unknown>) : { ...(doc as Record<string, unknown>) };
  copy[k] = mutate((doc as Record<string, unknown>)[k], pick.slice(1), v);
  return copy;
};

describe('importTimeloop never throws', () => {
  it('on arbitrary values for each input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (arch, problem, mapping, ert) => {
        const r = importTimeloop({ arch, problem, mapping, ert });
        expect(E.isLeft(r) || E.isRight(r)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('on the exercise inputs with one value anywhere replaced by anything (issues have paths, never throw)', () => {
    const input = fixture('04-cp/input.yaml');
    const ert = fixture('04-cp/ERT.yaml');
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.anything(), fc.constantFrom('arch', 'ert'), (pick, v, which) => {
        const doc = mutate(which === 'arch' ? input : ert, pick, v);
        const r = importTimeloop(which === 'arch' ? { arch: doc, problem: doc, mapping: doc, ert } : { arch: input, problem: input, mapping: input, ert: doc });
        if (E.isLeft(r)) for (const i of r.left) expect(Array.isArray(i.path) && typeof i.message === 'string' && i.message.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/** A Timeloop-expressible arch fitting mapping `m`: meshes = the products of the spatial factors above each level. */
/** `onChipBacking`: levels[0] is an on-chip SRAM holding everything (weights resident, like configs/minerva.yaml). */
const archFor = (m: Mapping, blocks: number[], bits: number[], energies: number[], bandwidth: number | null, onChipBacking = false): Arch => {
  let x = 1;
  let y = 1;
  const levels = m.levels.map((lm, i) => {
    const lvl = {
      name: i === 0 ? (onChipBacking ? 'MEM' : 'DRAM') : `L${i}`,
      kind: i === 0 ? (onChipBacking ? 'sram' : 'dram') : i === m.levels.length - 1 ? 'regfile' : 'sram',
      wordBits: bits[i]!,
      blockWords: blocks[i]!,
      ...(i === 0 && !onChipBacking ? {} : { capacityWords: blocks[i]! * (1 << 18) }),
      ...(x * y > 1 ? { mesh: [x, y] } : {}),
      ...(i === 0 && bandwidth !== null ? { bandwidthWordsPerCycle: bandwidth, readBandwidthWordsPerCycle: bandwidth / 2, writeBandwidthWordsPerCycle: bandwidth + 1 } : {}),
      energy: { read: energies[2 * i]!, write: energies[2 * i + 1]! },
    };
    for (const d of DIMS) {
      x *= lm.spatialX[d];
      y *= lm.spatialY[d];
    }
    return lvl;
  });
  const doc = { name: 'rt', clockMHz: 250, costs: 'horowitz-45nm', scaleAccessEnergyWithBits: false, levels, compute: { mesh: [x, y], energy: { multiply: 0.5, add: 0, refBits: 16 } } };
  const a = decodeArch(doc);
  if (E.isLeft(a)) throw new Error(JSON.stringify(a.left));
  return a.right;
};

/** Move a dimension's Y factor onto X where it has both (Timeloop puts each dimension on one axis). */
const oneAxis = (m: Mapping): Mapping => ({
  ...m,
  levels: m.levels.map((lm) => {
    const X = { ...lm.spatialX };
    const Y = { ...lm.spatialY };
    for (const d of DIMS) if (X[d] > 1 && Y[d] > 1) [X[d], Y[d]] = [X[d] * Y[d], 1];
    return { ...lm, spatialX: X, spatialY: Y };
  }),
});

describe('export → YAML → import is the identity on what both express', () => {
  it('arch, problem, mapping and every count, on random 2–4 level archs (off- or on-chip backing store), problems and mappings', () => {
    const arb = fc.integer({ min: 2, max: 4 }).chain((L) =>
      tinyProblem().chain((p) =>
        fc.tuple(
          fc.constant(p),
          randomMapping(p, L, [...Array(L).keys()]).map(oneAxis),
          fc.array(fc.integer({ min: 1, max: 4 }), { minLength: L, maxLength: L }),
          fc.array(fc.constantFrom(8, 16), { minLength: L, maxLength: L }),
          fc.array(fc.integer({ min: 0, max: 1000 }).map((n) => n / 8), { minLength: 2 * L, maxLength: 2 * L }),
          fc.option(fc.integer({ min: 1, max: 64 }), { nil: null }),
          fc.record({ W: fc.constantFrom(1, 0.5, 0.25), I: fc.constantFrom(1, 0.75) }),
          fc.boolean(),
        ),
      ),
    );
    fc.assert(
      fc.property(arb, ([p0, m, blocks, bits, energies, bw, dens, onChip]) => {
        const p: Problem = { ...p0, density: { W: dens.W, I: dens.I, O: 1 } };
        const arch = archFor(m, blocks, bits, energies, bw, onChip);
        const docs = exportTimeloop(arch, p, m);
        if (E.isLeft(docs)) throw new Error(JSON.stringify(docs.left));
        const yaml = (d: unknown) => YAML.parse(YAML.stringify(d));
        const back = importTimeloop({ arch: yaml(docs.right.arch), problem: yaml(docs.right.problem), mapping: yaml(docs.right.mapping), ert: yaml(docs.right.ert) }, { convention: 'ideal' });
        if (E.isLeft(back)) throw new Error(JSON.stringify(back.left));
        const a2 = decodeArch(back.right.arch);
        const n2 = decodeNetwork(back.right.network);
        if (E.isLeft(a2) || E.isLeft(n2)) throw new Error('decode');
        const layer = n2.right.layers.find(isMacLayer)!;
        const m2 = decodeMapping(back.right.mapping, a2.right, [layer.name]);
        if (E.isLeft(m2)) throw new Error(JSON.stringify(m2.left));
        // Arch: every level's numbers, the MACs.
        a2.right.levels.forEach((l, i) => {
          const o = arch.levels[i]!;
          expect({ name: l.name, kind: l.kind, wordBits: l.wordBits, blockWords: l.blockWords, cap: l.capacityWords, n: l.instances, x: l.meshX, y: l.meshY, bw: l.bandwidthWordsPerCycle, rbw: l.readBandwidthWordsPerCycle, wbw: l.writeBandwidthWordsPerCycle, e: l.energy })
            .toEqual({ name: o.name, kind: o.kind, wordBits: o.wordBits, blockWords: o.blockWords, cap: o.capacityWords, n: o.instances, x: o.meshX, y: o.meshY, bw: o.bandwidthWordsPerCycle, rbw: o.readBandwidthWordsPerCycle, wbw: o.writeBandwidthWordsPerCycle, e: o.energy });
        });
        expect([a2.right.compute.meshX, a2.right.compute.meshY, a2.right.compute.multiplyEnergy]).toEqual([arch.compute.meshX, arch.compute.meshY, 0.5]);
        expect(a2.right.clockMHz).toBe(250);
        // Problem: bounds, strides, dilations, densities.
        const p2 = toProblem(layer);
        expect({ b: p2.bounds, s: [p2.strideH, p2.strideW, p2.dilationH, p2.dilationW], d: p2.density }).toEqual({ b: p.bounds, s: [p.strideH, p.strideW, p.dilationH, p.dilationW], d: p.density });
        // Mapping: the same loop nest; and the same counts.
        const mm = (m2.right.get(layer.name) ?? m2.right.get('*'))!;
        const f1 = flatten(m);
        const f2 = flatten(mm);
        expect({ dim: [...f2.dim], factor: [...f2.factor], level: [...f2.level], spatial: [...f2.spatial], keep: [...f2.keep] }).toEqual({ dim: [...f1.dim], factor: [...f1.factor], level: [...f1.level], spatial: [...f1.spatial], keep: [...f1.keep] });
        const c1 = makeContext(arch, p);
        const c2 = makeContext(a2.right, p2);
        expect([...analyze(c2, f2, new Float64Array(c2.resultLength))]).toEqual([...analyze(c1, f1, new Float64Array(c1.resultLength))]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('importTimeloop on the exercises\' eyeriss_like v0.4 architecture', () => {
  it('parallel scratchpads become successive levels keeping their own tensor; meshes from the containers; separate ports', () => {
    const r = importTimeloop({ arch: fixture('eyeriss_like.arch.yaml') });
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
    const a = decodeArch(r.right.arch);
    if (E.isLeft(a)) throw new Error(JSON.stringify(a.left));
    expect(a.right.levels.map((l) => [l.name, l.kind, l.capacityWords, l.blockWords, l.meshX, l.meshY, (['W', 'I', 'O'] as const).filter((t) => l.keeps[t]).join('')])).toEqual([
      ['DRAM', 'dram', Infinity, 8, 1, 1, 'WIO'],
      ['shared_glb', 'sram', 16384 * 8, 8, 1, 1, 'IO'],
      ['ifmap_spad', 'regfile', 24, 2, 14, 12, 'I'],
      ['weights_spad', 'regfile', 384, 2, 14, 12, 'W'],
      ['psum_spad', 'regfile', 16, 1, 14, 12, 'O'],
    ]);
    expect([a.right.levels[1]!.readBandwidthWordsPerCycle, a.right.levels[1]!.writeBandwidthWordsPerCycle]).toEqual([16, 16]);
    expect([a.right.compute.meshX, a.right.compute.meshY, a.right.countingConvention]).toEqual([14, 12, 'timeloop-master']);
    expect(r.right.notes).toEqual(['no ERT given: every energy comes from the horowitz-45nm preset (45 nm), not from Accelergy']);
  });
});

describe('importTimeloop: ERT update energies', () => {
  it('an update energy different from write becomes energy.update; equal ones are not repeated', () => {
    const input = fixture('04-kp/input.yaml');
    const ert = fixture('04-kp/ERT.yaml') as { ERT: { tables: Array<{ name: string; actions: Array<{ name: string; energy: number }> }> } };
    const glb = ert.ERT.tables.find((t) => t.name.includes('GlobalBuffer'))!;
    glb.actions.find((a) => a.name === 'update')!.energy = 20;
    const r = importTimeloop({ arch: input, ert });
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
    const a = decodeArch(r.right.arch);
    if (E.isLeft(a)) throw new Error(JSON.stringify(a.left));
    const byName = Object.fromEntries(a.right.levels.map((l) => [l.name, l.energy]));
    expect(byName['GlobalBuffer']).toEqual({ read: 43.353054, write: 30.878292, update: 20, gatedFraction: 0, metadataPerWord: 1 });
    expect(byName['RegisterFile']).toEqual({ read: 0.42564, write: 0.42564, gatedFraction: 0, metadataPerWord: 1 });
  });
});
