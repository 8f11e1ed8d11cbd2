/**
 * Events as NDJSON text (docs/contract.md "Events"): one JSON object per line. A malformed line becomes an
 * `invalid_event` rejection naming its line and field; the rest of the stream still parses.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import type { Event } from './Event'
import { eventCodec } from './Event'
import type { Rejection } from './Rejection'
import { formatErrors, isJsonObject } from './StrictStruct'

const readEventId = (u: unknown): string | null => {
  if (!isJsonObject(u)) return null
  const id = u['eventId']
  return typeof id === 'string' && id.length > 0 ? id : null
}

/**
 * Parses one NDJSON line (1-based `lineNo`, used in messages) into an event, or an `invalid_event`
 * rejection whose message names the line and the field.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.parseEventLine('{"eventId":"e1"}', 3)
 * // left({ eventId: 'e1', code: 'invalid_event', message: 'line 3: type: missing field "type"' })
 * @since 0.1.0
 * @category decoders
 */
export const parseEventLine = (line: string, lineNo: number): E.Either<Rejection, Event> => {
  let u: unknown
  try {
    u = JSON.parse(line)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return E.left({ eventId: null, code: 'invalid_event', message: `line ${lineNo}: not valid JSON (${why})` })
  }
  const r = eventCodec.decode(u)
  if (E.isRight(r)) return r
  return E.left({ eventId: readEventId(u), code: 'invalid_event', message: `line ${lineNo}: ${formatErrors(r.left).join('; ')}` })
}

/**
 * Calls `f` with each non-empty line of NDJSON text and its 1-based line number, dropping a trailing
 * `\r` from each line. Scans with `indexOf`.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.forEachLine('a\r\n\nb', (line, n) => console.log(n, line)) // 1 a, 3 b
 * @since 0.1.0
 * @category utils
 */
export const forEachLine = (text: string, f: (line: string, lineNo: number) => void): void => {
  let start = 0
  let lineNo = 0
  const n = text.length
  while (start < n) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = n
    lineNo++
    let stop = end
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--
    if (stop > start) f(text.slice(start, stop), lineNo)
    start = end + 1
  }
}

/**
 * Parses NDJSON text, one result per non-empty line in input order (a trailing `\r` is dropped, so
 * CRLF text works; empty lines are skipped). Malformed lines become `invalid_event` rejections and
 * the rest of the stream still parses.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.parseEvents('{"eventId":"e1","at":"2021-11-06T10:00:00Z","type":"DeviceDeleted","deviceId":"00-0D-6F-00-00-00-00-01"}\nnot json\n')
 * // [right(DeviceDeleted e1), left({ eventId: null, code: 'invalid_event', message: 'line 2: not valid JSON (…)' })]
 * @since 0.1.0
 * @category decoders
 */
export const parseEvents = (text: string): ReadonlyArray<E.Either<Rejection, Event>> => {
  const out: Array<E.Either<Rejection, Event>> = []
  forEachLine(text, (line, lineNo) => {
    out.push(parseEventLine(line, lineNo))
  })
  return out
}
