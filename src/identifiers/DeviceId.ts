/**
 * EUI-64 device ids, written as eight hyphen-separated upper-case hex bytes
 * (`00-0D-6F-00-00-00-00-01`). Input without hyphens or in lower case is accepted and normalised.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

/** @since 0.1.0 @category model */
export interface DeviceIdBrand {
  readonly DeviceId: unique symbol
}

/** @since 0.1.0 @category model */
export type DeviceId = t.Branded<string, DeviceIdBrand>

const CANONICAL = /^[0-9A-F]{2}(?:-[0-9A-F]{2}){7}$/
const LOOSE = /^(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){7})$/

/**
 * The canonical form of an EUI-64 written with or without hyphens in either case, or null.
 *
 * @example
 * normalise('000d6f0000000001') // '00-0D-6F-00-00-00-00-01'
 * normalise('nope') // null
 * @since 0.1.0
 * @category constructors
 */
export const normalise = (s: string): DeviceId | null => {
  if (CANONICAL.test(s)) return s as DeviceId
  if (!LOOSE.test(s)) return null
  const hex = s.replace(/-/g, '').toUpperCase()
  return hex.replace(/(..)(?!$)/g, '$1-') as DeviceId
}

/**
 * True when `s` is already in canonical form.
 *
 * @example
 * is('00-0D-6F-00-00-00-00-01') // true
 * is('00-0d-6f-00-00-00-00-01') // false
 * @since 0.1.0
 * @category refinements
 */
export const is = (u: unknown): u is DeviceId => typeof u === 'string' && CANONICAL.test(u)

/**
 * io-ts codec: decodes any accepted spelling to the canonical form.
 *
 * @example
 * codec.decode('000D6F0000000001') // right('00-0D-6F-00-00-00-00-01')
 * @since 0.1.0
 * @category codecs
 */
export const codec = new t.Type<DeviceId, string, unknown>(
  'DeviceId',
  is,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'device id must be a string')
    const n = normalise(u)
    return n === null ? t.failure(u, c, `device id ${JSON.stringify(u)} is not an EUI-64 (8 hex bytes)`) : t.success(n)
  },
  (a) => a,
)
