/**
 * A small seeded pseudo-random number generator (sfc32, Chris Doty-Humphrey's "small fast chaotic"
 * generator) and the few helpers the sample generator needs. No `Math.random`, no clock: the same seed
 * always gives the same sequence, on every platform (only 32-bit integer arithmetic is used).
 *
 * @since 0.1.0
 */

/**
 * A stream of uniformly distributed unsigned 32-bit integers.
 *
 * @since 0.1.0
 * @category model
 */
export interface Random {
  /** The next unsigned 32-bit integer of the stream. */
  next(): number
}

/**
 * A seed: any 32-bit integer, or a string (hashed to one).
 *
 * @since 0.1.0
 * @category model
 */
export type Seed = number | string

// FNV-1a over UTF-16 code units: turns a string seed into 32 bits.
const hashString = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

// One step of splitmix32: spreads seeds that differ in a few bits over the whole state.
const splitmix = (x: number): number => {
  let z = (x + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
  return (z ^ (z >>> 15)) >>> 0
}

/**
 * The 32-bit number a seed stands for.
 *
 * @example
 * seedNumber('demo') === seedNumber('demo') // true
 * seedNumber(42) // 42
 * @since 0.1.0
 * @category constructors
 */
export const seedNumber = (seed: Seed): number => (typeof seed === 'number' ? seed >>> 0 : hashString(seed))

// A class rather than a closure: one small object per generator, cheap to create per home.
class Sfc32 implements Random {
  private a: number
  private b: number
  private c: number
  private d: number
  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0
    this.b = b | 0
    this.c = c | 0
    this.d = d | 0
    // Discard the first outputs: sfc32's state needs a few rounds to mix.
    for (let i = 0; i < 12; i++) this.next()
  }
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }
}

const sfc32 = (a: number, b: number, c: number, d: number): Random => new Sfc32(a, b, c, d)

/**
 * A generator seeded by `seed`.
 *
 * @example
 * const r = make(42)
 * make(42).next() === r.next() // true
 * @since 0.1.0
 * @category constructors
 */
export const make = (seed: Seed): Random => {
  const s = seedNumber(seed)
  const a = splitmix(s)
  const b = splitmix(a)
  const c = splitmix(b)
  return sfc32(a, b, c, 1)
}

/**
 * An independent generator for one part of a larger computation (a home, a pass), so that parts can
 * be computed in any order, or recomputed, and still draw the same numbers.
 *
 * @example
 * derive(42, 7).next() === derive(42, 7).next() // true
 * derive(42, 7).next() === derive(42, 8).next() // false (almost surely)
 * @since 0.1.0
 * @category constructors
 */
export const derive = (seed: Seed, key: number | string): Random => {
  const s = seedNumber(seed)
  const k = typeof key === 'number' ? key >>> 0 : hashString(key)
  const a = splitmix(s ^ splitmix(k))
  const b = splitmix(a ^ k)
  const c = splitmix(b ^ s)
  return sfc32(a, b, c, k)
}

/**
 * A float uniformly distributed in [0, 1).
 *
 * @example
 * const x = float(make(1))
 * x >= 0 && x < 1 // true
 * @since 0.1.0
 * @category draws
 */
export const float = (r: Random): number => r.next() / 4294967296

/**
 * An integer uniformly distributed in [lo, hi] (both included); spans up to 2^32.
 *
 * @example
 * const d = int(make(1), 1, 6)
 * d >= 1 && d <= 6 // true
 * @since 0.1.0
 * @category draws
 */
export const int = (r: Random, lo: number, hi: number): number => {
  if (!(hi >= lo)) throw new RangeError(`Random.int: empty range [${lo}, ${hi}]`)
  return lo + Math.floor((r.next() / 4294967296) * (hi - lo + 1))
}

/**
 * True with probability `p`.
 *
 * @example
 * chance(make(1), 0) // false
 * chance(make(1), 1) // true
 * @since 0.1.0
 * @category draws
 */
export const chance = (r: Random, p: number): boolean => r.next() / 4294967296 < p

/**
 * One element of a non-empty array, uniformly.
 *
 * @example
 * ['a', 'b'].includes(pick(make(1), ['a', 'b'])) // true
 * @since 0.1.0
 * @category draws
 */
export const pick = <A>(r: Random, as: ReadonlyArray<A>): A => {
  if (as.length === 0) throw new RangeError('Random.pick: empty array')
  return as[Math.floor((r.next() / 4294967296) * as.length)]!
}

/**
 * A weighted choice prepared once (cumulative weights) and drawn many times with {@link draw}.
 *
 * @since 0.1.0
 * @category model
 */
export interface Weighted<A> {
  readonly values: ReadonlyArray<A>
  readonly cumulative: ReadonlyArray<number>
  readonly total: number
}

/**
 * Prepares a weighted choice from `[value, weight]` pairs (weights ≥ 0, at least one positive).
 *
 * @example
 * const coin = weighted([['heads', 1], ['tails', 1]])
 * coin.total // 2
 * @since 0.1.0
 * @category constructors
 */
export const weighted = <A>(entries: ReadonlyArray<readonly [A, number]>): Weighted<A> => {
  const values: Array<A> = []
  const cumulative: Array<number> = []
  let total = 0
  for (const [value, weight] of entries) {
    if (!(weight >= 0)) throw new RangeError(`Random.weighted: negative or NaN weight ${weight}`)
    if (weight === 0) continue
    total += weight
    values.push(value)
    cumulative.push(total)
  }
  if (total <= 0) throw new RangeError('Random.weighted: no positive weight')
  return { values, cumulative, total }
}

/**
 * Draws one value of a prepared weighted choice.
 *
 * @example
 * draw(make(1), weighted([['only', 3]])) // 'only'
 * @since 0.1.0
 * @category draws
 */
export const draw = <A>(r: Random, w: Weighted<A>): A => {
  const x = (r.next() / 4294967296) * w.total
  const c = w.cumulative
  let i = 0
  while (i < c.length - 1 && x >= c[i]!) i++
  return w.values[i]!
}

/**
 * A weighted choice in one call (prepare with {@link weighted} when drawing often).
 *
 * @example
 * pickWeighted(make(1), [['x', 0], ['y', 1]]) // 'y'
 * @since 0.1.0
 * @category draws
 */
export const pickWeighted = <A>(r: Random, entries: ReadonlyArray<readonly [A, number]>): A => draw(r, weighted(entries))

/**
 * A shuffled copy of an array (Fisher–Yates).
 *
 * @example
 * shuffle(make(1), [1, 2, 3]).sort() // [1, 2, 3]
 * @since 0.1.0
 * @category draws
 */
export const shuffle = <A>(r: Random, as: ReadonlyArray<A>): Array<A> => {
  const out = as.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor((r.next() / 4294967296) * (i + 1))
    const t = out[i]!
    out[i] = out[j]!
    out[j] = t
  }
  return out
}
