/**
 * Bytes ↔ latin1 text. Latin1 maps each byte to the code point of the same value, so offsets in the
 * text are byte offsets and no byte is rewritten (UTF-8 decoding would replace invalid sequences, and
 * `TextDecoder('latin1')` is really windows-1252).
 *
 * @since 0.1.0
 */

declare const Buffer: {
  from(a: ArrayBufferLike, byteOffset: number, length: number): { toString(enc: 'latin1'): string }
  from(s: string, enc: 'latin1'): Uint8Array
} | undefined

const hasBuffer = typeof Buffer !== 'undefined'

/**
 * The latin1 text of some bytes.
 *
 * @example
 * toLatin1(new Uint8Array([0x41, 0xe9])) // 'A\u00e9'
 * @since 0.1.0
 * @category conversions
 */
export const toLatin1 = (bytes: Uint8Array): string => {
  if (hasBuffer) return Buffer!.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  let s = ''
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 8192)))
  }
  return s
}

/**
 * The bytes of latin1 text (code points above 255 are a programmer error: encoders only write ASCII).
 *
 * @example
 * fromLatin1('A\u00e9') // Uint8Array [0x41, 0xe9]
 * @since 0.1.0
 * @category conversions
 */
export const fromLatin1 = (s: string): Uint8Array => {
  if (hasBuffer) {
    const b = Buffer!.from(s, 'latin1')
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  }
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff
  return out
}
