/**
 * The fold: every rule of docs/rules.md sections 4–5 applied to one event at a time, in codes, on the
 * compact store's rows. One implementation for every input: decoded event objects
 * ({@link Fold.push}), NDJSON lines read into codes ({@link Fold.pushText}), and lines the scanner
 * leaves to the full decoder. The rejection checks run in docs/contract.md's precedence order, then the
 * writes (logged for older versions); a rejected event leaves nothing behind.
 *
 * After each applied event every meter point it touched is derived, in meter point id order: the
 * summary of its linked meters (statuses as bits, count) is read from its list, and the compiled
 * policy answers from its table.
 *
 * @internal
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import * as DeviceKey from '../../identifiers/DeviceKey'
import * as Instant from '../../identifiers/Instant'
import * as MeterPointKey from '../../identifiers/MeterPointKey'
import * as Lifecycle from '../Lifecycle'
import { deviceStatuses, deviceTypes } from '../model/Device'
import type { Event } from '../model/Event'
import { parseEventLine } from '../model/Ndjson'
import type { MeterPointRecord } from '../model/Records'
import type { Rejection, RejectionCode } from '../model/Rejection'
import type { Compiled } from '../policy/Compiled'
import { compile, linkedCause, statusChangedCause, unlinkedCause } from '../policy/Compiled'
import type { Policy } from '../policy/Policies'
import { mp077 } from '../policy/Policies'
import { NO_DATE, dateCode, flagCode, hasStatusByType, maxMeterPointsByType, servesElectricityByType, statusCode, typeCode } from '../store/Codes'
import { EventLayer, withLayer } from '../store/EventIds'
import { keyHash, mix } from '../store/Hash'
import type { Layer } from '../store/IndexLayer'
import { emptyLayer, insert } from '../store/IndexLayer'
import { DEV, LINK, MP, deviceMeta } from '../store/Layout'
import { findDevice, findMeterPoint } from '../store/Lookup'
import type { Ref } from '../store/Store'
import { Session } from '../store/Store'
import { ChangeBuffer } from './Changes'
import type { Decoded } from './LineDecoder'
import { KIND, decodeLine, newDecoded } from './LineDecoder'

/** How to fold: the policy, the lifecycle and the caller's clock reading. @since 0.2.0 @category model */
export interface FoldOptions {
  readonly policy?: Policy
  readonly lifecycle?: Lifecycle.Lifecycle
  readonly asOf?: Instant.Instant
}

const DECOMMISSIONED = 9

/**
 * The `asOf` of options as microseconds since the epoch (`Infinity` when none). An `asOf` that is
 * not an instant is a programmer error and throws.
 *
 * @example
 * import type { Instant } from 'dcc-service-flags'
 * asOfMicros({ asOf: '1970-01-01T00:00:01Z' as Instant.Instant }) // 1000000
 * @since 0.2.0
 * @category utils
 */
export const asOfMicros = (options: FoldOptions | undefined): number => {
  const asOf = options?.asOf
  if (asOf === undefined) return Number.POSITIVE_INFINITY
  const micros = typeof asOf === 'string' ? Instant.epochMicros(asOf) : NaN
  if (Number.isNaN(micros)) throw new RangeError(`Reducer: asOf ${JSON.stringify(asOf)} is not an ISO-8601 instant with an offset`)
  return micros
}

const rejection = (eventId: string | null, code: RejectionCode, message: string): Rejection => ({ eventId, code, message })

const encoder = new TextEncoder()
/** True when a string is well-formed UTF-16 (no lone surrogate), so that UTF-8 holds it exactly. */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed: () => boolean }).isWellFormed()
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A fold in progress over a state: push events (objects, NDJSON lines or text), then
 * {@link Fold.end} once.
 *
 * @example
 * // const fold = new Fold(ref, { policy }); fold.push(event); const next = fold.end()
 * @since 0.2.0
 * @category model
 */
