/**
 * NDJSON event lines read straight into codes from their UTF-8 bytes, without an object per event:
 * the usual line — a flat JSON object of ASCII string values, no whitespace, no escapes, the fields
 * of its event type — is scanned in place, and its event id interned by the fold. Any other line
 * (whitespace, escapes, non-ASCII characters, unknown fields or values, a repeated key, a
 * non-canonical device id, an invalid meter point…) is left to the full path (`JSON.parse` and
 * `Model.eventCodec`), which decides it. For every line the scanner accepts, it gives what the full
 * path gives (property-tested). The rules of the values are the identifiers' byte rules
 * (`Instant.epochMicrosAt`, `DeviceKey.hiAt`, `MeterPointId.isValidAt`, `MeterPointKey.keyAt`).
 *
 * @internal
 * @since 0.2.0
 */
import * as DeviceKey from '../../identifiers/DeviceKey'
import * as Instant from '../../identifiers/Instant'
import * as MeterPointId from '../../identifiers/MeterPointId'
import * as MeterPointKey from '../../identifiers/MeterPointKey'
import { hasStatusByType, statusByCode, typeByCode } from '../store/Codes'

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

/** True when the bytes `u` hold the ASCII `word` at `at`. */
const has = (u: Uint8Array, at: number, word: string): boolean => {
  for (let i = 0; i < word.length; i++) if (u[at + i] !== word.charCodeAt(i)) return false
  return true
}

// Each key compared character by character, written out (no loop, no call): the hot path of
// every line. The first character is the caller's switch; these check the rest and `":"`.
const isEventIdKey = (u: Uint8Array, at: number): boolean =>
  u[at] === 118 &&
  u[at + 1] === 101 &&
  u[at + 2] === 110 &&
  u[at + 3] === 116 &&
  u[at + 4] === 73 &&
  u[at + 5] === 100 &&
  u[at + 6] === 34 &&
  u[at + 7] === 58 &&
  u[at + 8] === 34
const isAtKey = (u: Uint8Array, at: number): boolean =>
  u[at] === 116 &&
  u[at + 1] === 34 &&
  u[at + 2] === 58 &&
  u[at + 3] === 34
const isTypeKey = (u: Uint8Array, at: number): boolean =>
  u[at] === 121 &&
  u[at + 1] === 112 &&
  u[at + 2] === 101 &&
  u[at + 3] === 34 &&
  u[at + 4] === 58 &&
  u[at + 5] === 34
const isDeviceIdKey = (u: Uint8Array, at: number): boolean =>
  u[at] === 101 &&
  u[at + 1] === 118 &&
  u[at + 2] === 105 &&
  u[at + 3] === 99 &&
  u[at + 4] === 101 &&
  u[at + 5] === 73 &&
  u[at + 6] === 100 &&
  u[at + 7] === 34 &&
  u[at + 8] === 58 &&
  u[at + 9] === 34
const isDeviceTypeKey = (u: Uint8Array, at: number): boolean =>
  u[at] === 101 &&
  u[at + 1] === 118 &&
  u[at + 2] === 105 &&
  u[at + 3] === 99 &&
  u[at + 4] === 101 &&
  u[at + 5] === 84 &&
  u[at + 6] === 121 &&
  u[at + 7] === 112 &&
  u[at + 8] === 101 &&
  u[at + 9] === 34 &&
  u[at + 10] === 58 &&
  u[at + 11] === 34
const isStatusKey = (u: Uint8Array, at: number): boolean =>
  u[at] === 116 &&
  u[at + 1] === 97 &&
  u[at + 2] === 116 &&
  u[at + 3] === 117 &&
  u[at + 4] === 115 &&
  u[at + 5] === 34 &&
  u[at + 6] === 58 &&
  u[at + 7] === 34
const isSrvKey = (u: Uint8Array, at: number): boolean =>
  u[at] === 114 &&
  u[at + 1] === 118 &&
  u[at + 2] === 34 &&
  u[at + 3] === 58 &&
  u[at + 4] === 34
