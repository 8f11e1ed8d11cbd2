/**
 * Line framing shared by every file kind: splits bytes into lines at LF or CRLF, remembers the line
 * end of the first line and whether the last line ends with one, and reports bytes outside printable
 * ASCII and mixed line ends. It is incremental, so the whole-buffer decoders and the stream decoders
 * run the same code: chunk-blindness holds by construction (a CR at the end of a chunk stays in the
 * carried partial line until the next chunk says whether an LF follows).
 *
 * @since 0.1.0
 */
import * as Diagnostic from './Diagnostic'
import { toLatin1 } from './Bytes'

/** @since 0.1.0 @category model */
export type Eol = '\n' | '\r\n'

/** One line without its line end. @since 0.1.0 @category model */
export interface Line {
  /** The line's bytes as latin1 text, line end excluded (only the first bytes of a line too long to hold). */
  readonly text: string
  /** A line longer than {@link MAX_LINE_BYTES}: reported `line_too_long`, its bytes not kept (text holds the first few). */
  readonly tooLong?: boolean
  /** 1-based. */
  readonly line: number
  /** Offset of the line's first byte in the file. */
  readonly byteOffset: number
}

const NOT_PRINTABLE = /[^\x20-\x7e]/

/**
 * The longest line read (16 MiB; a record of any file kind is a few dozen bytes). A longer line is
 * reported `line_too_long` and never held, so that no input, however long its lines, exceeds what
 * a string can hold.
 *
 * @example
 * MAX_LINE_BYTES // 16777216
 * @since 0.2.0
 * @category constants
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024

/** How many characters of a line too long to hold are kept (to show in its diagnostic). */
const LONG_LINE_HEAD = 200
const EMPTY = new Uint8Array(0)

const describeByte = (c: number): string =>
  c === 13 ? 'carriage return not followed by a line feed' : `byte 0x${c.toString(16).toUpperCase().padStart(2, '0')} is not printable ASCII`

/**
 * Incremental line splitter. Feed chunks with {@link LineFramer.push}, then call
 * {@link LineFramer.end}; each returns the lines completed by that call.
 *
 * @example
 * import * as Diagnostic from './Diagnostic'
 * const sink = new Diagnostic.Collector()
 * const f = new LineFramer(sink)
 * f.push(new TextEncoder().encode('a|\r'))   // []
 * f.push(new TextEncoder().encode('\nb|'))   // [{ text: 'a|', line: 1, byteOffset: 0 }]
 * f.end()                                    // [{ text: 'b|', line: 2, byteOffset: 4 }]
 * f.eol // '\r\n'; f.finalNewline // false
 * @since 0.1.0
 * @category constructors
 */
export class LineFramer {
  /** Line end of the first terminated line; null until one is seen. */
  eol: Eol | null = null
  /** After {@link end}: whether the last line ended with a line end. */
  finalNewline = false
  /** Bytes read so far. */
  bytes = 0
  /** Lines completed so far. */
  lines = 0
  private carry = ''
  private carryOffset = 0
  private ended = false

  constructor(private readonly sink: Diagnostic.Collector) {}

  /**
   * The text being read, after {@link begin}. Lines from {@link at} on are not read yet. When a
   * line was carried from the last chunk, the text is first that line alone, completed; then
   * {@link next} moves on to the rest of the chunk. (The chunk's text is never appended to the
   * carried line: that would copy the whole chunk, and reading a joined string is slower.)
   */
  text = ''
  /** Offset in {@link text} of the next line's first character. */
  at = 0
  /**
   * The chunk's bytes when {@link text} is exactly their latin1 text (same offsets), else null
   * (while a carried line is read). Readers check characters here: a byte array reads faster than
   * a string.
   */
  raw: Uint8Array | null = null
  /** Offset in the file of {@link text}'s first byte. */
  private base = 0
  /** The rest of the chunk's text, while the carried line is read; where its lines start and its file offset. */
  private rest: string | null = null
  private restAt = 0
  private restBase = 0
  private chunk: Uint8Array = EMPTY
  /** A line too long to hold, being skipped to its end: where it starts and its first characters. */
  private long: { readonly offset: number; readonly head: string } | null = null
  /** A line too long to hold that ended in the chunk begun, to be returned first by {@link next}. */
  private pendingLong: { readonly offset: number; readonly head: string } | null = null

