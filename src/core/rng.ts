/**
 * Seeded, splittable pseudo-random number generator (SplitMix32-seeded xoshiro128**).
 *
 * The model core never calls `Math.random`: every source of randomness is an `Rng` value created from an
 * explicit integer seed, so a run is reproducible from its seed. `Rng` is a small mutable object on purpose
 * (hot loops draw millions of numbers); its state is plain data (`RngState`) so it can be serialized to JSON
 * and restored (`fromState`), e.g. to resume a Bayesian-optimization run.
 *
 * @example
 *   const r = makeRng(42); const u = r.next(); // u in [0, 1)
 *   const child = r.split();                    // independent stream, deterministic from the parent
 */

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Four 32-bit words of xoshiro128** state, JSON-safe. */
export type RngState = readonly [number, number, number, number];

export interface Rng {
  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, n) (n ≥ 1). */
  int(n: number): number;
  /** Standard normal N(0, 1) by Box–Muller. */
  normal(): number;
  /** A new generator whose stream is independent of (and deterministic from) this one. */
  split(): Rng;
  /** Snapshot of the state (copy). */
  state(): RngState;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** SplitMix32 step: a well-mixed 32-bit output from a 32-bit counter (used only for seeding). */
const splitmix32 = (x: number): number => {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
};

/** Generator from an integer seed (any safe integer; negative and fractional parts are folded in). */
export const makeRng = (seed: number): Rng => {
  const lo = seed | 0;
  const hi = Math.floor(seed / 4294967296) | 0;
  let x = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d));
  const s: number[] = [];
  for (let i = 0; i < 4; i++) {
    x = splitmix32(x + i);
    s.push(x);
  }
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  return fromState(s as unknown as RngState);
};

/** Generator that continues exactly from a saved state. */
export const fromState = (st: RngState): Rng => {
  let a = st[0] >>> 0;
  let b = st[1] >>> 0;
  let c = st[2] >>> 0;
  let d = st[3] >>> 0;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n: number) => Math.floor((nextU32() / 4294967296) * n),
    normal: () => {
      let u = 0;
      while (u === 0) u = nextU32() / 4294967296;
      const v = nextU32() / 4294967296;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    split: () => makeRng(nextU32() * 4294967296 + nextU32()),
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0] as const,
  };
  return rng;
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