export class Fold extends Session {
  readonly policyName: string
  private readonly policy: Compiled
  private readonly allowed: Uint8Array
  private readonly asOf: number
  readonly changes = new ChangeBuffer()
  readonly rejected: Rejection[] = []
  // counts and indexes
  private devCount: number
  private mpCount: number
  private linkCount: number
  private live: number
  private readonly devLayers: Layer[]
  private readonly mpLayers: Layer[]
  private openDev: Layer | null = null
  private openMp: Layer | null = null
  private readonly oldIds: ReadonlyArray<EventLayer>
  readonly ids: EventLayer
  private readonly scratch: Decoded = newDecoded()
  private ended = false
  // the event being applied
  private id = ''
  private idKnown = false
  private hash = 0
  private at = 0
  private dayAt = NaN
  private day = 0
  /** The meter point of the event being applied as given (for messages when it is not one). */
  private rawMp = ''

  constructor(state: Ref, options: FoldOptions | undefined, expectedEvents = 0) {
    super(state, expectedEvents)
    const c = this.start
    this.policy = compile(options?.policy ?? mp077)
    this.policyName = this.policy.name
    // status code k is deviceStatuses[k - 1], the compiled matrix's row and column k - 1
    this.allowed = Lifecycle.compile(options?.lifecycle ?? Lifecycle.strict).allowed
    this.asOf = asOfMicros(options)
    this.devCount = c.devCount
    this.mpCount = c.mpCount
    this.linkCount = c.linkCount
    this.live = c.live
    this.devLayers = c.devIndex.slice()
    this.mpLayers = c.mpIndex.slice()
    this.oldIds = c.events
    this.ids = new EventLayer(Math.max(16, expectedEvents), Math.max(256, expectedEvents * 12))
  }

  private assertOpen(): void {
    if (this.ended) throw new Error('Reducer: this fold has finished; begin a new one from its state')
  }

  // -----------------------------------------------------------------------------------------------
  // inputs
  // -----------------------------------------------------------------------------------------------

  /** Applies or rejects one decoded event. */
  push(e: Event): void {
    this.assertOpen()
    if (e === null || typeof e !== 'object' || typeof e.eventId !== 'string' || e.eventId.length === 0) {
      this.rejected.push(rejection(null, 'invalid_event', 'an event needs a non-empty string eventId'))
      return
    }
    const id = e.eventId
    const at = typeof e.at === 'string' ? Instant.epochMicros(e.at) : NaN
    if (Number.isNaN(at)) return this.reject(rejection(id, 'invalid_event', `at ${JSON.stringify(e.at)} is not an ISO-8601 instant with an offset or Z`))
    const d = this.scratch
    const deviceId = (e as { deviceId?: unknown }).deviceId
    const hi = typeof deviceId === 'string' ? DeviceKey.hi(deviceId) : -1
    const lo = typeof deviceId === 'string' ? DeviceKey.lo(deviceId) : -1
    switch (e.type) {
      case 'DeviceRegistered': {
        const type = typeCode(e.deviceType)
        if (type < 0) return this.reject(rejection(id, 'invalid_event', `unknown device type ${JSON.stringify(e.deviceType)}`))
        if (hasStatusByType[type] === 0 && e.status !== undefined) return this.reject(rejection(id, 'invalid_event', `${e.deviceType} devices have no SMI status`))
        const st = e.status === undefined ? 0 : statusCode(e.status)
        if (st < 0) return this.reject(rejection(id, 'invalid_event', `${JSON.stringify(e.status)} is not an SMI status`))
        d.kind = KIND.registered
        d.type = type
        d.status = st
        break
      }
      case 'StatusChanged': {
        const st = statusCode(e.status)
        if (st < 1) return this.reject(rejection(id, 'invalid_event', `${JSON.stringify(e.status)} is not an SMI status`))
        d.kind = KIND.statusChanged
        d.status = st
        break
      }
      case 'MeterPointLinked':
      case 'MeterPointUnlinked':
        d.kind = e.type === 'MeterPointLinked' ? KIND.linked : KIND.unlinked
        d.key = typeof e.meterPoint === 'string' ? MeterPointKey.keyOf(e.meterPoint) : -1
        this.rawMp = String(e.meterPoint)
        break
      case 'DeviceDeleted':
        d.kind = KIND.deleted
        break
      default: {
        const type = (e as { readonly type?: unknown }).type
        return this.reject(rejection(id, 'invalid_event', `unknown event type ${JSON.stringify(type) ?? String(type)}`))
      }
    }
    if (hi < 0 || lo < 0) return this.reject(rejection(id, 'invalid_event', `${JSON.stringify(deviceId)} is not an EUI-64 device id in canonical form`))
    d.at = at
    d.hi = hi | 0
    d.lo = lo | 0
    this.id = id
    this.idKnown = true
    this.hash = this.ids.stageString(id)
    this.apply(d)
  }