const isMeterPointKey = (u: Uint8Array, at: number): boolean =>
  u[at] === 101 &&
  u[at + 1] === 116 &&
  u[at + 2] === 101 &&
  u[at + 3] === 114 &&
  u[at + 4] === 80 &&
  u[at + 5] === 111 &&
  u[at + 6] === 105 &&
  u[at + 7] === 110 &&
  u[at + 8] === 116 &&
  u[at + 9] === 34 &&
  u[at + 10] === 58 &&
  u[at + 11] === 34

/**
 * The field whose key starts at `ka` (after its opening quote), or 0; `keyEnd` is then where its
 * value starts (after `":"`). Keys are compared in place, once.
 */
let keyEnd = 0
const keyAt = (u: Uint8Array, ka: number): number => {
  const b = ka + 1
  switch (u[ka]) {
    case 101: // e
      return isEventIdKey(u, b) ? ((keyEnd = ka + 10), F_EVENT_ID) : 0
    case 97: // a
      return isAtKey(u, b) ? ((keyEnd = ka + 5), F_AT) : 0
    case 116: // t
      return isTypeKey(u, b) ? ((keyEnd = ka + 7), F_TYPE) : 0
    case 100: // d
      return isDeviceIdKey(u, b) ? ((keyEnd = ka + 11), F_DEVICE_ID) : isDeviceTypeKey(u, b) ? ((keyEnd = ka + 13), F_DEVICE_TYPE) : 0
    case 115: // s
      return isStatusKey(u, b) ? ((keyEnd = ka + 9), F_STATUS) : isSrvKey(u, b) ? ((keyEnd = ka + 6), F_SRV) : 0
    case 109: // m
      return isMeterPointKey(u, b) ? ((keyEnd = ka + 13), F_METER_POINT) : 0
    default:
      return 0
  }
}

/**
 * The end (closing quote) of a free-text value from `va`, or -1 when it holds an escape, a control
 * character or a non-ASCII byte (those lines take the full path).
 */
const textEnd = (u: Uint8Array, va: number, end: number): number => {
  for (let v = va; v < end; v++) {
    const c = u[v]!
    if (c === 34) return v
    if (c === 92 || c < 32 || c > 127) return -1
  }
  return -1
}

/** The end of the instant that starts at `va`: its closing quote (at least 17 bytes on), or -1. */
const quoteAfter = (u: Uint8Array, from: number, end: number): number => {
  for (let v = from; v < end; v++) if (u[v] === 34) return v
  return -1
}

/**
 * Reads the line `u[start … end)` (UTF-8 bytes) into `out` when it is a plain event line the scanner
 * takes (see the module notes) and returns true; returns false, with `out` unspecified, for any
 * other line. Each byte is read once: keys are compared in place, and values of a fixed form
 * (instants, device ids, names) are parsed where they stand, every byte checked.
 *
 * @example
 * const d = newDecoded()
 * const line = new TextEncoder().encode('{"eventId":"e1","at":"2024-03-01T10:00:00Z","type":"DeviceDeleted","deviceId":"00-0D-6F-00-00-00-00-01"}')
 * decodeLine(line, 0, line.length, d) // true; d.kind === KIND.deleted
 * @since 0.2.0
 * @category decoders
 */
