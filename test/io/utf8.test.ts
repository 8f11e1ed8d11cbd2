// UTF-8 checking: our scan agrees with the platform's fatal decoder on any bytes, and the stream
// decoder is chunk-blind: any split gives the text of the whole, or the same error offset.
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { describeUtf8Error, firstInvalidByte, isUtf8Error, Utf8StreamDecoder } from '../../src/io/Utf8'
import { cuts, split as splitAt } from '../arbitraries/uklink'

const fatal = (b: Uint8Array): string | null => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b)
  } catch {
    return null
  }
}

// Bytes that are mostly text with now and then a byte anywhere in 0x80–0xFF: every kind of ill-formed sequence.
const bytes = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }).map((s) => [...new TextEncoder().encode(s)]) },
    { weight: 1, arbitrary: fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 3 }) },
  ),
  { maxLength: 20 },
).map((parts) => new Uint8Array(parts.flat()))

const decodeChunks = (chunks: ReadonlyArray<Uint8Array>): string | { byteOffset: number; byte: number | null } => {
  const d = new Utf8StreamDecoder()
  let text = ''
  for (const c of chunks) {
    const r = d.decode(c)
    if (isUtf8Error(r)) return r
    text += r
  }
  const end = d.end()
  return isUtf8Error(end) ? end : text + end
}

describe('firstInvalidByte', () => {
  fcTest.prop([bytes])('is -1 exactly when the fatal decoder accepts; else the bytes before it are well-formed', (b) => {
    const at = firstInvalidByte(b)
    expect(at === -1).toBe(fatal(b) !== null)
    if (at >= 0) expect(fatal(b.subarray(0, at))).not.toBeNull()
  })

  it.each([
    ['overlong 2-byte', [0xc0, 0xaf], 0],
    ['overlong 3-byte', [0x61, 0xe0, 0x80, 0xaf], 1],
    ['surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['lone continuation', [0x61, 0x80], 1],
    ['cut short', [0x61, 0xe2, 0x82], 1],
  ])('%s', (_name, b, at) => {
    expect(firstInvalidByte(new Uint8Array(b))).toBe(at)
  })
})

describe('Utf8StreamDecoder', () => {
  fcTest.prop([bytes, cuts])('any split: the whole text, or the error at the offset our scan finds', (b, c) => {
    const got = decodeChunks(splitAt(b, c))
    const whole = fatal(b)
    if (whole !== null) expect(got).toBe(whole.charCodeAt(0) === 0xfeff ? whole.slice(1) : whole)
    else {
      expect(isUtf8Error(got as never)).toBe(true)
      expect((got as { byteOffset: number }).byteOffset).toBe(firstInvalidByte(b))
    }
  })

  it('names the byte and its offset, or a character cut by the end', () => {
    expect(decodeChunks([new Uint8Array([0x7b, 0x22]), new Uint8Array([0xc3]), new Uint8Array([0x28])])).toEqual({ byteOffset: 2, byte: 0xc3 })
    expect(decodeChunks([new Uint8Array([0x61, 0x62, 0xe2, 0x82])])).toEqual({ byteOffset: 2, byte: null })
    expect(describeUtf8Error({ byteOffset: 2, byte: 0xc3 })).toBe('not UTF-8: byte 0xC3 at byte offset 2')
  })
})