  /** Parses one NDJSON line (1-based number) and applies it, or records an `invalid_event`. */
  pushLine(line: string, lineNo: number): void {
    this.assertOpen()
    if (!wellFormed(line)) return this.pushParsed(line, lineNo)
    // the line's UTF-8 bytes, in a scratch that grows as needed
    if (this.lineBytes.length < 3 * line.length) this.lineBytes = new Uint8Array(3 * line.length + 64)
    const n = encoder.encodeInto(line, this.lineBytes).written
    this.pushRange(this.lineBytes, 0, n, lineNo, line)
  }

  /** Applies every non-empty line of NDJSON text (a trailing `\r` dropped), numbering lines from `firstLine`. */
  pushText(text: string, firstLine = 1): number {
    this.assertOpen()
    if (wellFormed(text)) return this.pushBytes(encoder.encode(text), firstLine)
    // lone surrogates have no UTF-8: every line takes the full path, as a string
    let start = 0
    let lineNo = firstLine - 1
    while (start < text.length) {
      let end = text.indexOf('\n', start)
      if (end < 0) end = text.length
      lineNo++
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end
      if (stop > start) this.pushParsed(text.slice(start, stop), lineNo)
      start = end + 1
    }
    return lineNo
  }

  /** Applies every non-empty line of NDJSON text given as UTF-8 bytes, numbering lines from `firstLine`. */
  pushBytes(bytes: Uint8Array, firstLine = 1): number {
    this.assertOpen()
    let start = 0
    let lineNo = firstLine - 1
    const n = bytes.length
    while (start < n) {
      let end = bytes.indexOf(10, start)
      if (end < 0) end = n
      lineNo++
      let stop = end
      if (stop > start && bytes[stop - 1] === 13) stop--
      if (stop > start) this.pushRange(bytes, start, stop, lineNo, null)
      start = end + 1
    }
    return lineNo
  }

  /** The UTF-8 bytes of the line `pushLine` was given. */
  private lineBytes = new Uint8Array(256)

  private pushRange(u: Uint8Array, start: number, end: number, lineNo: number, line: string | null): void {
    const d = this.scratch
    if (decodeLine(u, start, end, d)) {
      this.idKnown = false
      this.hash = this.ids.stageBytes(u, d.idStart, d.idEnd)
      this.apply(d)
      return
    }
    if (line !== null) return this.pushParsed(line, lineNo)
    let text: string
    try {
      text = utf8.decode(u.subarray(start, end))
    } catch {
      this.rejected.push(rejection(null, 'invalid_event', `line ${lineNo}: not valid UTF-8`))
      return
    }
    this.pushParsed(text, lineNo)
  }

  /** The full path: `JSON.parse` and the event codec. */
  private pushParsed(line: string, lineNo: number): void {
    const r = parseEventLine(line, lineNo)
    if (E.isLeft(r)) this.rejected.push(r.left)
    else this.push(r.right)
  }

  /** Records a rejection made elsewhere, in input order. */
  reject(r: Rejection): void {
    this.assertOpen()
    this.rejected.push(r)
  }

  /** How many changes and rejections so far. */
  counts(): readonly [number, number] {
    return [this.changes.length, this.rejected.length]
  }

  // -----------------------------------------------------------------------------------------------
  // the rules
  // -----------------------------------------------------------------------------------------------

  /** The id of the event being applied (for messages). */
  private eventId(): string {
    if (!this.idKnown) {
      const l = this.ids
      const a = l.starts[l.count]!
      this.id = String.fromCharCode.apply(null, l.chars.subarray(a, l.stagedEnd) as unknown as number[])
      this.idKnown = true
    }
    return this.id
  }

  private refuse(code: RejectionCode, message: string): void {
    this.rejected.push(rejection(this.eventId(), code, message))
  }

