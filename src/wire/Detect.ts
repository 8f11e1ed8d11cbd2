/**
 * Tells a file's kind from its first record, for `--kind` left out on the command line:
 * `ZHV|…` is a D0350; a UK Link `"A00"` header is a DXI when its File Type is `"DXI"`, and
 * otherwise an E46 response (whose File Type is not public). When it cannot tell, it says what the
 * bytes are instead: empty, a byte order mark, UTF-16 text, a byte that is not ASCII, or a first
 * record of no known kind.
 *
 * @since 0.1.0
 */
import type { FileKind } from './FileCodec'
import { toLatin1 } from './Bytes'

/**
 * What {@link detect} found: a kind, or why there is none (a sentence about the bytes).
 *
 * @example
 * const d: Detection = { kind: null, reason: 'the file is empty' }
 * @since 0.2.0
 * @category model
 */
export type Detection = { readonly kind: FileKind; readonly reason: null } | { readonly kind: null; readonly reason: string }

/** Bytes of the head read: a first line longer than this is no header of ours. */
const HEAD = 4096

const hex = (c: number): string => c.toString(16).toUpperCase().padStart(2, '0')

const found = (kind: FileKind): Detection => ({ kind, reason: null })
const none = (reason: string): Detection => ({ kind: null, reason })

/** UTF-16 without a byte order mark: a NUL in every other byte of the head (ASCII text as UTF-16). */
const utf16Order = (u: Uint8Array): 'little-endian' | 'big-endian' | null => {
  const n = Math.min(u.length, 64) & ~1
  if (n < 4) return null
  let even = 0
  let odd = 0
  for (let i = 0; i < n; i += 2) {
    if (u[i] === 0) even++
    if (u[i + 1] === 0) odd++
  }
  if (odd === n / 2 && even === 0) return 'little-endian'
  if (even === n / 2 && odd === 0) return 'big-endian'
  return null
}

/** The transaction type of a UK Link line: its first field without quotes. */
const typeOf = (line: string): string => {
  const comma = line.indexOf(',')
  const first = comma === -1 ? line : line.slice(0, comma)
  return first.length >= 2 && first.startsWith('"') && first.endsWith('"') ? first.slice(1, -1) : first
}

/** The kind of a file whose first line is a UK Link `"A00"` header (`ended`: the line has its line end). */
const ukLink = (lines: ReadonlyArray<string>, ended: boolean): Detection => {
  const fields = lines[0]!.replace(/\r$/, '').split(',')
  const third = fields[2]
  // the File Type is read when the line holds it whole: a comma or the line end follows it, or it is closed
  const fileType = third !== undefined && (fields.length > 3 || ended || /^"[A-Za-z]{3}"$/.test(third)) ? third : null
  if (fileType === '"DXI"') return found('dxi')
  if (fileType !== null && /^"[A-Za-z]{3}"$/.test(fileType)) return found('dxr')
  // no File Type to go by (cut short, or not three letters): the body records tell
  for (const l of lines.slice(1)) {
    const t = typeOf(l)
    if (t === 'E45') return found('dxi')
    if (t === 'E46') return found('dxr')
  }
  if (fileType === null) {
    // the file ends inside the header's File Type: what there is of it decides, DXI first (the
    // DCC's own file type; the response's is not public)
    const part = third ?? ''
    if (part.length > 0 && '"DXI"'.startsWith(part)) return found('dxi')
    if (/^"[A-Za-z]{1,3}$/.test(part)) return found('dxr')
    return none('the file ends inside its "A00" header, before the File Type that tells a DXI from an E46 response')
  }
  return none(`the "A00" header's File Type ${fileType} is neither "DXI" nor three letters in quotes, and no E45 or E46 record follows`)
}

/**
 * The kind of a file from its head, or why it has none.
 *
 * @example
 * detect(new TextEncoder().encode('"A00",1,"DXI",20211104,120000,1\n')) // { kind: 'dxi', reason: null }
 * detect(new Uint8Array([0xef, 0xbb, 0xbf, 0x5a])).reason // 'the file starts with a UTF-8 byte order mark (bytes EF BB BF) …'
 * @since 0.2.0
 * @category parsers
 */
export const detect = (bytes: Uint8Array): Detection => {
  if (bytes.length === 0) return none('the file is empty')
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const rest = detect(bytes.subarray(3))
    return none('the file starts with a UTF-8 byte order mark (bytes EF BB BF); D0350, DXI and E46 files are plain ASCII, with no mark' +
      (rest.kind === null ? '' : ` (after the mark it reads as ${rest.kind === 'd0350' ? 'a D0350' : rest.kind === 'dxi' ? 'a DXI' : 'an E46 response'}: remove the mark)`))
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const order = bytes[0] === 0xff ? 'little-endian' : 'big-endian'
    return none(`the file is UTF-16 text (${order}, byte order mark ${hex(bytes[0]!)} ${hex(bytes[1]!)}); D0350, DXI and E46 files are plain ASCII: save it as ASCII`)
  }
  const order = utf16Order(bytes)
  if (order !== null) return none(`the file looks like UTF-16 text (${order}, without a byte order mark: every other byte is 00); D0350, DXI and E46 files are plain ASCII: save it as ASCII`)
  const head = toLatin1(bytes.subarray(0, Math.min(bytes.length, HEAD)))
  const nl = head.indexOf('\n')
  const first = (nl === -1 ? head : head.slice(0, nl)).replace(/\r$/, '')
  if (first.startsWith('ZHV|')) return found('d0350')
  if (first.startsWith('"A00",') || first === '"A00"') return ukLink(head.split('\n').filter((l, i, all) => i < all.length - 1 || l !== ''), nl !== -1)
  for (let i = 0; i < first.length; i++) {
    const c = first.charCodeAt(i)
    if (c < 0x20 || c > 0x7e) {
      return none(`byte ${hex(c)} at offset ${i} of the first line is not printable ASCII, and the line is neither a D0350 ZHV header nor a UK Link "A00" header`)
    }
  }
  const shown = first.length > 40 ? `${first.slice(0, 40)}…` : first
  return none(`the first line (${JSON.stringify(shown)}) is neither a D0350 ZHV header nor a UK Link "A00" header`)
}

/**
 * The kind of a file from its first line, or null when it is none of the three ({@link detect}
 * says why).
 *
 * @example
 * detectKind(new TextEncoder().encode('ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\n')) // 'd0350'
 * detectKind(new TextEncoder().encode('"A00",1,"DXI",20211104,120000,1\n')) // 'dxi'
 * detectKind(new TextEncoder().encode('"A00",1,"DXR",20211104,120000,1\n')) // 'dxr'
 * @since 0.1.0
 * @category parsers
 */
export const detectKind = (bytes: Uint8Array): FileKind | null => detect(bytes).kind
