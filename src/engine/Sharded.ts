/**
 * Maps and sets split into shards by a cheap hash of the key, so that no single V8 `Map`/`Set`
 * comes near its limit of 2^24 entries (GB has ~54 million meter points). Each has a copy-on-write
 * mode for the reducer's transient: {@link ShardedMap.transient} shares every shard and copies one
 * only the first time it is written, so a call costs O(shards touched), not O(size).
 *
 * @since 0.1.0
 */

/**
 * Number of shards (a power of two): 64 × 2^24 ≈ 10^9 entries.
 *
 * @example
 * shardOf('e1') < SHARDS // true
 * @since 0.1.0
 * @category constants
 */
export const SHARDS = 64
const MASK = SHARDS - 1

/**
 * The shard of a key: FNV-1a over its UTF-16 code units, folded.
 *
 * @example
 * shardOf('1200023305967') // a number in [0, 64)
 * @since 0.1.0
 * @category utils
 */
export const shardOf = (key: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619)
  return (h ^ (h >>> 16)) & MASK
}

/**
 * A map in {@link SHARDS} shards. Use {@link ShardedMap.transient} before writing to a map that
 * another value may share.
 *
 * @example
 * const m = new ShardedMap<number>()
 * m.set('a', 1)
 * m.get('a') // 1
 * @since 0.1.0
 * @category model
 */
export class ShardedMap<V> {
  private readonly shards: Array<Map<string, V>>
  private readonly owned: Array<boolean>
  private count: number

  constructor(shards?: ReadonlyArray<Map<string, V>>, count?: number) {
    this.shards = shards === undefined ? Array.from({ length: SHARDS }, () => new Map<string, V>()) : shards.slice()
    this.owned = new Array<boolean>(SHARDS).fill(shards === undefined)
    this.count = count ?? 0
  }

  /** Entries. */
  get size(): number {
    return this.count
  }

  /** The value of a key, or undefined. */
  get(key: string): V | undefined {
    return this.shards[shardOf(key)]!.get(key)
  }

  /** True when the key is present. */
  has(key: string): boolean {
    return this.shards[shardOf(key)]!.has(key)
  }

  /** Sets a key, copying its shard first when the shard is shared. */
  set(key: string, value: V): void {
    const i = shardOf(key)
    let shard = this.shards[i]!
    if (!this.owned[i]) {
      shard = new Map(shard)
      this.shards[i] = shard
      this.owned[i] = true
    }
    const before = shard.size
    shard.set(key, value)
    this.count += shard.size - before
  }

  /** A new map sharing every shard with this one; writes to either never reach the other. */
  transient(): ShardedMap<V> {
    // Only transients are written, and a transient is frozen (never written again) once it has
    // become part of a state, so the source needs no bookkeeping here.
    return new ShardedMap<V>(this.shards, this.count)
  }

  /** Every entry, shard by shard (no order). */
  *entries(): IterableIterator<[string, V]> {
    for (const shard of this.shards) yield* shard
  }

  /** Every key, shard by shard (no order). */
  *keys(): IterableIterator<string> {
    for (const shard of this.shards) yield* shard.keys()
  }
}

/**
 * A set in {@link SHARDS} shards, with the same copy-on-write {@link ShardedSet.transient}.
 *
 * @example
 * const s = new ShardedSet()
 * s.add('e1')
 * s.has('e1') // true
 * @since 0.1.0
 * @category model
 */
export class ShardedSet {
  private readonly shards: Array<Set<string>>
  private readonly owned: Array<boolean>
  private count: number

  constructor(shards?: ReadonlyArray<Set<string>>, count?: number) {
    this.shards = shards === undefined ? Array.from({ length: SHARDS }, () => new Set<string>()) : shards.slice()
    this.owned = new Array<boolean>(SHARDS).fill(shards === undefined)
    this.count = count ?? 0
  }

  /** Members. */
  get size(): number {
    return this.count
  }

  /** True when `key` is a member. */
  has(key: string): boolean {
    return this.shards[shardOf(key)]!.has(key)
  }

  /** Adds `key`, copying its shard first when the shard is shared. */
  add(key: string): void {
    const i = shardOf(key)
    let shard = this.shards[i]!
    if (!this.owned[i]) {
      shard = new Set(shard)
      this.shards[i] = shard
      this.owned[i] = true
    }
    const before = shard.size
    shard.add(key)
    this.count += shard.size - before
  }

  /** A new set sharing every shard with this one; writes to either never reach the other. */
  transient(): ShardedSet {
    return new ShardedSet(this.shards, this.count)
  }

  /** Every member, shard by shard (no order). */
  *values(): IterableIterator<string> {
    for (const shard of this.shards) yield* shard
  }
}