  private isDuplicate(): boolean {
    const h = this.hash
    const ids = this.ids
    const old = this.oldIds
    for (let i = 0; i < old.length; i++) if (old[i]!.hasStagedOf(ids, h)) return true
    // last: its probe leaves the free slot the commit will use
    return ids.findStaged(h)
  }

  private findDevice(hi: number, lo: number): number {
    return findDevice(this.devLayers, this.dev, hi, lo)
  }

  private findMeterPoint(key: number): number {
    return findMeterPoint(this.mpLayers, this.mpF, key)
  }

  private apply(d: Decoded): void {
    if (this.isDuplicate()) return this.refuse('duplicate_event', `event ${this.eventId()} was already applied`)
    const at = d.at
    this.at = at
    if (at > this.asOf) return this.refuse('future_event', `event ${this.eventId()} at ${Instant.ofEpochMicros(at)} is later than the fold's asOf`)
    const hi = d.hi
    const lo = d.lo
    let r = this.findDevice(hi, lo)
    if (d.kind === KIND.registered) {
      if (r >= 0 && (this.dev[r * DEV.stride + DEV.meta]! & 128) === 0) {
        return this.refuse('duplicate_device', `device ${DeviceKey.idOf(hi >>> 0, lo >>> 0)} is already in the inventory`)
      }
      const status = hasStatusByType[d.type] === 0 ? 0 : d.status === 0 ? 1 : d.status
      if (r < 0) r = this.appendDevice(hi, lo)
      const w = r * DEV.stride
      // a deleted device registered again: its row comes back, with no links
      this.setDev(w + DEV.meta, deviceMeta(status, d.type, false))
      if (this.dev[w + DEV.link2] !== 0) this.setDev(w + DEV.link2, 0)
      this.setDevAt(r, at)
      this.live++
      return this.commit()
    }
    const w = r * DEV.stride
    if (r < 0 || (this.dev[w + DEV.meta]! & 128) !== 0) {
      return this.refuse('unknown_device', `device ${DeviceKey.idOf(hi >>> 0, lo >>> 0)} is not in the inventory`)
    }
    const last = this.devF[(w + DEV.at) >> 1]!
    if (at < last) {
      return this.refuse('out_of_order', `event ${this.eventId()} at ${Instant.ofEpochMicros(at)} is earlier than device ${DeviceKey.idOf(hi >>> 0, lo >>> 0)}'s last event (${Instant.ofEpochMicros(last)})`)
    }
    const meta = this.dev[w + DEV.meta]!
    const status = meta & 15
    const type = (meta >>> 4) & 7
    switch (d.kind) {
      case KIND.statusChanged: {
        if (status === DECOMMISSIONED) return this.refuse('device_decommissioned', `device ${this.deviceId(r)} is Decommissioned: its status cannot change`)
        if (status === 0) return this.refuse('forbidden_status_change', `${deviceTypes[type]} ${this.deviceId(r)} has no SMI status`)
        const to = d.status
        if (this.allowed[(status - 1) * 9 + to - 1] !== 1) {
          return this.refuse('forbidden_status_change', `device ${this.deviceId(r)} cannot go from ${deviceStatuses[status - 1]} to ${deviceStatuses[to - 1]}`)
        }
        this.setDevAt(r, at)
        // a change to the status it has is an accepted no-op (its instant still counts)
        if (to !== status) {
          this.setDev(w + DEV.meta, (meta & ~15) | to)
          this.deriveServed(r, statusChangedCause(status, to))
        }
        return this.commit()
      }
      case KIND.linked: {
        if (status === DECOMMISSIONED) return this.refuse('device_decommissioned', `device ${this.deviceId(r)} is Decommissioned: it cannot be linked`)
        if (maxMeterPointsByType[type] === 0) return this.refuse('not_a_smart_meter', `a ${deviceTypes[type]} cannot serve a meter point`)
        const key = d.key
        const mpElectric = MeterPointKey.isThirteenDigitKey(key)
        if (key < 0 || mpElectric !== (servesElectricityByType[type] === 1)) {
          const fuel = key < 0 ? 'unknown' : mpElectric ? 'electricity' : 'gas'
          return this.refuse('wrong_fuel_link', `a ${deviceTypes[type]} cannot serve ${fuel} meter point ${key < 0 ? this.rawMp : MeterPointKey.idOf(key)}`)
        }
        let m = this.findMeterPoint(key)
        const m0 = this.dev[w + DEV.mp0]! - 1
        const l = this.dev[w + DEV.link2]!
        const m1 = l === 0 ? -1 : this.link[(l - 1) * LINK.stride + LINK.mp]! - 1
        if (m >= 0 && (m0 === m || m1 === m)) return this.refuse('already_linked', `device ${this.deviceId(r)} already serves ${MeterPointKey.idOf(key)}`)
        const count = (m0 >= 0 ? 1 : 0) + (m1 >= 0 ? 1 : 0)
        const max = maxMeterPointsByType[type]!
        if (count >= max) {
          const served = [m0, m1].filter((x) => x >= 0).map((x) => MeterPointKey.idOf(this.mpF[x * 3]!))
          return this.refuse('too_many_links', `a ${deviceTypes[type]} serves at most ${max} meter point${max === 1 ? '' : 's'}; ${this.deviceId(r)} serves ${served.join(', ')}`)
        }
        if (m < 0) m = this.appendMeterPoint(key)
        this.setDevAt(r, at)
        const first = this.mp[m * MP.stride + MP.first]!
        // links keep their order, primary first (the second slot only when the first is taken)
        if (m0 < 0) {
          this.setDev(w + DEV.mp0, m + 1)
          this.setDev(w + DEV.next0, first)
        } else {
          let e = l - 1
          if (e < 0) {
            e = this.linkCount++
            this.reserveLinks(this.linkCount)
            this.link[e * LINK.stride + LINK.owner] = r
            this.setDev(w + DEV.link2, e + 1)
          }
          this.setLink(e * LINK.stride + LINK.mp, m + 1)
          this.setLink(e * LINK.stride + LINK.next, first)
        }
        this.setMp(m * MP.stride + MP.first, r + 1)
        this.derive(m, linkedCause(status))
        return this.commit()
      }
      case KIND.unlinked: {
        const key = d.key
        const m = key < 0 ? -1 : this.findMeterPoint(key)
        const m0 = this.dev[w + DEV.mp0]! - 1
        const l = this.dev[w + DEV.link2]!
        const m1 = l === 0 ? -1 : this.link[(l - 1) * LINK.stride + LINK.mp]! - 1
        if (m < 0 || (m !== m0 && m !== m1)) return this.refuse('not_linked', `device ${this.deviceId(r)} does not serve ${key < 0 ? this.rawMp : MeterPointKey.idOf(key)}`)
        this.setDevAt(r, at)
        this.unlink(r, m)
        this.derive(m, unlinkedCause(status, false))
        return this.commit()
      }
      default: {
        // deleted: every link removed as by an unlink, then the row marked
        const m0 = this.dev[w + DEV.mp0]! - 1
        const l = this.dev[w + DEV.link2]!
        const m1 = l === 0 ? -1 : this.link[(l - 1) * LINK.stride + LINK.mp]! - 1
        if (m0 >= 0) this.unlink(r, m0)
        if (m1 >= 0) this.unlink(r, m1)
        this.setDev(w + DEV.meta, meta | 128)
        this.setDevAt(r, NaN)
        this.live--
        const cause = unlinkedCause(status, true)
        this.deriveTwo(m0, m1, cause)
        return this.commit()
      }
    }
  }

