import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/rng.js';
import { fitGp } from '../../src/optimize/gp/fit.js';
import { addObservation, conditionGp, posterior } from '../../src/optimize/gp/gp.js';
import { defaultHyper, logPrior, pack, type GpHyper } from '../../src/optimize/gp/hyper.js';
import { logMarginalLikelihood } from '../../src/optimize/gp/likelihood.js';

const data = (n: number, d: number, seed: number) => {
  const r = makeRng(seed);
  const x = Float64Array.from({ length: n * d }, () => r.next());
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * x[i * d]!) + (d > 1 ? x[i * d + 1]! ** 2 : 0));
  return { x, y };
};

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

describe('Gaussian process', () => {
  it('the noise-free posterior mean interpolates the training points and its variance vanishes there', () => {
    const d = 2;
    const { x, y } = data(15, d, 1);
    const hyper: GpHyper = { ...defaultHyper(d), logNoiseVar: Math.log(1e-10) };
    const gp = right(conditionGp(x, y, d, hyper));
    const post = posterior(gp, x, 15);
    for (let i = 0; i < 15; i++) {
      expect(post.mean[i]).toBeCloseTo(y[i]!, 4);
      expect(post.variance[i]!).toBeLessThan(1e-6);
    }
    // Away from the data the variance is clearly positive.
    const far = posterior(gp, Float64Array.of(0.999, 0.001), 1);
    expect(far.variance[0]!).toBeGreaterThan(1e-6);
  });

  it('the log-marginal-likelihood gradient matches central finite differences', () => {
    for (const [d, seed] of [
      [1, 3],
      [3, 4],
    ] as const) {
      const { x, y } = data(12, d, seed);
      const r = makeRng(seed + 10);
      const theta = Float64Array.from({ length: d + 3 }, (_, i) =>
        i < d ? Math.log(0.3 + r.next()) : i === d ? 0.3 * r.normal() : i === d + 1 ? Math.log(0.01 + 0.1 * r.next()) : 0.2 * r.normal(),
      );
      const g = right(logMarginalLikelihood(x, y, 12, d, theta)).gradient;
      for (let k = 0; k < d + 3; k++) {
        const h = 1e-5;
        const tp = Float64Array.from(theta);
        const tm = Float64Array.from(theta);
        tp[k] = tp[k]! + h;
        tm[k] = tm[k]! - h;
        const fd = (right(logMarginalLikelihood(x, y, 12, d, tp)).value - right(logMarginalLikelihood(x, y, 12, d, tm)).value) / (2 * h);
        expect(g[k]).toBeCloseTo(fd, 4);
      }
    }
  });

  it('the log-prior gradient matches finite differences', () => {
    const theta = pack(defaultHyper(2)).map((v, i) => v + 0.1 * (i + 1));
    const g = logPrior(theta).gradient;
    for (let k = 0; k < theta.length; k++) {
      const tp = Float64Array.from(theta);
      tp[k] = tp[k]! + 1e-6;
      expect(g[k]).toBeCloseTo((logPrior(tp).value - logPrior(theta).value) / 1e-6, 4);
    }
  });

  it('fitting increases the marginal likelihood over the default hyper-parameters and predicts well', () => {
    const d = 2;
    const { x, y } = data(25, d, 7);
    const gp = right(fitGp(x, y, d, makeRng(1)));
    const ys = Float64Array.from(y, (v) => (v - gp.offset) / gp.scale);
    const fitted = right(logMarginalLikelihood(x, ys, 25, d, pack(gp.hyper))).value;
    const dflt = right(logMarginalLikelihood(x, ys, 25, d, pack(defaultHyper(d)))).value;
    expect(fitted).toBeGreaterThan(dflt);
    const t = data(20, d, 99);
    const p = posterior(gp, t.x, 20);
    let err = 0;
    for (let i = 0; i < 20; i++) err += (p.mean[i]! - t.y[i]!) ** 2;
    expect(Math.sqrt(err / 20)).toBeLessThan(0.1);
  });

  it('addObservation equals conditioning on the enlarged data set', () => {
    const d = 2;
    const { x, y } = data(10, d, 5);
    const hyper = defaultHyper(d);
    const stdz = { offset: 0.2, scale: 1.3 };
    const gp9 = right(conditionGp(x.subarray(0, 9 * d), y.subarray(0, 9), d, hyper, stdz));
    const gpAdd = right(addObservation(gp9, x.subarray(9 * d), y[9]!));
    const gp10 = right(conditionGp(x, y, d, hyper, stdz));
    const z = Float64Array.of(0.3, 0.7, 0.9, 0.1);
    const a = posterior(gpAdd, z, 2);
    const b = posterior(gp10, z, 2);
    for (let i = 0; i < 2; i++) {
      expect(a.mean[i]).toBeCloseTo(b.mean[i]!, 9);
      expect(a.variance[i]).toBeCloseTo(b.variance[i]!, 9);
    }
  });
});
