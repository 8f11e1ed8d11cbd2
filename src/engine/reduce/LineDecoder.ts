/**
 * NDJSON event lines read straight into codes, without an object per event: the usual line — a
 * flat JSON object of string values, no whitespace, no escapes, the fields of its event type — is
 * scanned in place, and its event id interned by the fold. Any other line (whitespace, escapes,
 * unknown fields or values, a repeated key, a non-canonical device id, an invalid meter point…)
 * is left to the full path (`JSON.parse` and `Model.eventCodec`), which decides it. For every line
 * the scanner accepts, it gives what the full path gives (property-tested).
 *
 * @internal
 * @since 0.2.0
 */
import * as DeviceKey from '../../identifiers/DeviceKey'
import * as Instant from '../../identifiers/Instant'
import * as MeterPointId from '../../identifiers/MeterPointId'
import * as MeterPointKey from '../../identifiers/MeterPointKey'
import { deviceStatuses, deviceTypes } from '../model/Device'

/**
 * Event kinds as codes.
 *
 * @example
 * KIND.statusChanged // 1
 * @since 0.2.0
 * @category codes
 */
export const KIND = { registered: 0, statusChanged: 1, linked: 2, unlinked: 3, deleted: 4 } as const

/**
 * A decoded line: the fields as codes and ranges of the text.
 *
 * @example
 * const d = newDecoded()
 * d.kind // -1 until a line is decoded into it
 * @since 0.2.0
 * @category model
 */
export interface Decoded {
  kind: number
  idStart: number
  idEnd: number
  /** Microseconds since the epoch. */
  at: number
  hi: number
  lo: number
  /** The status code (status changes, registrations: 0 when none is given) . */
  status: number
  /** The device type code (registrations). */
  type: number
  /** The meter point key (links, unlinks). */
  key: number
}

/**
 * A scratch {@link Decoded}.
 *
 * @example
 * newDecoded().key // -1
 * @since 0.2.0
 * @category constructors
 */
export const newDecoded = (): Decoded => ({ kind: -1, idStart: 0, idEnd: 0, at: NaN, hi: 0, lo: 0, status: 0, type: -1, key: -1 })

// field bits
const F_EVENT_ID = 1
const F_AT = 2
const F_TYPE = 4
const F_DEVICE_ID = 8
const F_DEVICE_TYPE = 16
const F_STATUS = 32
const F_METER_POINT = 64
const F_SRV = 128




/** Fields each kind needs, and may have besides `srv`. */
const REQUIRED = [
  F_EVENT_ID | F_AT | F_TYPE | F_DEVICE_ID | F_DEVICE_TYPE,
  F_EVENT_ID | F_AT | F_TYPE | F_DEVICE_ID | F_STATUS,
  F_EVENT_ID | F_AT | F_TYPE | F_DEVICE_ID | F_METER_POINT,
  F_EVENT_ID | F_AT | F_TYPE | F_DEVICE_ID | F_METER_POINT,
  F_EVENT_ID | F_AT | F_TYPE | F_DEVICE_ID,
]
const OPTIONAL = [F_SRV | F_STATUS, F_SRV, F_SRV, F_SRV, F_SRV]

/** True when `s` holds `word` at `at`. */
const has = (s: string, at: number, word: string): boolean => {
  for (let i = 0; i < word.length; i++) if (s.charCodeAt(at + i) !== word.charCodeAt(i)) return false
  return true
}

// Each key compared character by character, written out (no loop, no call): the hot path of
// every line. The first character is the caller's switch; these check the rest and `":"`.
const isEventIdKey = (s: string, at: number): boolean =>
  s.charCodeAt(at) === 118 &&
  s.charCodeAt(at + 1) === 101 &&
  s.charCodeAt(at + 2) === 110 &&
  s.charCodeAt(at + 3) === 116 &&
  s.charCodeAt(at + 4) === 73 &&
  s.charCodeAt(at + 5) === 100 &&
  s.charCodeAt(at + 6) === 34 &&
  s.charCodeAt(at + 7) === 58 &&
  s.charCodeAt(at + 8) === 34