  private deviceId(r: number): string {
    return DeviceKey.idOf(this.dev[r * DEV.stride]! >>> 0, this.dev[r * DEV.stride + 1]! >>> 0)
  }

  private commit(): void {
    this.ids.commit(this.hash)
  }

  private appendDevice(hi: number, lo: number): number {
    const r = this.devCount++
    this.reserveDevices(this.devCount)
    const w = r * DEV.stride
    const dev = this.dev
    dev[w + DEV.hi] = hi
    dev[w + DEV.lo] = lo
    dev[w + DEV.meta] = 0
    dev[w + DEV.mp0] = 0
    dev[w + DEV.next0] = 0
    dev[w + DEV.link2] = 0
    this.devF[(w + DEV.at) >> 1] = NaN
    if (this.openDev === null) {
      this.openDev = emptyLayer(64)
      this.devLayers.push(this.openDev)
    }
    const rows = this
    insert(this.openDev, mix(lo, hi), r, (x) => mix(rows.dev[x * DEV.stride + 1]!, rows.dev[x * DEV.stride]!))
    return r
  }

  private appendMeterPoint(key: number): number {
    const m = this.mpCount++
    this.reserveMeterPoints(this.mpCount)
    const w = m * MP.stride
    this.mpF[m * 3] = key
    this.mp[w + MP.meta] = 0
    this.mp[w + MP.date] = NO_DATE
    this.mp[w + MP.notifiedDate] = NO_DATE
    this.mp[w + MP.first] = 0
    if (this.openMp === null) {
      this.openMp = emptyLayer(64)
      this.mpLayers.push(this.openMp)
    }
    const rows = this
    insert(this.openMp, keyHash(key), m, (x) => keyHash(rows.mpF[x * 3]!))
    return m
  }

