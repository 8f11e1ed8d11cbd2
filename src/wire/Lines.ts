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
  /** The line's bytes as latin1 text, line end excluded. */
  readonly text: string
  /** 1-based. */
  readonly line: number
  /** Offset of the line's first byte in the file. */
  readonly byteOffset: number
}

const NOT_PRINTABLE = /[^\x20-\x7e]/

const describeByte = (c: number): string =>
  c === 13 ? 'carriage return not followed by a line feed' : `byte 0x${c.toString(16).toUpperCase().padStart(2, '0')} is not printable ASCII`

/**
 * Incremental line splitter. Feed chunks with {@link LineFramer.push}, then call
 * {@link LineFramer.end}; each returns the lines completed by that call.
 *
 * @example
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

  /** Adds a chunk; returns the lines it completes. */
  push(chunk: Uint8Array): Line[] {
    if (this.ended) throw new Error('LineFramer.push after end')
    if (chunk.length === 0) return []
    const s = this.carry + toLatin1(chunk)
    const base = this.carryOffset
    this.bytes += chunk.length
    const out: Line[] = []
    let start = 0
    let nl = s.indexOf('\n')
    while (nl !== -1) {
      const crlf = nl > start && s.charCodeAt(nl - 1) === 13
      const eol: Eol = crlf ? '\r\n' : '\n'
      const text = s.slice(start, crlf ? nl - 1 : nl)
      const line = ++this.lines
      const byteOffset = base + start
      if (this.eol === null) this.eol = eol
      else if (this.eol !== eol) {
        this.sink.add(Diagnostic.make('mixed_line_endings', line, null, byteOffset + text.length, eol === '\n' ? '\\n' : '\\r\\n',
          `line ends with ${eol === '\n' ? 'LF' : 'CRLF'} but the file's first line ends with ${this.eol === '\n' ? 'LF' : 'CRLF'}`))
      }
      this.check(text, line, byteOffset)
      out.push({ text, line, byteOffset })
      start = nl + 1
      nl = s.indexOf('\n', start)
    }
    this.carry = start === 0 ? s : s.slice(start)
    this.carryOffset = base + start
    return out
  }

  /** Ends the input; returns the last line when it has no line end. */
  end(): Line[] {
    if (this.ended) return []
    this.ended = true
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

  private check(text: string, line: number, byteOffset: number): void {
    if (!NOT_PRINTABLE.test(text)) return
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c < 0x20 || c > 0x7e) {
        this.sink.add(Diagnostic.make('non_ascii', line, null, byteOffset + i, text.charAt(i), describeByte(c)))
      }
    }
  }
}
