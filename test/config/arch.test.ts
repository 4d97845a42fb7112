/**
 * The accelerator file decoder: shipped configs decode (and match the published figures in
 * docs/reference/published-figures.md), each semantic check reports its path, and mutated documents give
 * a clean Left or a valid Right, never a throw.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { mutate, mutation } from '../helpers/mutate.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Arch } from '../../src/arch/index.js';
import { decodeArch } from '../../src/config/arch.js';
import type { ConfigIssue } from '../../src/config/issue.js';
import { PRESETS, type CostPreset } from '../../src/energy/presets.js';

const CONFIGS = join(import.meta.dirname, '..', '..', 'configs');
const configFiles = readdirSync(CONFIGS).filter((f) => f.endsWith('.yaml'));
const load = (f: string): unknown => YAML.parse(readFileSync(join(CONFIGS, f), 'utf8'));

const ok = (doc: unknown): Arch => {
  const r = decodeArch(doc);
  if (E.isLeft(r)) throw new Error(r.left.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return r.right;
};
const issuesOf = (doc: unknown): ReadonlyArray<ConfigIssue> => {
  const r = decodeArch(doc);
  if (E.isRight(r)) throw new Error('expected a Left');
  return r.left;
};

/** A small valid document; tests mutate a deep copy. */
const base = () => ({
  name: 'small',
  clockMHz: 200,
  costs: 'eyeriss-normalized',
  levels: [
    { name: 'DRAM', kind: 'dram', wordBits: 16, blockWords: 4 } as Record<string, unknown>,
    { name: 'GLB', kind: 'sram', capacityWords: 1024, keeps: ['inputs', 'outputs'] } as Record<string, unknown>,
    {
      name: 'RF', kind: 'regfile', instances: 16, mesh: [4, 4],
      partitionWords: { weights: 8, inputs: 4, outputs: 4 },
      formats: { inputs: { format: 'rle', metadataBits: 4 } },
      actionOptimizations: [{ kind: 'gating', target: 'weights', condition: ['inputs'] }],
    } as Record<string, unknown>,
  ],
  networks: [{ between: ['GLB', 'RF'], energyPerWord: 2 }] as Array<Record<string, unknown>>,
  compute: { instances: 16, mesh: [4, 4], sparse: 'gating' } as Record<string, unknown>,
});

/** The single issue's path (all other tests in this file expect exactly one issue per mutation). */
const pathsOf = (doc: unknown): ReadonlyArray<ReadonlyArray<string | number>> => issuesOf(doc).map((i) => i.path);

describe('shipped configs', () => {
  it('there are at least three', () => expect(configFiles.length).toBeGreaterThanOrEqual(3));
  it.each(configFiles)('%s decodes', (f) => {
    const a = ok(load(f));
    expect(a.source.length).toBeGreaterThan(0);
  });

  it('eyeriss.yaml matches JSSC 2017 (reference file "Eyeriss chip")', () => {
    const a = ok(load('eyeriss.yaml'));
    expect(a.clockMHz).toBe(200);
    expect(a.energyUnit).toBe('MAC-normalized');
    const [dram, glb, rf] = a.levels;
    expect(dram!.blockWords * dram!.wordBits).toBe(64); // 64-bit DRAM bus
    expect((glb!.capacityWords * glb!.wordBits) / 8).toBe(108 * 1024); // 108 kB GLB
    expect(glb!.partitionWords).toEqual({ W: 4096, I: null, O: null }); // 8 kB filters, 100 kB shared
    expect(rf!.partitionWords).toEqual({ W: 224, I: 12, O: 24 });
    expect(rf!.instances).toBe(168);
    expect(rf!.meshX * rf!.meshY).toBe(12 * 14);
    expect(dram!.formats.I).toEqual({ format: 'rle', metadataBits: 5 });
    expect(a.networks[1]!.energyPerWord).toBe(2); // ISCA'16 Table IV array
    expect(a.compute.sparse).toBe('gating');
    // ISCA'16 Table IV: DRAM 200, GLB 6, RF 1 per 16-bit access; the DRAM access moves 4 words
    expect([dram!.energy.read / 4, glb!.energy.read, rf!.energy.read]).toEqual([200, 6, 1]);
    expect(a.compute.multiplyEnergy + a.compute.addEnergy).toBeCloseTo(1, 12);
  });

  it('eyeriss-256.yaml matches the ISCA 2016 equal-area set-up (256 PEs, 512 B RF, 128 kB GLB)', () => {
    const a = ok(load('eyeriss-256.yaml'));
    const [, glb, rf] = a.levels;
    expect(rf!.instances).toBe(256);
    expect((rf!.capacityWords * rf!.wordBits) / 8).toBe(512);
    expect(rf!.partitionWords).toBeNull();
    expect((glb!.capacityWords * glb!.wordBits) / 8).toBe(128 * 1024);
    expect(a.networks[1]!.energyPerWord).toBe(2); // from the preset
  });

  it('systolic-ws.yaml is a 32×32 weight-stationary array with horowitz-45nm costs', () => {
    const a = ok(load('systolic-ws.yaml'));
    expect(a.energyUnit).toBe('pJ');
    expect(a.compute.instances).toBe(1024);
    const inner = a.levels[a.levels.length - 1]!;
    expect(inner.keeps).toEqual({ W: true, I: false, O: false });
    expect(inner.instances).toBe(1024);
  });
});

