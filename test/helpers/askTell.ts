/** Test helpers for ask/tell optimizers: unwrap Rights, run ask(q)/tell rounds. */
import * as E from 'fp-ts/lib/Either.js';
import type { Observation, Optimizer } from '../../src/optimize/optimizer.js';
import type { Point } from '../../src/optimize/space/space.js';

export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

/** Runs `steps` ask(q)/tell rounds and returns all suggestions and the final state. */
export const run = <S>(opt: Optimizer<S>, state: S, f: (p: Point) => Observation, steps: number, q = 1): { points: Point[]; state: S } => {
  const points: Point[] = [];
  let s = state;
  for (let i = 0; i < steps; i++) {
    const [ps, s1] = right(opt.ask(s, q));
    points.push(...ps);
    s = right(opt.tell(s1, ps, ps.map(f)));
  }
  return { points, state: s };
};