  /** The word of device `p` that holds its next pointer in meter point `m`'s list. */
  private nextWord(p: number, m: number): number {
    const w = p * DEV.stride
    if (this.dev[w + DEV.mp0] === m + 1) return w + DEV.next0
    return -((this.dev[w + DEV.link2]! - 1) * LINK.stride + LINK.next) - 1
  }

  private readNext(word: number): number {
    return word >= 0 ? this.dev[word]! : this.link[-word - 1]!
  }

  private writeNext(word: number, value: number): void {
    if (word >= 0) this.setDev(word, value)
    else this.setLink(-word - 1, value)
  }

  /** Removes device `r` from meter point `m`'s list and clears its slot for `m`. */
  private unlink(r: number, m: number): void {
    const mw = m * MP.stride
    const own = this.nextWord(r, m)
    const after = this.readNext(own)
    // the predecessor's pointer (or the list head) moves past r
    if (this.mp[mw + MP.first] === r + 1) this.setMp(mw + MP.first, after)
    else {
      let p = this.mp[mw + MP.first]! - 1
      for (;;) {
        const pw = this.nextWord(p, m)
        const q = this.readNext(pw)
        if (q === r + 1) {
          this.writeNext(pw, after)
          break
        }
        p = q - 1
      }
    }
    const w = r * DEV.stride
    const l = this.dev[w + DEV.link2]!
    if (this.dev[w + DEV.mp0] === m + 1) {
      // the secondary becomes the first
      if (l !== 0 && this.link[(l - 1) * LINK.stride + LINK.mp] !== 0) {
        this.setDev(w + DEV.mp0, this.link[(l - 1) * LINK.stride + LINK.mp]!)
        this.setDev(w + DEV.next0, this.link[(l - 1) * LINK.stride + LINK.next]!)
        this.setLink((l - 1) * LINK.stride + LINK.mp, 0)
        this.setLink((l - 1) * LINK.stride + LINK.next, 0)
      } else {
        this.setDev(w + DEV.mp0, 0)
        this.setDev(w + DEV.next0, 0)
      }
    } else {
      this.setLink((l - 1) * LINK.stride + LINK.mp, 0)
      this.setLink((l - 1) * LINK.stride + LINK.next, 0)
    }
  }

  /** Derives each meter point device `r` serves. */
  private deriveServed(r: number, cause: number): void {
    const w = r * DEV.stride
    const m0 = this.dev[w + DEV.mp0]! - 1
    const l = this.dev[w + DEV.link2]!
    const m1 = l === 0 ? -1 : this.link[(l - 1) * LINK.stride + LINK.mp]! - 1
    this.deriveTwo(m0, m1, cause)
  }

  /** Derives up to two meter points, in meter point id order. */
  private deriveTwo(m0: number, m1: number, cause: number): void {
    if (m1 < 0) {
      if (m0 >= 0) this.derive(m0, cause)
      return
    }
    if (m0 < 0) {
      this.derive(m1, cause)
      return
    }
    const a = MeterPointKey.idOf(this.mpF[m0 * 3]!)
    const b = MeterPointKey.idOf(this.mpF[m1 * 3]!)
    if (a < b) {
      this.derive(m0, cause)
      this.derive(m1, cause)
    } else {
      this.derive(m1, cause)
      this.derive(m0, cause)
    }
  }