  /** Adds a chunk; returns the lines it completes. */
  push(chunk: Uint8Array): Line[] {
    this.begin(chunk)
    const out: Line[] = []
    for (let l = this.next(); l !== null; l = this.next()) out.push(l)
    return out
  }

  /**
   * Starts reading a chunk, for a reader that takes the lines one by one with {@link next}
   * (or skips clean ones itself with {@link advance}) until `next` returns null.
   */
  begin(chunk: Uint8Array): void {
    if (this.ended) throw new Error('LineFramer.begin after end')
    this.bytes += chunk.length
    if (this.long !== null) {
      // inside a line too long to hold: drop bytes up to its end
      const nl = chunk.indexOf(10)
      this.rest = null
      this.at = 0
      if (nl === -1) {
        this.text = ''
        this.raw = null
        this.chunk = EMPTY
        this.carryOffset = this.bytes
        return
      }
      this.pendingLong = this.long
      this.long = null
      this.base = this.bytes - chunk.length
      this.text = toLatin1(chunk)
      this.at = nl + 1
      this.chunk = chunk
      // no reader takes lines before the long line is returned
      this.raw = null
      return
    }
    const t = chunk.length === 0 ? '' : toLatin1(chunk)
    this.at = 0
    this.base = this.carryOffset
    this.rest = null
    this.chunk = chunk
    const carry = this.carry
    if (carry.length === 0) {
      this.text = t
      this.raw = chunk
      return
    }
    this.raw = null
    const nl = t.indexOf('\n')
    if (nl === -1) {
      this.text = carry + t
      return
    }
    this.text = carry + t.slice(0, nl + 1)
    this.rest = t
    this.restAt = nl + 1
    this.restBase = this.carryOffset + carry.length
  }

  /**
   * The next complete line of the text begun, framing checks made; null when the rest is a partial
   * line, which is carried to the next chunk.
   */
  next(): Line | null {
    if (this.pendingLong !== null) {
      const long = this.pendingLong
      this.pendingLong = null
      this.raw = this.chunk
      return this.tooLong(long.offset, long.head)
    }
    if (this.rest !== null && this.at >= this.text.length) {
      this.text = this.rest
      this.at = this.restAt
      this.base = this.restBase
      this.rest = null
      this.raw = this.chunk
    }
    const s = this.text
    const start = this.at
    const nl = s.indexOf('\n', start)
    if (nl === -1) {
      if (s.length - start > MAX_LINE_BYTES) {
        // a line too long to hold: keep its start, drop the rest up to its end
        this.long = { offset: this.base + start, head: s.slice(start, start + LONG_LINE_HEAD) }
        this.carry = ''
        this.carryOffset = this.bytes
        this.text = ''
        this.at = 0
        this.raw = null
        this.chunk = EMPTY
        this.rest = null
        return null
      }
      this.carry = start === 0 ? s : s.slice(start)
      this.carryOffset = this.base + start
      this.text = ''
      this.at = 0
      this.raw = null
      this.chunk = EMPTY
      return null
    }
    if (nl - start > MAX_LINE_BYTES) {
      this.at = nl + 1
      return this.tooLong(this.base + start, s.slice(start, start + LONG_LINE_HEAD))
    }
    const crlf = nl > start && s.charCodeAt(nl - 1) === 13
    const eol: Eol = crlf ? '\r\n' : '\n'
    const text = s.slice(start, crlf ? nl - 1 : nl)
    const line = ++this.lines
    const byteOffset = this.base + start
    if (this.eol === null) this.eol = eol
    else if (this.eol !== eol) {
      const name = (e: Eol) => (e === '\n' ? 'LF' : 'CRLF')
      this.sink.add(Diagnostic.of({
        code: 'mixed_line_endings', line, field: null, byteOffset: byteOffset + text.length, expected: `${name(this.eol)}, as the file's first line`,
        found: name(eol), message: `line ends with ${name(eol)} but the file's first line ends with ${name(this.eol)}`,
      }))
    }
    this.check(text, line, byteOffset)
    this.at = nl + 1
    return { text, line, byteOffset }
  }

