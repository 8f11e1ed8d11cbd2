/**
 * NDJSON lines from a byte stream of any size: split at LF (a trailing CR dropped, empty lines
 * skipped, line numbers counted from 1 over every line), each line checked as UTF-8 on its own, so
 * that a bad byte spoils only its line. Memory is bounded by the chunk size and the longest line;
 * a line longer than {@link MAX_LINE_BYTES} is reported, not held.
 *
 * An LF byte never occurs inside a multi-byte UTF-8 character, so splitting bytes at LF is exact.
 *
 * @since 0.2.0
 */
import { describeUtf8Error, firstInvalidByte } from './Utf8'

/**
 * The longest line read (16 MiB): an event is a few hundred bytes; a longer line is reported as not
 * an event and never held.
 *
 * @example
 * import { MAX_LINE_BYTES } from './NdjsonLines'
 * MAX_LINE_BYTES // 16777216
 * @since 0.2.0
 * @category constants
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024

/**
 * What {@link forEachLine} calls: `line` with each good line's text and number, `invalid` with the
 * number and a message (`line 7: not UTF-8: byte 0xFF at byte offset 1234`) for a line that is not
 * UTF-8 or is too long.
 *
 * @since 0.2.0
 * @category model
 */
export interface LineHandlers {
  readonly line: (text: string, lineNo: number) => void
  readonly invalid: (lineNo: number, message: string) => void
}

const LF = 0x0a
const CR = 0x0d
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Reads every line of a byte stream, in order. Resolves when the stream ends; rejects only if the
 * stream itself fails (an unreadable file), never for the bytes in it.
 *
 * @example
 * import { forEachLine } from './NdjsonLines'
 * const bytes = new TextEncoder().encode('{"a":1}\r\n\n{"b":2}')
 * await forEachLine([bytes], { line: (text, n) => console.log(n, text), invalid: (n, why) => console.log(n, why) })
 * // 1 {"a":1}   then   3 {"b":2}
 * @since 0.2.0
 * @category readers
 */
export const forEachLine = async (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, handlers: LineHandlers): Promise<void> => {
  let lineNo = 0
  let chunkBase = 0 // byte offset of the current chunk's first byte
  let carry: Uint8Array[] = [] // the start of a line cut by a chunk's end
  let carryBytes = 0
  let carryStart = 0 // byte offset of the carried line's first byte
  let skipping = false // inside a line already reported as too long: drop bytes until its LF

  const emit = (bytes: Uint8Array, start: number): void => {
    lineNo++
    let end = bytes.length
    if (end > 0 && bytes[end - 1] === CR) end--
    if (end === 0) return
    const body = end === bytes.length ? bytes : bytes.subarray(0, end)
    let text: string
    try {
      text = fatal.decode(body)
    } catch {
      const at = firstInvalidByte(body)
      const where = at < 0 ? { byteOffset: start + end, byte: null } : { byteOffset: start + at, byte: body[at]! }
      handlers.invalid(lineNo, `line ${lineNo}: ${describeUtf8Error(where)}`)
      return
    }
    // A byte-order mark may start the first line only (some tools write one); drop it there.
    handlers.line(lineNo === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, lineNo)
  }

  const tooLong = (start: number): void => {
    lineNo++
    handlers.invalid(lineNo, `line ${lineNo}: longer than ${MAX_LINE_BYTES} bytes (from byte offset ${start}): not an event`)
  }

  for await (const chunk of source) {
    let from = 0
    while (from < chunk.length) {
      const lf = chunk.indexOf(LF, from)
      const start = carryBytes > 0 || skipping ? carryStart : chunkBase + from
      if (lf < 0) {
        // The line goes on in the next chunk.
        if (!skipping) {
          if (carryBytes + (chunk.length - from) > MAX_LINE_BYTES) {
            tooLong(start)
            skipping = true
            carry = []
            carryBytes = 0
          } else {
            if (carryBytes === 0) carryStart = start
            carry.push(chunk.slice(from)) // a copy: a source may reuse its buffer
            carryBytes += chunk.length - from
          }
        }
        break
      }
      if (skipping) skipping = false
      else if (carryBytes + (lf - from) > MAX_LINE_BYTES) tooLong(start)
      else if (carryBytes === 0) emit(chunk.subarray(from, lf), start)
      else {
        carry.push(chunk.subarray(from, lf))
        emit(Buffer.concat(carry, carryBytes + (lf - from)), start)
      }
      carry = []
      carryBytes = 0
      from = lf + 1
    }
    chunkBase += chunk.length
  }
  if (!skipping && carryBytes > 0) emit(Buffer.concat(carry, carryBytes), carryStart)
}
