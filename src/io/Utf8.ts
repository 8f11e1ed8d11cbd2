/**
 * UTF-8 checking for byte streams: JSON and NDJSON are UTF-8 text (RFC 8259), and a byte that is not
 * UTF-8 is an error naming its byte offset, never a silent U+FFFD. Decoding uses the platform's
 * fatal `TextDecoder` (fast, native); only when it refuses do we scan the bytes ourselves to say
 * where.
 *
 * @since 0.2.0
 */

/**
 * The offset of the first byte that does not start or continue a well-formed UTF-8 sequence
 * (overlong forms, surrogates and code points above U+10FFFF are ill-formed), or -1 when every byte
 * is well-formed. With `partialEnd`, a sequence cut by the end of `bytes` is not an error (more
 * bytes may follow).
 *
 * @example
 * import { firstInvalidByte } from './Utf8'
 * firstInvalidByte(new Uint8Array([0x61, 0xc3, 0xa9])) // -1 ("aé")
 * firstInvalidByte(new Uint8Array([0x61, 0xff, 0x62])) // 1
 * firstInvalidByte(new Uint8Array([0x61, 0xc3])) // 1 (cut short)
 * firstInvalidByte(new Uint8Array([0x61, 0xc3]), 0, true) // -1 (may continue)
 * @since 0.2.0
 * @category checks
 */
export const firstInvalidByte = (bytes: Uint8Array, from = 0, partialEnd = false): number => {
  const n = bytes.length
  let i = from
  while (i < n) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lo = 0xa0 // overlong
      else if (b === 0xed) hi = 0x9f // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lo = 0x90 // overlong
      else if (b === 0xf4) hi = 0x8f // above U+10FFFF
    } else return i
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return partialEnd ? -1 : i
      const c = bytes[i + k]!
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i
    }
    i += need + 1
  }
  return -1
}

/**
 * Where a UTF-8 stream went wrong: the byte offset (from the start of the stream) of the first byte
 * that is not UTF-8, and its value (`null` when the stream ends inside a sequence).
 *
 * @since 0.2.0
 * @category model
 */
export interface Utf8Error {
  readonly byteOffset: number
  readonly byte: number | null
}

/**
 * A readable description of a {@link Utf8Error}.
 *
 * @example
 * import { describeUtf8Error } from './Utf8'
 * describeUtf8Error({ byteOffset: 12, byte: 0xff }) // 'not UTF-8: byte 0xFF at byte offset 12'
 * @since 0.2.0
 * @category destructors
 */
export const describeUtf8Error = (e: Utf8Error): string =>
  e.byte === null
    ? `not UTF-8: the bytes end inside a character (from byte offset ${e.byteOffset})`
    : `not UTF-8: byte 0x${e.byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${e.byteOffset}`

/**
 * Decodes a UTF-8 byte stream chunk by chunk (a character may be split across chunks), refusing
 * ill-formed bytes: {@link Utf8StreamDecoder.decode} returns the text so far, or a
 * {@link Utf8Error} with the absolute byte offset. A leading byte-order mark is dropped.
 *
 * @example
 * import { Utf8StreamDecoder } from './Utf8'
 * const d = new Utf8StreamDecoder()
 * d.decode(new Uint8Array([0x61, 0xc3])) // 'a'
 * d.decode(new Uint8Array([0xa9])) // 'é'
 * d.end() // ''
 * new Utf8StreamDecoder().decode(new Uint8Array([0x61, 0xff])) // { byteOffset: 1, byte: 255 }
 * @since 0.2.0
 * @category decoders
 */
export class Utf8StreamDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })
  /** Bytes decoded before the current chunk. */
  private offset = 0
  /** The last (up to 3) bytes of the previous chunk: the start of a character it may have cut. */
  private tail: Uint8Array = new Uint8Array(0)

  /** The text of `chunk` (with any character completed from the previous chunk), or where it is not UTF-8. */
  decode(chunk: Uint8Array): string | Utf8Error {
    let text: string
    try {
      text = this.decoder.decode(chunk, { stream: true })
    } catch {
      return this.locate(chunk, false)
    }
    this.offset += chunk.length
    this.tail = chunk.length >= 3 ? chunk.slice(chunk.length - 3) : concat(this.tail, chunk).slice(-3)
    return text
  }

  /** Ends the stream: the empty string, or the error of a character cut by the end. */
  end(): string | Utf8Error {
    try {
      return this.decoder.decode()
    } catch {
      return this.locate(new Uint8Array(0), true)
    }
  }

  private locate(chunk: Uint8Array, atEnd: boolean): Utf8Error {
    // The decoder may hold the first bytes of a character from the previous chunk: start the scan
    // at that character's lead byte.
    const joined = concat(this.tail, chunk)
    let start = this.tail.length
    for (let k = this.tail.length - 1; k >= 0 && k >= this.tail.length - 3; k--) {
      const b = this.tail[k]!
      if (b >= 0xc0) {
        const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
        if (k + len > this.tail.length) start = k
        break
      }
      if (b < 0x80) break
    }
    const at = firstInvalidByte(joined, start, false)
    const base = this.offset - this.tail.length
    if (at < 0) return { byteOffset: base + joined.length, byte: null }
    // A character cut by the end of the stream has no wrong byte: it is reported as cut short.
    if (atEnd && firstInvalidByte(joined, at, true) === -1) return { byteOffset: base + at, byte: null }
    return { byteOffset: base + at, byte: joined[at]! }
  }
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/**
 * True for a value returned by {@link Utf8StreamDecoder} that is an error, not text.
 *
 * @example
 * import { isUtf8Error } from './Utf8'
 * isUtf8Error({ byteOffset: 0, byte: 255 }) // true
 * isUtf8Error('text') // false
 * @since 0.2.0
 * @category refinements
 */
export const isUtf8Error = (r: string | Utf8Error): r is Utf8Error => typeof r !== 'string'