const isAtKey = (s: string, at: number): boolean =>
  s.charCodeAt(at) === 116 &&
  s.charCodeAt(at + 1) === 34 &&
  s.charCodeAt(at + 2) === 58 &&
  s.charCodeAt(at + 3) === 34
const isTypeKey = (s: string, at: number): boolean =>
  s.charCodeAt(at) === 121 &&
  s.charCodeAt(at + 1) === 112 &&
  s.charCodeAt(at + 2) === 101 &&
  s.charCodeAt(at + 3) === 34 &&
  s.charCodeAt(at + 4) === 58 &&
  s.charCodeAt(at + 5) === 34
const isDeviceIdKey = (s: string, at: number): boolean =>
  s.charCodeAt(at) === 101 &&
  s.charCodeAt(at + 1) === 118 &&
  s.charCodeAt(at + 2) === 105 &&
  s.charCodeAt(at + 3) === 99 &&
  s.charCodeAt(at + 4) === 101 &&
  s.charCodeAt(at + 5) === 73 &&
  s.charCodeAt(at + 6) === 100 &&
  s.charCodeAt(at + 7) === 34 &&
  s.charCodeAt(at + 8) === 58 &&
  s.charCodeAt(at + 9) === 34
const isDeviceTypeKey = (s: string, at: number): boolean =>
  s.charCodeAt(at) === 101 &&
  s.charCodeAt(at + 1) === 118 &&
  s.charCodeAt(at + 2) === 105 &&
  s.charCodeAt(at + 3) === 99 &&
  s.charCodeAt(at + 4) === 101 &&
  s.charCodeAt(at + 5) === 84 &&
  s.charCodeAt(at + 6) === 121 &&
  s.charCodeAt(at + 7) === 112 &&
  s.charCodeAt(at + 8) === 101 &&
  s.charCodeAt(at + 9) === 34 &&
  s.charCodeAt(at + 10) === 58 &&
  s.charCodeAt(at + 11) === 34
const isStatusKey = (s: string, at: number): boolean =>
  s.charCodeAt(at) === 116 &&
  s.charCodeAt(at + 1) === 97 &&
  s.charCodeAt(at + 2) === 116 &&
  s.charCodeAt(at + 3) === 117 &&
  s.charCodeAt(at + 4) === 115 &&
  s.charCodeAt(at + 5) === 34 &&
  s.charCodeAt(at + 6) === 58 &&
  s.charCodeAt(at + 7) === 34
const isSrvKey = (s: string, at: number): boolean =>
  s.charCodeAt(at) === 114 &&
  s.charCodeAt(at + 1) === 118 &&
  s.charCodeAt(at + 2) === 34 &&
  s.charCodeAt(at + 3) === 58 &&
  s.charCodeAt(at + 4) === 34
const isMeterPointKey = (s: string, at: number): boolean =>
  s.charCodeAt(at) === 101 &&
  s.charCodeAt(at + 1) === 116 &&
  s.charCodeAt(at + 2) === 101 &&
  s.charCodeAt(at + 3) === 114 &&
  s.charCodeAt(at + 4) === 80 &&
  s.charCodeAt(at + 5) === 111 &&
  s.charCodeAt(at + 6) === 105 &&
  s.charCodeAt(at + 7) === 110 &&
  s.charCodeAt(at + 8) === 116 &&
  s.charCodeAt(at + 9) === 34 &&
  s.charCodeAt(at + 10) === 58 &&
  s.charCodeAt(at + 11) === 34

/**
 * The field whose key starts at `ka` (after its opening quote), or 0; `keyEnd` is then where its
 * value starts (after `":"`). Keys are compared in place, once.
 */
