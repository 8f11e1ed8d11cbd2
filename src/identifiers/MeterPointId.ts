/**
 * A meter point id (MPxN): an MPAN core (13 digits, electricity) or an MPRN (6–10 digits, gas).
 * The length alone tells the fuel (docs/contract.md).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import * as MpanCore from './MpanCore'
import * as Mprn from './Mprn'

/** @since 0.1.0 @category model */
export type Fuel = 'electricity' | 'gas'

/** @since 0.1.0 @category model */
export type MeterPointId = MpanCore.MpanCore | Mprn.Mprn

/**
 * The fuel a meter point id's shape implies, or null when it is neither 13 nor 6–10 digits.
 *
 * @example
 * fuelOf('1200023305967') // 'electricity'
 * fuelOf('3938424403') // 'gas'
 * fuelOf('12ab') // null
 * @since 0.1.0
 * @category accessors
 */
export const fuelOf = (s: string): Fuel | null =>
  MpanCore.hasShape(s) ? 'electricity' : Mprn.hasShape(s) ? 'gas' : null

/**
 * True when `s` is a valid MPAN core or MPRN (check digits included).
 *
 * @example
 * isValid('1200023305967') // true
 * @since 0.1.0
 * @category checks
 */
export const isValid = (s: string): boolean => (s.length === 13 ? MpanCore.isValid(s) : Mprn.isValid(s))

/**
 * True when the bytes `u[a … b)` are a valid meter point id: 13 digits with an MPAN core's check
 * digit, or an MPRN (`MpanCore.isValidAt`, `Mprn.isValidAt`).
 *
 * @example
 * import { MeterPointId } from 'dcc-service-flags'
 * MeterPointId.isValidAt(new TextEncoder().encode('"1200023305967"'), 1, 14) // true
 * @since 0.2.0
 * @category checks
 */
export const isValidAt = (u: Uint8Array, a: number, b: number): boolean => (b - a === 13 ? MpanCore.isValidAt(u, a) : Mprn.isValidAt(u, a, b))

/**
 * Type guard form of {@link isValid}.
 *
 * @example
 * is('3938424403') // true
 * @since 0.1.0
 * @category refinements
 */
export const is = (u: unknown): u is MeterPointId => typeof u === 'string' && isValid(u)

/**
 * io-ts codec of valid meter point ids of either fuel.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(codec.decode('3938424403')) // true
 * @since 0.1.0
 * @category codecs
 */
export const codec = new t.Type<MeterPointId, string, unknown>(
  'MeterPointId',
  is,
  (u, c) => (is(u) ? t.success(u) : t.failure(u, c, describeInvalid(u))),
  (a) => a,
)

/**
 * Why a value is not a valid meter point id, in words (for rejection messages).
 *
 * @example
 * describeInvalid('1200023305968') // 'MPAN core 1200023305968 fails its check digit'
 * @since 0.1.0
 * @category destructors
 */
export const describeInvalid = (u: unknown): string => {
  if (typeof u !== 'string') return `meter point id must be a string, got ${typeof u}`
  const fuel = fuelOf(u)
  if (fuel === null) return `meter point id ${JSON.stringify(u)} is neither a 13-digit MPAN core nor a 6–10 digit MPRN`
  if (fuel === 'electricity') return `MPAN core ${u} fails its check digit`
  return `MPRN ${u} fails its check digits`
}