  /**
   * Skips `lines` lines the reader has checked itself, up to offset `to` in {@link text} (just past
   * the last one's LF): lines whose characters are all printable ASCII and whose line ends are the
   * file's {@link eol}. Such lines would give no framing diagnostic, so skipping them changes
   * nothing but the count.
   */
  advance(lines: number, to: number): void {
    this.lines += lines
    this.at = to
  }

  /** Ends the input; returns the last line when it has no line end. */
  end(): Line[] {
    if (this.ended) return []
    this.ended = true
    if (this.long !== null) {
      this.finalNewline = false
      const long = this.long
      this.long = null
      return [this.tooLong(long.offset, long.head)]
    }
    if (this.carry.length === 0) {
      this.finalNewline = this.lines > 0
      return []
    }
    this.finalNewline = false
    const line = ++this.lines
    const text = this.carry
    this.check(text, line, this.carryOffset)
    this.carry = ''
    return [{ text, line, byteOffset: this.carryOffset }]
  }

  /** A line too long to hold, numbered and reported. */
  private tooLong(offset: number, head: string): Line {
    const line = ++this.lines
    this.sink.add(Diagnostic.of({
      code: 'line_too_long', line, field: null, byteOffset: offset, expected: `a line of at most ${MAX_LINE_BYTES} bytes`, found: head,
      message: `line is longer than ${MAX_LINE_BYTES} bytes (a record is a few dozen): not read`,
    }))
    return { text: head, line, byteOffset: offset, tooLong: true }
  }

  private check(text: string, line: number, byteOffset: number): void {
    if (!NOT_PRINTABLE.test(text)) return
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c < 0x20 || c > 0x7e) {
        this.sink.add(Diagnostic.of({
          code: 'non_ascii', line, field: null, byteOffset: byteOffset + i, expected: 'printable ASCII (bytes 0x20 to 0x7E) or a line end',
          found: text.charAt(i), message: describeByte(c),
        }))
      }
    }
  }
}

/**
 * Bytes the decoders frame at a time: whole buffers are cut into pieces of this size, and stream
 * chunks gathered up to it. On Node the latin1 text of a piece this big is an external string, off
 * the managed heap; the values decoders slice from it then cost the garbage collector several times
 * less than slices of many small heap strings (measured: see `bench/`).
 *
 * @example
 * PIECE_SIZE // 2097152
 * @since 0.1.0
 * @category constants
 */
export const PIECE_SIZE = 2 * 1024 * 1024

/**
 * Regroups a byte stream into pieces of about {@link PIECE_SIZE} (the last may be shorter): small
 * chunks are gathered (one copy), big ones cut (no copy). Memory stays bounded by the piece size.
 *
 * @example
 * async function* src() { yield new Uint8Array(10); yield new Uint8Array(5) }
 * for await (const p of pieces(src())) p.length // 15
 * @since 0.1.0
 * @category combinators
 */
export async function* pieces(source: AsyncIterable<Uint8Array>, size: number = PIECE_SIZE): AsyncGenerator<Uint8Array, void, undefined> {
  let held: Uint8Array[] = []
  let heldBytes = 0
  const flush = (): Uint8Array => {
    const out = held.length === 1 ? held[0]! : new Uint8Array(heldBytes)
    if (held.length > 1) {
      let at = 0
      for (const h of held) {
        out.set(h, at)
        at += h.length
      }
    }
    held = []
    heldBytes = 0
    return out
  }
  for await (const chunk of source) {
    let c = chunk
    if (heldBytes + c.length < size) {
      if (c.length > 0) {
        held.push(c)
        heldBytes += c.length
      }
      continue
    }
    if (heldBytes > 0) {
      // complete the held piece from the chunk's head
      const take = size - heldBytes
      held.push(c.subarray(0, take))
      heldBytes += take
      c = c.subarray(take)
      yield flush()
    }
    while (c.length >= size) {
      yield c.subarray(0, size)
      c = c.subarray(size)
    }
    if (c.length > 0) {
      held.push(c)
      heldBytes = c.length
    }
  }
  if (heldBytes > 0) yield flush()
}