let keyEnd = 0
const keyAt = (s: string, ka: number): number => {
  const b = ka + 1
  switch (s.charCodeAt(ka)) {
    case 101: // e
      return isEventIdKey(s, b) ? ((keyEnd = ka + 10), F_EVENT_ID) : 0
    case 97: // a
      return isAtKey(s, b) ? ((keyEnd = ka + 5), F_AT) : 0
    case 116: // t
      return isTypeKey(s, b) ? ((keyEnd = ka + 7), F_TYPE) : 0
    case 100: // d
      return isDeviceIdKey(s, b) ? ((keyEnd = ka + 11), F_DEVICE_ID) : isDeviceTypeKey(s, b) ? ((keyEnd = ka + 13), F_DEVICE_TYPE) : 0
    case 115: // s
      return isStatusKey(s, b) ? ((keyEnd = ka + 9), F_STATUS) : isSrvKey(s, b) ? ((keyEnd = ka + 6), F_SRV) : 0
    case 109: // m
      return isMeterPointKey(s, b) ? ((keyEnd = ka + 13), F_METER_POINT) : 0
    default:
      return 0
  }
}

/** The end (closing quote) of a free-text value from `va`, or -1 when it holds an escape or a control character. */
const textEnd = (s: string, va: number, end: number): number => {
  for (let v = va; v < end; v++) {
    const c = s.charCodeAt(v)
    if (c === 34) return v
    if (c === 92 || c < 32) return -1
  }
  return -1
}

/**
 * Reads the line `s[start … end)` into `out` when it is a plain event line the scanner takes (see
 * the module notes) and returns true; returns false, with `out` unspecified, for any other line.
 * Each character is read once: keys are compared in place, and values of a fixed form (instants,
 * device ids, names) are parsed where they stand, every character checked.
 *
 * @example
 * const d = newDecoded()
 * const line = '{"eventId":"e1","at":"2024-03-01T10:00:00Z","type":"DeviceDeleted","deviceId":"00-0D-6F-00-00-00-00-01"}'
 * decodeLine(line, 0, line.length, d) // true; d.kind === KIND.deleted
 * @since 0.2.0
 * @category decoders
 */
export const decodeLine = (s: string, start: number, end: number, out: Decoded): boolean => {
  if (s.charCodeAt(start) !== 123 || s.charCodeAt(end - 1) !== 125) return false
  let i = start + 1
  let seen = 0
  let kind = -1
  let type = -1
  let status = 0
  let mpA = 0
  let mpB = 0
  for (;;) {
    if (s.charCodeAt(i) !== 34) return false
    const field = keyAt(s, i + 1)
    if (field === 0 || (seen & field) !== 0) return false
    seen |= field
    const va = keyEnd
    let v: number
    switch (field) {
      case F_EVENT_ID:
        v = textEnd(s, va, end)
        if (v <= va) return false
        out.idStart = va
        out.idEnd = v
        break
      case F_AT:
        // the instant's own reading checks every character up to the quote
        v = s.indexOf('"', va + 16)
        if (v < 0 || v >= end) return false
        out.at = Instant.epochMicrosIn(s, va, v)
        if (Number.isNaN(out.at)) return false
        break
      case F_TYPE:
        kind = kindAt(s, va)
        if (kind < 0) return false
        v = va + KIND_NAMES[kind]!.length
        break
      case F_DEVICE_ID: {
        const hi = DeviceKey.hiAt(s, va)
        const lo = DeviceKey.loAt(s, va)
        if (hi < 0 || lo < 0) return false
        out.hi = hi | 0
        out.lo = lo | 0
        v = va + 23
        break
      }
      case F_DEVICE_TYPE:
        type = typeNameAt(s, va)
        if (type < 0) return false
        v = va + TYPE_NAMES[type]!.length
        break
      case F_STATUS:
        status = statusNameAt(s, va)
        if (status < 0) return false
        v = va + STATUS_NAMES[status]!.length
        break
      case F_METER_POINT:
        v = va
        while (v < end) {
          const c = s.charCodeAt(v)
          if (c < 48 || c > 57) break
          v++
        }
        mpA = va
        mpB = v
        break
      default:
        // srv: any text without escapes or control characters
        v = textEnd(s, va, end)
        if (v < 0) return false
    }
    if (s.charCodeAt(v) !== 34) return false
    const after = s.charCodeAt(v + 1)
    if (after === 44) {
      i = v + 2
      continue
    }
    if (after === 125 && v + 2 === end) break
    return false
  }
  if (kind < 0) return false
  const required = REQUIRED[kind]!
  if ((seen & required) !== required || (seen & ~(required | OPTIONAL[kind]!)) !== 0) return false
  out.kind = kind
  switch (kind) {
    case KIND.statusChanged:
      out.status = status
      return true
    case KIND.registered:
      // IHD and CAD have no status: the full path says so
      if ((seen & F_STATUS) !== 0 && type >= 6) return false
      out.type = type
      out.status = status
      return true
    case KIND.linked:
    case KIND.unlinked: {
      const id = s.slice(mpA, mpB)
      if (!MeterPointId.isValid(id)) return false
      out.key = MeterPointKey.keyOf(id)
      return out.key >= 0
    }
    default:
      return true
  }
}

