/**
 * A map keyed by meter point id that can hold all of GB. V8's `Map` holds at most 2^24 (16,777,216)
 * entries and GB has about 30 million MPANs (DOMAIN.md section 8), so the keys are spread over 256
 * plain `Map`s by a hash of their last characters (the low digits of an id are evenly spread).
 *
 * @since 0.1.0
 */

const SHARDS = 256

// The last four characters of an id vary most; a tiny multiplicative hash of them spreads digit ids evenly.
const shardOf = (key: string): number => {
  const n = key.length
  let h = 0
  for (let i = n > 4 ? n - 4 : 0; i < n; i++) h = (h * 31 + key.charCodeAt(i)) | 0
  return h & (SHARDS - 1)
}

/**
 * A string-keyed map sharded past the 2^24 limit of one V8 `Map`. Iteration order is by shard, then
 * insertion: callers that need a stable order sort what they take out.
 *
 * @example
 * const m = new MeterPointMap<number>()
 * m.set('1200023305967', 1)
 * m.get('1200023305967') // 1
 * m.size // 1
 * @since 0.1.0
 * @category constructors
 */
export class MeterPointMap<V> {
  private readonly shards: Array<Map<string, V> | undefined> = new Array(SHARDS)
  private count = 0

  /** Number of entries. */
  get size(): number {
    return this.count
  }

  /** The value stored for `key`, or undefined. */
  get(key: string): V | undefined {
    return this.shards[shardOf(key)]?.get(key)
  }

  /** True when `key` has a value. */
  has(key: string): boolean {
    return this.shards[shardOf(key)]?.has(key) ?? false
  }

  /** Stores `value` for `key`, replacing any earlier value. */
  set(key: string, value: V): this {
    const i = shardOf(key)
    let shard = this.shards[i]
    if (shard === undefined) shard = this.shards[i] = new Map()
    const before = shard.size
    shard.set(key, value)
    this.count += shard.size - before
    return this
  }

  /** Removes `key`; true when it was there. */
  delete(key: string): boolean {
    const shard = this.shards[shardOf(key)]
    if (shard === undefined || !shard.delete(key)) return false
    this.count--
    return true
  }

  /** Calls `f` for every entry (shard order, then insertion order). */
  forEach(f: (value: V, key: string) => void): void {
    for (const shard of this.shards) if (shard !== undefined) shard.forEach(f)
  }

  /** Every entry (shard order, then insertion order). */
  *entries(): IterableIterator<[string, V]> {
    for (const shard of this.shards) if (shard !== undefined) yield* shard.entries()
  }
}
