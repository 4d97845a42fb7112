/**
 * The piscina pool maps layers in worker threads with exactly the results of the in-process run (tasks are
 * plain JSON, decoded again in the worker; the search is deterministic for its seed).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { mapAll } from '../../src/sweep/pool.js';
import type { MapTask } from '../../src/sweep/mapTask.js';
import { isMacLayer, toProblem } from '../../src/workload/index.js';
import { ZOO } from '../../src/workload/zoo/index.js';

const archDoc = parse(readFileSync(new URL('../../configs/eyeriss.yaml', import.meta.url), 'utf8'));
const tasks: MapTask[] = ZOO['lenet5']!({ batch: 1 }).layers.filter(isMacLayer).map((l) => ({
  archDoc, dataflowIndex: 0, problem: toProblem(l), options: { objective: 'energy', strategy: 'heuristic', seed: 3 },
}));

describe('mapAll', () => {
  it('2 workers give the same mappings and energies as 1, in task order, reporting each task once', async () => {
    const seen: number[] = [];
    const pooled = await mapAll(tasks, 2, (i) => seen.push(i));
    const inline = await mapAll(tasks, 1);
    expect(seen.sort()).toEqual(tasks.map((_, i) => i));
    const strip = (r: (typeof pooled)[number]) => (r.ok ? { ...r, ms: 0 } : r);
    expect(pooled.map(strip)).toEqual(inline.map(strip));
    expect(pooled.every((r) => r.ok)).toBe(true);
  });
  it('a task whose accelerator document does not decode fails cleanly', async () => {
    const [r] = await mapAll([{ ...tasks[0]!, archDoc: { name: 3 } }], 1);
    expect(r).toMatchObject({ ok: false, _tag: 'ArchInvalid', error: 'worker: the accelerator document does not decode' });
    expect(r && !r.ok && r.issues?.length).toBeGreaterThan(0);
  });
  it('2 workers: tasks that do not decode fail as tagged values with the decoder issues; the others are mapped', async () => {
    const bad = [
      { ...tasks[0]!, problem: { ...tasks[0]!.problem, bounds: { ...tasks[0]!.problem.bounds, K: 0 } } },
      { ...tasks[1]!, options: { ...tasks[1]!.options, objective: 'fastest' } },
      { ...tasks[2]!, archDoc: { name: 3 } },
      { ...tasks[0]!, dataflowIndex: 7 },
    ] as unknown as MapTask[];
    const rs = await mapAll([...bad, tasks[1]!, tasks[2]!], 2);
    const [k0, obj, arch, df, ok1, ok2] = rs;
    expect(k0).toMatchObject({ ok: false, _tag: 'TaskInvalid' });
    expect(k0 && !k0.ok && k0.issues?.map((i) => i.path.join('.'))).toEqual(['problem.bounds.K']);
    expect(obj && !obj.ok && obj.issues?.map((i) => i.path.join('.'))).toEqual(['options.objective']);
    expect(arch).toMatchObject({ ok: false, _tag: 'ArchInvalid' });
    expect(df).toMatchObject({ ok: false, _tag: 'TaskInvalid', error: 'worker: no dataflow #7' });
    expect(ok1?.ok && ok2?.ok).toBe(true);
  });
});
