// Exact checks of the benchmark problems (src/optimize/testFunctions): values at their published minimisers and
// at hand-made points (closed forms derived in the comments; Hartmann-6 against a 40-digit mpmath evaluation of
// the same sum), the spaces, the evaluate wrappers, the a-priori predicates and the registry (issue 9).
import { describe, expect, it } from 'vitest';
import { branin, braninValue } from '../../src/optimize/testFunctions/branin.js';
import { gramacy, gramacyConstraints } from '../../src/optimize/testFunctions/gramacy.js';
import { hartmann6, hartmann6Value } from '../../src/optimize/testFunctions/hartmann6.js';
import { knownSpace } from '../../src/optimize/testFunctions/problem.js';
import { PROBLEMS } from '../../src/optimize/testFunctions/registry.js';
import { makeZdt1, zdt1, zdt1Value } from '../../src/optimize/testFunctions/zdt1.js';
import { continuous } from '../../src/optimize/space/space.js';

const rel = (a: number, b: number, tol = 1e-13): void => {
  expect(Math.abs(a - b) / Math.abs(b), `${a} vs ${b}`).toBeLessThanOrEqual(tol);
};

describe('Branin', () => {
  it('0.397887357729738 at its three minimisers (−π, 12.275), (π, 2.275), (3π, 2.475)', () => {
    // mpmath (40 digits): 0.39788735772973833942 at all three.
    for (const [x1, x2] of [[-Math.PI, 12.275], [Math.PI, 2.275], [3 * Math.PI, 2.475]] as const) rel(braninValue(x1, x2), 0.39788735772973833942);
    expect(branin.optimum).toBeCloseTo(0.39788735772973833942, 14);
  });

  it('closed forms at hand-made points', () => {
    // (0, 0): (−6)² + 10(1 − 1/(8π))·cos 0 + 10 = 56 − 1.25/π.
    rel(braninValue(0, 0), 56 - 1.25 / Math.PI);
    // (π, 0): 5.1/(4π²)·π² = 1.275 and 5/π·π = 5, so (−1.275 + 5 − 6)² = 2.275² = 5.175625; cos π = −1:
    // 5.175625 − 10 + 1.25/π + 10 = 5.175625 + 1.25/π.
    rel(braninValue(Math.PI, 0), 5.175625 + 1.25 / Math.PI);
    rel(braninValue(1, 2), 21.627635392062378547); // mpmath
  });

  it('the problem: space [−5, 10] × [0, 15], one objective, evaluate = braninValue', () => {
    expect(branin.space.params).toEqual([continuous('x1', -5, 10), continuous('x2', 0, 15)]);
    expect([branin.name, branin.objectives, branin.constraints, branin.aPriori.length]).toEqual(['branin', 1, 0, 0]);
    expect(branin.evaluate({ x1: 1, x2: 2 })).toEqual({ objectives: [braninValue(1, 2)] });
    expect(branin.evaluate(branin.argmin!).objectives[0]).toBeCloseTo(branin.optimum!, 12);
  });
});