describe('defaults', () => {
  it('applies the documented defaults', () => {
    const a = ok(base());
    const glb = a.levels[1]!;
    expect(a.scaleAccessEnergyWithBits).toBe(true);
    expect(glb.wordBits).toBe(16);
    expect(glb.blockWords).toBe(1);
    expect([glb.instances, glb.meshX, glb.meshY]).toEqual([1, 1, 1]);
    expect(glb.bandwidthWordsPerCycle).toBe(Infinity);
    expect(glb.energy).toEqual({ read: 6, write: 6, gatedFraction: 0, metadataPerWord: 1 });
    expect(a.levels[2]!.capacityWords).toBe(16); // partition sum
    expect(a.networks[0]).toEqual({ energyPerWord: 0, multicast: true, spatialReduction: true });
    expect(a.networks[2]).toEqual({ energyPerWord: 0, multicast: true, spatialReduction: true });
    expect(a.levels[0]!.capacityWords).toBe(Infinity);
  });
  it('explicit energy overrides the preset', () => {
    const d = base();
    d.levels[1]!['energy'] = { read: 3 };
    const glb = ok(d).levels[1]!;
    expect([glb.energy.read, glb.energy.write]).toEqual([3, 6]);
    expect(glb.costSource).toMatch(/explicit read/);
  });
  it('instances alone gives a mesh [instances, 1]', () => {
    const d = base();
    delete d.levels[2]!['mesh'];
    d.compute = { instances: 16 };
    const a = ok(d);
    expect([a.levels[2]!.meshX, a.levels[2]!.meshY, a.compute.meshX]).toEqual([16, 1, 16]);
  });
});

describe('structural errors carry their path', () => {
  it('unknown key', () => {
    const d = base();
    d.levels[1]!['capacity'] = 5;
    expect(issuesOf(d)).toEqual([expect.objectContaining({ path: ['levels', 1, 'capacity'], message: expect.stringMatching(/unknown key "capacity"/) })]);
  });
  it('wrong type', () => expect(pathsOf({ ...base(), clockMHz: 'fast' })).toEqual([['clockMHz']]));
  it('"__proto__" is not a name (it would vanish from the per-level records of the results)', () => {
    const d = base();
    d.levels[1]!['name'] = '__proto__';
    expect(issuesOf(d)).toEqual([expect.objectContaining({ path: ['levels', 1, 'name'], message: expect.stringMatching(/"__proto__" cannot be a name/) })]);
  });
  it('zero size', () => {
    const d = base();
    d.levels[1]!['capacityWords'] = 0;
    expect(pathsOf(d)).toEqual([['levels', 1, 'capacityWords']]);
  });
  it('missing required key points at its parent key path', () => {
    const d = base();
    delete d.levels[1]!['kind'];
    expect(pathsOf(d)).toEqual([['levels', 1, 'kind']]);
  });
  it('collects several errors at once', () => {
    const d = base();
    d.levels[1]!['wordBits'] = -3;
    d.levels[2]!['blockWords'] = 1.5;
    (d.compute as Record<string, unknown>)['sparse'] = 'sometimes';
    expect(pathsOf(d)).toEqual([['levels', 1, 'wordBits'], ['levels', 2, 'blockWords'], ['compute', 'sparse']]);
  });
});

