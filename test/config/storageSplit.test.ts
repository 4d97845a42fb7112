/**
 * Equal-storage splits (ISCA'16 §VI-A with capacity in place of area): exact hand-derived budgets and buffer
 * sizes, and the document edit that applies a split.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { decodeArch, decodeDataflows, equalStorageSplits, withSplitDoc } from '../../src/config/index.js';

const load = (f: string): Record<string, unknown> => parse(readFileSync(resolve(__dirname, '../../configs', f), 'utf8')) as Record<string, unknown>;

describe('equal-storage splits', () => {
  it('configs/eyeriss-256.yaml: a 256 kB budget; each RF size leaves the rest to the GLB (exact by hand)', () => {
    const arch = decodeArch(load('eyeriss-256.yaml'));
    if (E.isLeft(arch)) throw new Error('eyeriss-256 does not decode');
    // 256 PEs × 256 words × 16 b + 65,536 words × 16 b = 1,048,576 + 1,048,576 = 2,097,152 bits = 256 kB.
    // r = 16: (2,097,152 − 256·16·16) / 16 = 131,072 − 4,096 = 126,976 words; r = 256: 131,072 − 65,536 = 65,536;
    // r = 384: 131,072 − 98,304 = 32,768; r = 512: 0 words (dropped).
    expect(equalStorageSplits(arch.right, [16, 256, 384, 512])).toEqual(E.right({
      rf: 'RF',
      glb: 'GLB',
      budgetBits: 2_097_152,
      splits: [{ rfWords: 16, glbWords: 126_976 }, { rfWords: 256, glbWords: 65_536 }, { rfWords: 384, glbWords: 32_768 }],
    }));
    expect(equalStorageSplits(arch.right, [512, 1024])).toEqual(E.left('no RF size in 512, 1024 words per PE leaves room for GLB in the 256 kB budget'));
  });
  it('a partitioned RF (the Eyeriss chip) cannot be split', () => {
    const arch = decodeArch(load('eyeriss.yaml'));
    if (E.isLeft(arch)) throw new Error('eyeriss does not decode');
    expect(equalStorageSplits(arch.right, [16])).toEqual(E.left('the RF level RF is partitioned per tensor: an equal-storage split resizes one shared RF (remove its partitionWords)'));
  });
  it('withSplitDoc sets both capacities and drops every dataflow storage override; the result decodes', () => {
    const doc = load('eyeriss-256.yaml');
    const arch = decodeArch(doc);
    if (E.isLeft(arch)) throw new Error('eyeriss-256 does not decode');
    const eq = equalStorageSplits(arch.right, [64]);
    if (E.isLeft(eq)) throw new Error(eq.left);
    const out = withSplitDoc(doc, eq.right, { rfWords: 64, glbWords: 114_688 }) as Record<string, unknown>;
    const a = decodeArch(out);
    expect(E.isRight(a)).toBe(true);
    if (E.isLeft(a)) return;
    expect(a.right.levels.map((l) => [l.name, l.capacityWords])).toEqual([['DRAM', a.right.levels[0]!.capacityWords], ['GLB', 114_688], ['RF', 64]]);
    const dfs = decodeDataflows(out['dataflows'], a.right);
    expect(E.isRight(dfs) && dfs.right.every((d) => Object.keys(d.storage).length === 0)).toBe(true);
    // The input document is not mutated: NLR keeps its 256 kB override there.
    expect(JSON.stringify(doc)).toContain('131072');
  });
});