describe('Hartmann-6', () => {
  it('−3.32237 at its published minimiser, and two other points (mpmath, 40 digits)', () => {
    rel(hartmann6Value([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]), -3.3223680113913386491);
    rel(hartmann6Value([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), -0.50531499170223313866);
    rel(hartmann6Value([0, 0.25, 0.5, 0.75, 1, 0.1]), -0.021528568653377681371, 1e-12);
    rel(hartmann6.optimum!, -3.3223680113913386491);
  });

  it('the problem: six continuous parameters on [0, 1], evaluate maps x1…x6 in order', () => {
    expect(hartmann6.space.params.map((p) => p.name)).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
    expect(hartmann6.space.params.every((p) => p._tag === 'Continuous' && p.lower === 0 && p.upper === 1)).toBe(true);
    expect(hartmann6.evaluate({ x1: 0, x2: 0.25, x3: 0.5, x4: 0.75, x5: 1, x6: 0.1 })).toEqual({
      objectives: [hartmann6Value([0, 0.25, 0.5, 0.75, 1, 0.1])],
    });
    expect(hartmann6.evaluate(hartmann6.argmin!).objectives[0]).toBe(hartmann6Value(Object.values(hartmann6.argmin!) as number[]));
  });
});

describe("Gramacy's constrained problem", () => {
  it('constraint values at hand-made points', () => {
    // (0, 0): c₁ = 1.5 − 0.5·sin 0 = 1.5, c₂ = −1.5.
    expect(gramacyConstraints(0, 0)).toEqual([1.5, -1.5]);
    // (0.5, 0.25): x₁² − 2x₂ = −¼, sin(−π/2) = −1: c₁ = 1.5 − 0.5 − 0.5 + 0.5 = 1; c₂ = 0.25 + 0.0625 − 1.5 = −1.1875.
    expect(gramacyConstraints(0.5, 0.25)).toEqual([1, -1.1875]);
    // (1, 0): x₁² − 2x₂ = 1, sin 2π ≈ −2.4e-16: c₁ = 0.5 + 1.2e-16, c₂ = −0.5.
    const [c1, c2] = gramacyConstraints(1, 0);
    expect(c1).toBeCloseTo(0.5, 15);
    expect(c2).toBe(-0.5);
  });

  it('the problem: objective x1 + x2, both constraints reported, one predicate per constraint', () => {
    expect(gramacy.evaluate({ x1: 0.5, x2: 0.25 })).toEqual({ objectives: [0.75], constraints: [1, -1.1875] });
    const [g1, g2] = gramacy.aPriori;
    // (0.5, 0.25): c₁ = 1 > 0, c₂ < 0.  (0.9, 0.9): c₁ = −1.2 − 0.5·sin(2π·(−0.99)) ≈ −1.23 ≤ 0, c₂ = 0.12 > 0.
    expect([g1!({ x1: 0.5, x2: 0.25 }), g2!({ x1: 0.5, x2: 0.25 })]).toEqual([false, true]);
    expect([g1!({ x1: 0.9, x2: 0.9 }), g2!({ x1: 0.9, x2: 0.9 })]).toEqual([true, false]);
    expect([gramacy.name, gramacy.objectives, gramacy.constraints, gramacy.space.dims]).toEqual(['constrained', 1, 2, 2]);
  });

  it('a constraint value of exactly 0 is feasible for the predicates (c ≤ 0)', () => {
    // c₂(1, √½) = 1 + 0.5000000000000001 − 1.5 rounds to exactly 0; c₁ is exactly 0 at the float point below
    // (found by bisection on x₂ at x₁ = 0.01875).
    const [g1, g2] = gramacy.aPriori;
    expect(gramacyConstraints(1, Math.SQRT1_2)[1]).toBe(0);
    expect(g2!({ x1: 1, x2: Math.SQRT1_2 })).toBe(true);
    expect(gramacyConstraints(0.01875, 0.7478694714997149)[0]).toBe(0);
    expect(g1!({ x1: 0.01875, x2: 0.7478694714997149 })).toBe(true);
  });
});

describe('ZDT1', () => {
  it('values at hand-made points', () => {
    // d = 6, x = (0.25, 0.2, 0, …): g = 1 + 9/5·0.2 = 1.36, f₂ = 1.36·(1 − √(0.25/1.36)).
    const [f1, f2] = zdt1Value([0.25, 0.2, 0, 0, 0, 0]);
    expect(f1).toBe(0.25);
    rel(f2, 1.36 * (1 - Math.sqrt(0.25 / 1.36)));
    // d = 3, x = (0.5, 0.5, 0.5): g = 1 + 9/2·1 = 5.5, f₂ = 5.5·(1 − √(0.5/5.5)).
    const [h1, h2] = zdt1Value([0.5, 0.5, 0.5]);
    expect(h1).toBe(0.5);
    rel(h2, 5.5 * (1 - Math.sqrt(0.5 / 5.5)));
    // On the front (x₂… = 0): f₂ = 1 − √f₁.
    expect(zdt1Value([0.25, 0, 0, 0, 0, 0])).toEqual([0.25, 0.5]);
  });

  it('makeZdt1(d): d parameters x1…xd, evaluate maps them in order; the default is 6', () => {
    const z3 = makeZdt1(3);
    expect(z3.space.params.map((p) => p.name)).toEqual(['x1', 'x2', 'x3']);
    expect([z3.name, z3.objectives, z3.constraints, z3.aPriori]).toEqual(['zdt1', 2, 0, []]);
    // Reference point (11, 11): the front's hypervolume is 121 − ∫₀¹ (1 − √t) dt = 121 − 1/3 = 120 + 2/3.
    expect(z3.referencePoint).toEqual([11, 11]);
    expect(z3.maxHypervolume).toBe(121 - 1 / 3);
    expect(z3.evaluate({ x1: 0.5, x2: 0.5, x3: 0.5 })).toEqual({ objectives: zdt1Value([0.5, 0.5, 0.5]) });
    expect(z3.evaluate({ x1: 0.5, x2: 0, x3: 1 })).toEqual({ objectives: zdt1Value([0.5, 0, 1]) });
    expect(makeZdt1().space.dims).toBe(6);
    expect([zdt1.name, zdt1.objectives, zdt1.constraints, zdt1.space.dims]).toEqual(['zdt1', 2, 0, 6]);
    expect(zdt1.referencePoint).toEqual([11, 11]);
  });
});

describe('problem helpers and registry', () => {
  it('knownSpace throws on an invalid built-in definition (a programming error, not user input)', () => {
    expect(() => knownSpace([])).toThrow('unreachable: invalid built-in test space');
    expect(knownSpace([continuous('a', 0, 1)]).dims).toBe(1);
  });

  it('PROBLEMS names each problem by its --problem value', () => {
    expect(Object.entries(PROBLEMS).map(([k, p]) => [k, p.name])).toEqual([
      ['branin', 'branin'],
      ['hartmann6', 'hartmann6'],
      ['constrained', 'constrained'],
      ['zdt1', 'zdt1'],
    ]);
  });
});