/** Event type names by kind code. */
const KIND_NAMES: ReadonlyArray<string> = ['DeviceRegistered', 'StatusChanged', 'MeterPointLinked', 'MeterPointUnlinked', 'DeviceDeleted']

/** The kind whose name (and closing quote) stands at `at`, or -1. */
const kindAt = (s: string, at: number): number => {
  switch (s.charCodeAt(at)) {
    case 83: // S
      return has(s, at, 'StatusChanged"') ? 1 : -1
    case 68: // D
      return has(s, at, 'DeviceRegistered"') ? 0 : has(s, at, 'DeviceDeleted"') ? 4 : -1
    case 77: // M
      return has(s, at, 'MeterPointLinked"') ? 2 : has(s, at, 'MeterPointUnlinked"') ? 3 : -1
    default:
      return -1
  }
}

/** Device type names by code (`Model.deviceTypes` order). */
const TYPE_NAMES: ReadonlyArray<string> = deviceTypes

/** The device type code whose name (and closing quote) stands at `at`, or -1. */
const typeNameAt = (s: string, at: number): number => {
  for (let t = 0; t < TYPE_NAMES.length; t++) if (has(s, at, TYPE_NAMES[t]!) && s.charCodeAt(at + TYPE_NAMES[t]!.length) === 34) return t
  return -1
}

/** Status names by code (0 unused: no name). */
const STATUS_NAMES: ReadonlyArray<string> = ['', ...deviceStatuses]

/**
 * The status code whose name (and closing quote) stands at `at` of `s` (1–9, `Model.deviceStatuses`
 * order), or -1.
 *
 * @example
 * statusNameAt('"Commissioned"', 1) // 4
 * @since 0.2.0
 * @category codes
 */
export const statusNameAt = (s: string, at: number): number => {
  switch (s.charCodeAt(at)) {
    case 80: // P
      return has(s, at, 'Pending"') ? 1 : -1
    case 87: // W
      return has(s, at, 'Whitelisted"') ? 2 : has(s, at, 'Withdrawn"') ? 8 : -1
    case 73: // I
      return has(s, at, 'InstalledNotCommissioned"') ? 3 : -1
    case 67: // C
      return has(s, at, 'Commissioned"') ? 4 : -1
    case 83: // S
      return has(s, at, 'Suspended"') ? 5 : -1
    case 82: // R
      return has(s, at, 'Recovery"') ? 6 : has(s, at, 'Recovered"') ? 7 : -1
    case 68: // D
      return has(s, at, 'Decommissioned"') ? 9 : -1
    default:
      return -1
  }
}