  /** The policy's flag for meter point `m`, and a change when it differs from the current one. */
  private derive(m: number, cause: number): void {
    const dev = this.dev
    const link = this.link
    const mw = m * MP.stride
    let bits = 0
    let count = 0
    for (let x = this.mp[mw + MP.first]! - 1; x >= 0; ) {
      const xw = x * DEV.stride
      const st = dev[xw + DEV.meta]! & 15
      // a smart meter always has a status (records given to State.fromRecords are not checked)
      if (st !== 0) bits |= 1 << (st - 1)
      count++
      x = (dev[xw + DEV.mp0] === m + 1 ? dev[xw + DEV.next0]! : link[(dev[xw + DEV.link2]! - 1) * LINK.stride + LINK.next]!) - 1
    }
    const meta = this.mp[mw + MP.meta]!
    const flag = meta & 7
    const to = this.policy.derive(bits, count, flag, cause)
    if (to === 0 || to === flag) return
    const day = this.eventDay()
    const current = this.mp[mw + MP.date]!
    // a flag never moves back in time (docs/rules.md section 4)
    const date = current !== NO_DATE && current > day ? current : day
    this.setMp(mw + MP.meta, (meta & ~7) | to)
    if (date !== current) this.setMp(mw + MP.date, date)
    this.changes.push(m, flag, to, date, this.ids.count)
  }

  /**
   * The Europe/London day of the event being applied. From 1970 to 2099 London is a whole number of
   * hours from UTC and changes its clocks on the hour, so the day is the same for a whole UTC hour:
   * kept per hour.
   */
  private eventDay(): number {
    const secs = Instant.secondsOfMicros(this.at)
    if (secs < 0 || secs >= 4102444800) return Instant.londonDay(secs)
    const hour = Math.floor(secs / 3600)
    if (hour !== this.dayAt) {
      this.day = Instant.londonDay(secs)
      this.dayAt = hour
    }
    return this.day
  }

  // -----------------------------------------------------------------------------------------------
  // records written directly (State.withMeterPoints)
  // -----------------------------------------------------------------------------------------------

  /** Puts a meter point record's flag, dates and hold in place (its links are the state's). */
  putMeterPoint(rec: Pick<MeterPointRecord, 'id' | 'flag' | 'effectiveFrom' | 'notified' | 'held'>): void {
    this.assertOpen()
    const key = MeterPointKey.keyOf(rec.id)
    if (key < 0) return
    let m = this.findMeterPoint(key)
    if (m < 0) m = this.appendMeterPoint(key)
    const w = m * MP.stride
    const nf = rec.notified === null ? 0 : flagCode(rec.notified.flag)
    const meta = (this.mp[w + MP.meta]! & ~63) | flagCode(rec.flag) | (nf << 3)
    if (this.mp[w + MP.meta] !== meta) this.setMp(w + MP.meta, meta)
    const date = dateCode(rec.effectiveFrom)
    if (this.mp[w + MP.date] !== date) this.setMp(w + MP.date, date)
    const nd = rec.notified === null ? NO_DATE : dateCode(rec.notified.effectiveFrom)
    if (this.mp[w + MP.notifiedDate] !== nd) this.setMp(w + MP.notifiedDate, nd)
    const held = this.family.holds.get(m)
    const next = rec.held ?? undefined
    if (held !== next && !(held !== undefined && next !== undefined && held.flag === next.flag && held.effectiveFrom === next.effectiveFrom && held.reason === next.reason)) {
      this.setHold(m, next)
    }
  }

  /** The new state. The fold cannot be used afterwards. */
  end(): Ref {
    this.assertOpen()
    this.ended = true
    const c = this.start
    const events = withLayer(c.events, this.ids)
    return this.finish({
      devCount: this.devCount,
      mpCount: this.mpCount,
      linkCount: this.linkCount,
      live: this.live,
      devIndex: this.devLayers,
      mpIndex: this.mpLayers,
      events,
      eventCount: c.eventCount + this.ids.count,
    })
  }
}
