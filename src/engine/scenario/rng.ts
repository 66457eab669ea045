// The scenario's seeded randomness: xoshiro128** (Blackman and Vigna, 2018) seeded through splitmix32,
// so the same seed gives the same template values, feeder picks and scenario picks run after run.
// Fast (32-bit integer ops only) and 128 bits of state; not for secrets. The analysis keeps its own
// generator (src/analysis/rng.ts) so that load-time draws never shift a verdict.
// Template functions only need `next()`, so the engine may pass any PlanRng; `randomInt` works on those.

/** A uniform source in [0, 1): what templates, feeders and scenario picks consume. */
export interface UniformSource {
  next(): number;
}

/** Uniform integer in [lo, hi], both inclusive; lo and hi are integers with lo ≤ hi. */
export function randomInt(source: UniformSource, lo: number, hi: number): number {
  return lo + Math.floor(source.next() * (hi - lo + 1));
}

export class Rng implements UniformSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `seed` is any integer (taken modulo 2^32); the default 1 keeps unseeded runs reproducible too. */
  constructor(seed = 1) {
    let state = seed >>> 0;
    const splitmix32 = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix32();
    this.s1 = splitmix32();
    this.s2 = splitmix32();
    this.s3 = splitmix32();
  }

  /** A generator with the given raw 128-bit state (not all zero), to check against reference outputs. */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    const rng = new Rng(0);
    rng.s0 = s0 | 0;
    rng.s1 = s1 | 0;
    rng.s2 = s2 | 0;
    rng.s3 = s3 | 0;
    return rng;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return randomInt(this, lo, hi);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
