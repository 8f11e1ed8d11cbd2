/**
 * io-ts codecs of JSON objects that reject unknown fields (io-ts `exact` strips them silently),
 * and readable validation errors: a path (`devices[0].meterPoints[1]`) and a reason.
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import { either as E } from 'fp-ts'

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)
const hasOwn = Object.prototype.hasOwnProperty

/**
 * True for a plain JSON object (not null, not an array).
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.isJsonObject({}) // true
 * Model.isJsonObject([]) // false
 * @since 0.2.0
 * @category refinements
 */
export const isJsonObject = isRecord

/**
 * An io-ts codec of an object with `required` and `optional` fields that fails on any other field
 * (instead of stripping it, as `t.exact` does). Optional fields may be absent; with `nullable` they
 * may also be `null` (kept as `null`).
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import * as t from 'io-ts'
 * const P = Model.strictStruct<{ a: string; b?: number }>('P', { a: t.string }, { b: t.number })
 * P.decode({ a: 'x', c: 1 }) // left: unknown field "c"
 * @since 0.1.0
 * @category combinators
 */
export const strictStruct = <A, O = A>(
  name: string,
  required: t.Props,
  optional: t.Props = {},
  nullable = false,
): t.Type<A, O, unknown> => {
  const requiredKeys = Object.keys(required)
  const optionalKeys = Object.keys(optional)
  const known = new Set([...requiredKeys, ...optionalKeys])
  const is = (u: unknown): u is A => {
    if (!isRecord(u)) return false
    for (const k in u) if (hasOwn.call(u, k) && !known.has(k)) return false
    for (const k of requiredKeys) if (!required[k]!.is(u[k])) return false
    for (const k of optionalKeys) {
      const v = u[k]
      if (v !== undefined && !(nullable && v === null) && !optional[k]!.is(v)) return false
    }
    return true
  }
  return new t.Type<A, O, unknown>(
    name,
    is,
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c, `${name} must be a JSON object`)
      const errors: t.ValidationError[] = []
      const out: Record<string, unknown> = {}
      for (const k in u) {
        if (hasOwn.call(u, k) && !known.has(k)) {
          errors.push({ value: u[k], context: t.appendContext(c, k, t.never, u[k]), message: `unknown field "${k}"` })
        }
      }
      for (const k of requiredKeys) {
        const codec = required[k]!
        const v = u[k]
        if (v === undefined) {
          errors.push({ value: v, context: t.appendContext(c, k, codec, v), message: `missing field "${k}"` })
          continue
        }
        const r = codec.validate(v, t.appendContext(c, k, codec, v))
        if (E.isLeft(r)) for (const e of r.left) errors.push(e)
        else out[k] = r.right
      }
      for (const k of optionalKeys) {
        const v = u[k]
        if (v === undefined) continue
        if (nullable && v === null) {
          out[k] = null
          continue
        }
        const codec = optional[k]!
        const r = codec.validate(v, t.appendContext(c, k, codec, v))
        if (E.isLeft(r)) for (const e of r.left) errors.push(e)
        else out[k] = r.right
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as A)
    },
    (a) => {
      const out: Record<string, unknown> = {}
      const src = a as unknown as Record<string, unknown>
      for (const k of requiredKeys) out[k] = required[k]!.encode(src[k])
      for (const k of optionalKeys) {
        const v = src[k]
        if (v === undefined) continue
        out[k] = v === null ? null : optional[k]!.encode(v)
      }
      return out as O
    },
  )
}

/**
 * A short JSON rendering of a value for messages (`nothing` for undefined, cut at 60 characters).
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.describeValue('x') // '"x"'
 * Model.describeValue(undefined) // 'nothing'
 * @since 0.2.0
 * @category destructors
 */
export const describeValue = (u: unknown): string => {
  if (u === undefined) return 'nothing'
  const s = JSON.stringify(u)
  return s === undefined ? String(u) : s.length > 60 ? s.slice(0, 57) + '...' : s
}

/**
 * The path of a validation error: `devices[0].meterPoints[1]`, `at`, or `(root)`.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import * as t from 'io-ts'
 * import { either as E } from 'fp-ts'
 * const r = t.type({ a: t.array(t.string) }).decode({ a: [1] })
 * if (E.isLeft(r)) Model.errorPath(r.left[0]!) // 'a[0]'
 * @since 0.1.0
 * @category destructors
 */
export const errorPath = (e: t.ValidationError): string => {
  let path = ''
  for (let i = 1; i < e.context.length; i++) {
    const k = e.context[i]!.key
    if (k === '') continue
    path += /^[0-9]+$/.test(k) ? `[${k}]` : path === '' ? k : `.${k}`
  }
  return path === '' ? '(root)' : path
}

/**
 * One readable line per validation error: `path: reason`.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * const r = Model.eventCodec.decode({ eventId: 'e1' })
 * if (E.isLeft(r)) Model.formatErrors(r.left) // ['type: missing field "type"']
 * @since 0.1.0
 * @category destructors
 */
export const formatErrors = (errors: t.Errors): ReadonlyArray<string> =>
  errors.map((e) => {
    const last = e.context[e.context.length - 1]
    const reason = e.message ?? `expected ${last?.type.name ?? 'a value'}, got ${describeValue(e.value)}`
    return `${errorPath(e)}: ${reason}`
  })
