import { describe, expect, it } from 'vitest';
import { boBenchCommand, parseBoBenchArgs } from '../../src/cli/boBench.js';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
};

describe('codesim bo-bench', () => {
  it('prints the JSON summary with the documented keys', async () => {
    const c = capture();
    const code = await boBenchCommand(['--problem', 'branin', '--method', 'random', '--evals', '20', '--seeds', '3', '--json'], c.io);
    expect(code).toBe(0);
    const j = JSON.parse(c.out.join(''));
    expect(Object.keys(j)).toEqual(['problem', 'method', 'evals', 'seeds', 'medianRegret', 'q25', 'q75', 'msPerSuggestion']);
    expect(j).toMatchObject({ problem: 'branin', method: 'random', evals: 20, seeds: 3 });
    expect(j.q25).toBeLessThanOrEqual(j.medianRegret);
  });

  it('reports hypervolume for zdt1 and a readable table without --json', async () => {
    const c = capture();
    expect(await boBenchCommand(['--problem=zdt1', '--method=ga', '--evals=30', '--seeds=2', '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out.join(''))).toHaveProperty('medianHypervolume');
    const t = capture();
    expect(await boBenchCommand(['--problem', 'constrained', '--method', 'random', '--evals', '12', '--seeds', '2'], t.io)).toBe(0);
    const text = t.out.join('');
    expect(text).toMatch(/median regret/);
    expect(text).toMatch(/ms per suggestion/);
    expect(text).toMatch(/rejected by the a-priori model: 0/);
  });

  it('exits 2 with one clear message on bad arguments', async () => {
    for (const argv of [
      ['--problem', 'rosenbrock', '--method', 'bo', '--evals', '5', '--seeds', '1'],
      ['--problem', 'constructor', '--method', 'bo', '--evals', '2', '--seeds', '1'], // an inherited key is no problem name
      ['--problem', 'branin', '--method', 'cmaes', '--evals', '5', '--seeds', '1'],
      ['--problem', 'branin', '--method', 'bo', '--evals', '0', '--seeds', '1'],
      ['--problem', 'branin', '--method', 'bo', '--evals', '5'],
      ['--problem', 'branin', '--method', 'bo', '--evals', '5', '--seeds', '1', '--verbose'],
      ['--problem'],
    ]) {
      const c = capture();
      expect(await boBenchCommand(argv, c.io)).toBe(2);
      expect(c.out).toEqual([]);
      expect(c.err.length).toBe(1);
      expect(c.err[0]).toMatch(/^bo-bench: /);
      expect(c.err[0]).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(parseBoBenchArgs(['--problem', 'branin', '--method', 'bo', '--evals', '3.5', '--seeds', '1'])._tag).toBe('Left');
  });
});