export const decodeLine = (u: Uint8Array, start: number, end: number, out: Decoded): boolean => {
  if (u[start] !== 123 || u[end - 1] !== 125) return false
  let i = start + 1
  let seen = 0
  let kind = -1
  let type = -1
  let status = 0
  let mpA = 0
  let mpB = 0
  for (;;) {
    if (u[i] !== 34) return false
    const field = keyAt(u, i + 1)
    if (field === 0 || (seen & field) !== 0) return false
    seen |= field
    const va = keyEnd
    let v: number
    switch (field) {
      case F_EVENT_ID:
        v = textEnd(u, va, end)
        if (v <= va) return false
        out.idStart = va
        out.idEnd = v
        break
      case F_AT:
        // the instant's own rule checks every byte up to the quote
        v = quoteAfter(u, va + 16, end)
        if (v < 0) return false
        out.at = Instant.epochMicrosAt(u, va, v)
        if (Number.isNaN(out.at)) return false
        break
      case F_TYPE:
        kind = kindAt(u, va)
        if (kind < 0) return false
        v = va + KIND_NAMES[kind]!.length
        break
      case F_DEVICE_ID: {
        const hi = DeviceKey.hiAt(u, va)
        const lo = DeviceKey.loAt(u, va)
        if (hi < 0 || lo < 0) return false
        out.hi = hi | 0
        out.lo = lo | 0
        v = va + 23
        break
      }
      case F_DEVICE_TYPE:
        type = typeNameAt(u, va)
        if (type < 0) return false
        v = va + TYPE_NAMES[type]!.length
        break
      case F_STATUS:
        status = statusNameAt(u, va)
        if (status < 0) return false
        v = va + STATUS_NAMES[status]!.length
        break
      case F_METER_POINT:
        v = va
        while (v < end) {
          const c = u[v]!
          if (c < 48 || c > 57) break
          v++
        }
        mpA = va
        mpB = v
        break
      default:
        // srv: any text without escapes or control characters
        v = textEnd(u, va, end)
        if (v < 0) return false
    }
    if (v >= end || u[v] !== 34) return false
    const after = u[v + 1]
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
      if ((seen & F_STATUS) !== 0 && hasStatusByType[type] === 0) return false
      out.type = type
      out.status = status
      return true
    case KIND.linked:
    case KIND.unlinked:
      if (!MeterPointId.isValidAt(u, mpA, mpB)) return false
      out.key = MeterPointKey.keyAt(u, mpA, mpB)
      return out.key >= 0
    default:
      return true
  }
}

/** Event type names by kind code. */
const KIND_NAMES: ReadonlyArray<string> = ['DeviceRegistered', 'StatusChanged', 'MeterPointLinked', 'MeterPointUnlinked', 'DeviceDeleted']

/** The kind whose name (and closing quote) stands at `at`, or -1. */
const kindAt = (u: Uint8Array, at: number): number => {
  switch (u[at]) {
    case 83: // S
      return has(u, at, 'StatusChanged"') ? 1 : -1
    case 68: // D
      return has(u, at, 'DeviceRegistered"') ? 0 : has(u, at, 'DeviceDeleted"') ? 4 : -1
    case 77: // M
      return has(u, at, 'MeterPointLinked"') ? 2 : has(u, at, 'MeterPointUnlinked"') ? 3 : -1
    default:
      return -1
  }
}

/** Device type names by code (`Codes.typeByCode`). */
const TYPE_NAMES: ReadonlyArray<string> = typeByCode

/** The device type code whose name (and closing quote) stands at `at`, or -1. */
const typeNameAt = (u: Uint8Array, at: number): number => {
  for (let t = 0; t < TYPE_NAMES.length; t++) if (has(u, at, TYPE_NAMES[t]!) && u[at + TYPE_NAMES[t]!.length] === 34) return t
  return -1
}

/** Status names by code (`Codes.statusByCode`; 0, no status, has no name). */
const STATUS_NAMES: ReadonlyArray<string> = statusByCode.map((s) => s ?? '')

/** Each status name with its closing quote, by code: the quote tells `Recovery"` from `Recovered"`. */
const STATUS_WORDS: ReadonlyArray<string> = STATUS_NAMES.map((s) => `${s}"`)

/**
 * The status codes whose names start with a byte, by that byte (one or two a letter), built once
 * from `Codes.statusByCode`: the codes are never written twice, and a line's status is told by one
 * table read and at most two comparisons.
 */
const STATUS_CODES_BY_FIRST_BYTE: ReadonlyArray<ReadonlyArray<number>> = (() => {
  const table: number[][] = Array.from({ length: 256 }, () => [])
  for (let code = 1; code < STATUS_NAMES.length; code++) table[STATUS_NAMES[code]!.charCodeAt(0)]!.push(code)
  return table
})()

/**
 * The status code whose name (and closing quote) stands at `at` of the bytes `u` (1–9,
 * `Codes.statusCode`), or -1.
 *
 * @example
 * statusNameAt(new TextEncoder().encode('"Commissioned"'), 1) // 4
 * @since 0.2.0
 * @category codes
 */
export const statusNameAt = (u: Uint8Array, at: number): number => {
  const codes = STATUS_CODES_BY_FIRST_BYTE[u[at]!]
  if (codes === undefined) return -1 // past the end
  for (let k = 0; k < codes.length; k++) {
    const code = codes[k]!
    if (has(u, at, STATUS_WORDS[code]!)) return code
  }
  return -1
}
