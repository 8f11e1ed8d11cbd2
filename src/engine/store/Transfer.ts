/**
 * A state's store as plain data — typed arrays and arrays — to send to a worker thread and back
 * (`postMessage` copies or transfers them), and the state of such data.
 *
 * @internal
 * @since 0.2.0
 */
import type { Hold } from '../model/Records'
import { EventLayer } from './EventIds'
import type { Layer } from './IndexLayer'
import { DEV, LINK, MP } from './Layout'
import type { Contents } from './Store'
import { Family, Ref, Version, ensureHead } from './Store'

/** A store as plain data. @since 0.2.0 @category model */
export interface Parts {
  readonly dev: Int32Array
  readonly mp: Int32Array
  readonly link: Int32Array
  readonly holds: ReadonlyArray<readonly [number, Hold]>
  readonly counts: { readonly devCount: number; readonly mpCount: number; readonly linkCount: number; readonly live: number; readonly eventCount: number }
  readonly devIndex: ReadonlyArray<Layer>
  readonly mpIndex: ReadonlyArray<Layer>
  readonly events: ReadonlyArray<{ readonly table: Int32Array; readonly chars: Uint16Array; readonly starts: Int32Array; readonly count: number }>
}

/**
 * The plain data of a state's store (its arrays copied to the state's counts).
 *
 * @example
 * // toParts(ref)
 * @since 0.2.0
 * @category destructors
 */
export const toParts = (ref: Ref): Parts => {
  const f = ensureHead(ref)
  const c = ref.version.contents
  return {
    dev: f.dev.slice(0, c.devCount * DEV.stride),
    mp: f.mp.slice(0, c.mpCount * MP.stride),
    link: f.link.slice(0, c.linkCount * LINK.stride),
    holds: Array.from(f.holds),
    counts: { devCount: c.devCount, mpCount: c.mpCount, linkCount: c.linkCount, live: c.live, eventCount: c.eventCount },
    devIndex: c.devIndex.map((l) => ({ slots: l.slots, scale: l.scale, size: l.size })),
    mpIndex: c.mpIndex.map((l) => ({ slots: l.slots, scale: l.scale, size: l.size })),
    events: c.events.map((l) => ({ table: l.table, chars: l.chars, starts: l.starts, count: l.count })),
  }
}

/**
 * The state of plain data made by {@link toParts} (its history starts here).
 *
 * @example
 * // fromParts(toParts(ref))
 * @since 0.2.0
 * @category constructors
 */
export const fromParts = (p: Parts): Ref => {
  const grow = (a: Int32Array): Int32Array => {
    const b = new Int32Array(Math.max(16, a.length + (a.length >> 2)))
    b.set(a)
    return b
  }
  const family = new Family(grow(p.dev), grow(p.mp), grow(p.link), new Map(p.holds))
  const n = p.counts
  const contents: Contents = {
    ...n,
    devIndex: p.devIndex.map((l) => ({ slots: l.slots, scale: l.scale, size: l.size })),
    mpIndex: p.mpIndex.map((l) => ({ slots: l.slots, scale: l.scale, size: l.size })),
    events: p.events.map((l) => EventLayer.of(l.table, l.chars, l.starts, l.count)),
  }
  const v = new Version(family, contents, { devCount: n.devCount, mpCount: n.mpCount, eventCount: n.eventCount, undos: [] })
  family.head = v
  return new Ref(v)
}
