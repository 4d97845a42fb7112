/**
 * The worked example in the header comment of src/dataflow/analyze.ts, pinned: a 1-D convolution (P = 4, R = 3,
 * input h = p + r: 6 points), the child running R:3 and P:2 under an outer P:2 — temporal, then spatial.
 */
import { describe, expect, it } from 'vitest';
import { testArch } from '../helpers/arch.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

describe('the worked example of the analyze.ts header', () => {
  const p = problem({ P: 4, R: 3 });
  it('temporal outer P:2: child tile 4, A_c = 4 + 1·min(2, 4) = 6, parent reads 6', () => {
    const r = evalOrThrow(testArch([{}, {}], 1), p, { levels: [lvl([['P', 2]]), lvl([['P', 2], ['R', 3]])], origin: 'test' });
    const [parent, child] = r.stats.levels;
    expect(child!.tensors.I.tileElements).toBe(4);
    expect(child!.tensors.I.fills).toBe(6);
    expect(parent!.tensors.I.reads).toBe(6);
  });
  it('spatial outer P:2 (offsets {0, 2}): each child fills 4, the parent reads U(4, {0, 2}) = 6 with multicast, 8 without', () => {
    const arch = testArch([{}, { instances: 2 }], 2);
    const m = { levels: [lvl([], { P: 2 }), lvl([['P', 2], ['R', 3]])], origin: 'test' };
    const r = evalOrThrow(arch, p, m);
    expect(r.stats.levels[1]!.tensors.I.fills).toBe(4);
    expect(r.stats.levels[0]!.tensors.I.reads).toBe(6);
    const noMulticast = { ...arch, networks: arch.networks.map((n) => ({ ...n, multicast: false })) };
    expect(evalOrThrow(noMulticast, p, m).stats.levels[0]!.tensors.I.reads).toBe(8);
  });
});