describe('semantic checks, one per rule, each with its path', () => {
  it('level 0 is a DRAM or an on-chip SRAM backing store, never a regfile', () => {
    const d = base();
    d.levels[0]!['kind'] = 'regfile';
    d.levels[0]!['capacityWords'] = 1 << 20;
    expect(pathsOf(d)).toEqual([['levels', 0, 'kind']]);
    d.levels[0]!['kind'] = 'sram'; // on chip, the network resident (test/config/residentStore.test.ts)
    expect(E.isRight(decodeArch(d))).toBe(true);
  });
  it('only one DRAM', () => {
    const d = base();
    d.levels[1] = { name: 'GLB', kind: 'dram' };
    expect(pathsOf(d)).toEqual([['levels', 1, 'kind']]);
  });
  it('DRAM keeps all tensors', () => {
    const d = base();
    d.levels[0]!['keeps'] = ['weights', 'inputs'];
    expect(issuesOf(d)).toEqual([expect.objectContaining({ path: ['levels', 0, 'keeps'], message: expect.stringMatching(/missing: outputs/) })]);
  });
  it('DRAM is unbounded', () => {
    const d = base();
    d.levels[0]!['capacityWords'] = 100;
    expect(pathsOf(d)).toEqual([['levels', 0, 'capacityWords']]);
  });
  it('capacity required for non-DRAM levels', () => {
    const d = base();
    delete d.levels[1]!['capacityWords'];
    expect(issuesOf(d)).toEqual([expect.objectContaining({ path: ['levels', 1], message: expect.stringMatching(/capacityWords/) })]);
  });
  it('partition words must not exceed capacity', () => {
    const d = base();
    d.levels[2]!['capacityWords'] = 10;
    expect(pathsOf(d)).toEqual([['levels', 2, 'partitionWords']]);
  });
  it('partition only for kept tensors', () => {
    const d = base();
    d.levels[1]!['partitionWords'] = { weights: 10 };
    expect(pathsOf(d)).toEqual([['levels', 1, 'partitionWords', 'weights']]);
  });
  it('instances must equal meshX · meshY', () => {
    const d = base();
    d.levels[2]!['instances'] = 15;
    expect(pathsOf(d)).toEqual([['levels', 2, 'instances']]);
  });
  it("each level's mesh must divide the next level's", () => {
    const d = base();
    d.levels[1]!['mesh'] = [3, 1];
    expect(pathsOf(d)).toEqual([['levels', 2, 'mesh']]);
  });
  it("the innermost mesh must divide the MACs'", () => {
    const d = base();
    d.compute = { mesh: [6, 4] };
    expect(pathsOf(d)).toEqual([['compute', 'mesh']]);
  });
  it('compute needs instances or a mesh', () => {
    const d = base();
    d.compute = { sparse: 'none' };
    expect(pathsOf(d)).toEqual([['compute']]);
  });
  it('between names must exist', () => {
    const d = base();
    d.networks = [{ between: ['GLB', 'PE'] }];
    expect(pathsOf(d)).toEqual([['networks', 0, 'between', 1]]);
  });
  it('between names must be adjacent levels', () => {
    const d = base();
    d.networks = [{ between: ['DRAM', 'RF'] }];
    expect(pathsOf(d)).toEqual([['networks', 0, 'between']]);
  });
  it('a boundary has at most one network', () => {
    const d = base();
    d.networks = [{ between: ['GLB', 'RF'] }, { between: ['GLB', 'RF'], energyPerWord: 1 }];
    expect(pathsOf(d)).toEqual([['networks', 1, 'between']]);
  });
  it('the MAC network is named with MAC; its cost defaults to the preset', () => {
    const d = base();
    d.networks = [{ between: ['RF', 'MAC'] }];
    expect(ok(d).networks[2]!.energyPerWord).toBe(2);
  });
  it('unknown preset names', () => {
    expect(issuesOf({ ...base(), costs: 'magic' })).toEqual([
      expect.objectContaining({ path: ['costs'], message: expect.stringMatching(/unknown cost preset "magic"/) }),
    ]);
  });
  it('a preset that cannot price a level reports at the level', () => {
    const picky: CostPreset = { ...PRESETS['horowitz-45nm']!, name: 'picky', access: (q) => (q.kind === 'regfile' ? E.left('no regfiles here') : E.right({ read: 1, write: 1, source: 'picky' })) };
    const r = decodeArch({ ...base(), costs: 'picky' }, { picky });
    expect(E.isLeft(r) && r.left).toEqual([{ path: ['levels', 2], message: 'no regfiles here' }]);
    expect(E.isRight(decodeArch({ ...base(), costs: 'horowitz-45nm' }))).toBe(true);
  });
  it('fractions in [0, 1]', () => {
    const d = base();
    d.levels[2]!['energy'] = { gatedFraction: 1.5 };
    expect(pathsOf(d)).toEqual([['levels', 2, 'energy', 'gatedFraction']]);
    const c = base();
    (c.compute as Record<string, unknown>)['gatedFraction'] = -0.1;
    expect(pathsOf(c)).toEqual([['compute', 'gatedFraction']]);
  });
  it('metadataBits > 0 for compressed formats', () => {
    const d = base();
    d.levels[2]!['formats'] = { inputs: { format: 'csr', metadataBits: 0 } };
    expect(pathsOf(d)).toEqual([['levels', 2, 'formats', 'inputs', 'metadataBits']]);
    const e = base();
    e.levels[2]!['formats'] = { inputs: { format: 'bitmask' } };
    expect(pathsOf(e)).toEqual([['levels', 2, 'formats', 'inputs']]);
  });
  it('uncompressed formats have no metadata', () => {
    const d = base();
    d.levels[2]!['formats'] = { inputs: { format: 'uncompressed', metadataBits: 3 } };
    expect(pathsOf(d)).toEqual([['levels', 2, 'formats', 'inputs', 'metadataBits']]);
  });
  it('formats only for kept tensors', () => {
    const d = base();
    d.levels[1]!['formats'] = { weights: { format: 'rle', metadataBits: 4 } };
    expect(pathsOf(d)).toEqual([['levels', 1, 'formats', 'weights']]);
  });
  it('action optimisations target kept tensors and have a condition', () => {
    const d = base();
    d.levels[1]!['actionOptimizations'] = [{ kind: 'skipping', target: 'weights', condition: [] }];
    expect(pathsOf(d)).toEqual([['levels', 1, 'actionOptimizations', 0, 'target'], ['levels', 1, 'actionOptimizations', 0, 'condition']]);
  });
  it('unique level names, MAC reserved', () => {
    const d = base();
    d.levels[2]!['name'] = 'GLB';
    d.networks = [];
    expect(pathsOf(d)).toEqual([['levels', 2, 'name']]);
    const m = base();
    m.levels[2]!['name'] = 'MAC';
    m.networks = [];
    expect(pathsOf(m)).toEqual([['levels', 2, 'name']]);
  });
  it('keeps lists each tensor once', () => {
    const d = base();
    d.levels[1]!['keeps'] = ['inputs', 'inputs'];
    expect(pathsOf(d)).toEqual([['levels', 1, 'keeps', 1]]);
  });
  it('at least one level', () => {
    expect(pathsOf({ ...base(), levels: [] })).toContainEqual(['levels']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// fuzz
// ---------------------------------------------------------------------------------------------------------

/** Invariants a decoded Arch must satisfy. */
const validArch = (a: Arch): void => {
  expect(a.levels.length).toBeGreaterThan(0);
  expect(['dram', 'sram']).toContain(a.levels[0]!.kind);
  expect(a.levels[0]!.keeps).toEqual({ W: true, I: true, O: true });
  expect(a.levels.slice(1).every((l) => l.kind !== 'dram')).toBe(true);
  if (a.levels[0]!.kind === 'dram') expect(a.levels[0]!.capacityWords).toBe(Infinity);
  expect(a.networks.length).toBe(a.levels.length);
  a.levels.forEach((l, i) => {
    expect(l.instances).toBe(l.meshX * l.meshY);
    expect(l.capacityWords).toBeGreaterThan(0);
    expect(Number.isFinite(l.energy.read) && l.energy.read >= 0).toBe(true);
    if (i > 0) expect(Number.isFinite(l.capacityWords)).toBe(true);
    const next = a.levels[i + 1] ?? a.compute;
    expect(next.meshX % l.meshX).toBe(0);
    expect(next.meshY % l.meshY).toBe(0);
  });
  expect(a.compute.instances).toBe(a.compute.meshX * a.compute.meshY);
};

describe('fuzz: mutated documents never throw', () => {
  const docs = [base(), ...configFiles.map(load)];
  it('always a Left with issues, or a valid Right', () => {
    fc.assert(
      fc.property(fc.nat({ max: docs.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, ms) => {
        const r = decodeArch(mutate(docs[i], ms));
        if (E.isLeft(r)) {
          expect(r.left.length).toBeGreaterThan(0);
          for (const issue of r.left) {
            expect(typeof issue.message).toBe('string');
            expect(issue.message.length).toBeGreaterThan(0);
            expect(Array.isArray(issue.path)).toBe(true);
          }
        } else validArch(r.right);
      }),
      { numRuns: 2000 },
    );
  });
});
