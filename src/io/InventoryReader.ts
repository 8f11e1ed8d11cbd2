/**
 * Reads an inventory (docs/contract.md "Inventory") from a byte stream of any size: the bytes are
 * checked as UTF-8 as they come (a bad byte is an error naming its offset), parsed by stream-json's
 * tokenizer, and each meter point and device is assembled on its own and checked at once by the
 * engine's inventory checker, so that nothing ever holds the file as one string. The top-level keys
 * may come in any order; each list is read in order and records keep their indexes, so every
 * problem is named with its file and path (`inventory.json: devices[12].status: …`).
 *
 * Valid records go to the caller's handlers as they are read (a `State` builder, a database
 * insert). The report says whether the inventory was valid; when it was not, the caller discards
 * what the handlers built. A JSON syntax error or a bad UTF-8 byte ends the reading (nothing after
 * it can be trusted); a record's problems do not: the reading goes on to list them all (up to
 * `maxProblems`, the rest counted).
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import { jsonParser } from 'stream-json/core/parser.js'
import { Assembler } from 'stream-json/core/assembler.js'
import { getManyValues, isMany, none } from 'stream-chain/defs.js'
import { Model } from 'dcc-service-flags'
import { describeUtf8Error, isUtf8Error, Utf8StreamDecoder, type Utf8Error } from './Utf8'

/** The inventory's optional `counters` (the next D0350 File Identifier and DXI Generation Number). @since 0.2.0 @category model */
export type Counters = Model.Counters

/** What the reader hands on: each valid record with its index in its list. @since 0.2.0 @category model */
export interface InventoryHandlers {
  readonly meterPoint?: (record: Model.InventoryMeterPoint, index: number) => void
  readonly device?: (record: Model.InventoryDevice, index: number) => void
  readonly counters?: (counters: Counters) => void
}

/** @since 0.2.0 @category model */
export interface ReadOptions {
  /** The file's name, put before every problem and warning. */
  readonly file: string
  /** Problems and warnings listed beyond this many are only counted (default 50). */
  readonly maxProblems?: number
  /** Size hints for the checker's id tables (meter points, devices), to spare regrowth at GB scale. */
  readonly capacity?: { readonly meterPoints?: number; readonly devices?: number }
}

/** What {@link readInventory} found. @since 0.2.0 @category model */
export interface InventoryReport {
  readonly valid: boolean
  /** `FILE: path: reason`, at most `maxProblems`. */
  readonly problems: ReadonlyArray<string>
  /** Every problem, listed or not. */
  readonly problemCount: number
  /** `FILE: path: message` for meter points linked but not listed (each starts with a null flag), at most `maxProblems`. */
  readonly warnings: ReadonlyArray<string>
  /** Every meter point linked but not listed, listed or not. */
  readonly warningCount: number
  /** Records read (valid or not). */
  readonly meterPoints: number
  readonly devices: number
}

type Token = { readonly name: string; readonly value?: unknown }

// Bytes are decoded in slices of this size, and text is parsed in pieces of PIECE characters.
const SLICE = 64 * 1024
const PIECE = 1024

const whyOf = (e: unknown): string => (e instanceof Error ? e.message.replace(/^Parser cannot parse input: /, '').replace(/^Parser has /, '') : String(e))

const LISTS = new Set(['meterPoints', 'devices'])

/**
 * Reads an inventory from a stream of byte chunks (a file stream, standard input, an array of
 * buffers). Never throws for the bytes; rejects only when the stream itself fails.
 *
 * @example
 * import * as fs from 'node:fs'
 * import { readInventory } from './InventoryReader'
 * const ids: string[] = []
 * const report = await readInventory(fs.createReadStream('inventory.json'), { meterPoint: (mp) => ids.push(mp.id) }, { file: 'inventory.json' })
 * if (!report.valid) for (const p of report.problems) console.error(p)
 * @since 0.2.0
 * @category readers
 */
export const readInventory = async (
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  handlers: InventoryHandlers,
  options: ReadOptions,
): Promise<InventoryReport> => {
  const file = options.file
  const maxProblems = options.maxProblems ?? 50
  // Every inventory rule is the engine's, applied one record at a time.
  const checker = new Model.InventoryChecker(options.capacity ?? {})
  const problems: string[] = []
  let problemCount = 0
  const problem = (line: string): void => {
    problemCount++
    if (problems.length < maxProblems) problems.push(`${file}: ${line}`)
  }

  const parser = jsonParser({ streamValues: false })
  // Where the reader is: before the root, in the root object (after a key, or between keys), in a list.
  let where: 'start' | 'root' | 'list' | 'end' = 'start'
  let key: string | null = null
  const seenKeys = new Set<string>()
  let list: 'meterPoints' | 'devices' | null = null
  let index = 0
  const counts = { meterPoints: 0, devices: 0 }
  // The value being assembled (a record, counters) or skipped (an unknown field's value).
  let asm: Assembler | null = null
  let skipDepth = 0
  let skipping = false
  let valueFor: 'record' | 'counters' | 'notAList' | null = null

  const path = (): string => (list === null ? (key ?? '(root)') : `${list}[${index}]`)

  const finishValue = (value: unknown): void => {
    if (valueFor === 'record') {
      if (list === 'meterPoints') {
        const r = checker.meterPoint(value, index)
        if (E.isLeft(r)) r.left.forEach(problem)
        else handlers.meterPoint?.(r.right, index)
      } else {
        const r = checker.device(value, index)
        if (E.isLeft(r)) r.left.forEach(problem)
        else handlers.device?.(r.right, index)
      }
      counts[list!]++
      index++
    } else if (valueFor === 'counters') {
      const r = checker.counters(value)
      if (E.isLeft(r)) r.left.forEach(problem)
      else handlers.counters?.(r.right)
    } else if (valueFor === 'notAList') {
      problem(`${key}: must be an array of ${key === 'meterPoints' ? 'meter points' : 'devices'}`)
    }
    valueFor = null
  }

  // Feeds one token; false when the inventory's shape makes reading on pointless.
  const onToken = (t: Token): boolean => {
    if (skipping) {
      if (t.name === 'startObject' || t.name === 'startArray') skipDepth++
      else if (t.name === 'endObject' || t.name === 'endArray') skipDepth--
      if (skipDepth === 0) skipping = false
      return true
    }
    if (asm !== null) {
      asm.consume(t as never)
      if (asm.done) {
        const v = asm.current
        asm = null
        finishValue(v)
      }
      return true
    }
    switch (where) {
      case 'start':
        if (t.name !== 'startObject') {
          problem('(root): an inventory must be a JSON object with "meterPoints" and "devices" arrays')
          return false
        }
        where = 'root'
        return true
      case 'root':
        if (t.name === 'endObject') {
          where = 'end'
          return true
        }
        if (t.name === 'keyValue') {
          key = t.value as string
          if (seenKeys.has(key)) problem(`${key}: given twice`)
          seenKeys.add(key)
          return true
        }
        // The value of `key`.
        if (key !== null && LISTS.has(key) && t.name === 'startArray') {
          where = 'list'
          list = key as 'meterPoints' | 'devices'
          index = counts[list]
          return true
        }
        if (key === 'counters') return startValue(t, 'counters')
        if (key !== null && LISTS.has(key)) return startValue(t, 'notAList')
        problem(`${key}: unknown field ${JSON.stringify(key)}`)
        return skipValue(t)
      case 'list':
        if (t.name === 'endArray') {
          where = 'root'
          list = null
          return true
        }
        return startValue(t, 'record')
      case 'end':
        return true
    }
  }

  const startValue = (t: Token, what: 'record' | 'counters' | 'notAList'): boolean => {
    valueFor = what
    const a = new Assembler()
    a.consume(t as never)
    if (a.done) finishValue(a.current)
    else asm = a
    return true
  }

  // An unknown field's value is skipped token by token, never assembled (it may be huge).
  const skipValue = (t: Token): boolean => {
    if (t.name === 'startObject' || t.name === 'startArray') {
      skipping = true
      skipDepth = 1
    }
    return true
  }

  const utf8 = new Utf8StreamDecoder()
  let offset = 0 // bytes fed to the parser so far
  // Feeds text to the parser in pieces of PIECE characters: a syntax error is placed within its piece
  // (the tokenizer keeps no position), and the path named is where the piece began.
  const feed = (text: string): boolean => {
    for (let at = 0; at < text.length; at += PIECE) {
      const piece = at === 0 && text.length <= PIECE ? text : text.slice(at, at + PIECE)
      const start = offset
      offset += Buffer.byteLength(piece, 'utf8')
      const where = path()
      let out: unknown
      try {
        out = parser(piece as never)
      } catch (e) {
        problem(`${where}: not valid JSON (${whyOf(e)}), between byte offsets ${start} and ${offset}`)
        return false
      }
      if (out !== none && !onTokens(out)) return false
    }
    return true
  }
  const onTokens = (out: unknown): boolean => {
    const tokens = isMany(out) ? (getManyValues(out) as Token[]) : [out as Token]
    for (const t of tokens) if (!onToken(t)) return false
    return true
  }
  const end = (): boolean => {
    let out: unknown
    try {
      out = parser(none as never)
    } catch (e) {
      problem(offset === 0 ? '(root): the file is empty: an inventory is a JSON object with "meterPoints" and "devices" arrays' : `${path()}: the JSON ends early (${whyOf(e)}), at byte offset ${offset}`)
      return false
    }
    return out === none || onTokens(out)
  }
  // On a bad byte, the text before it is parsed first, so that the path named is the record it is in.
  const badByte = (e: Utf8Error, slice: Uint8Array, sliceStart: number): void => {
    const before = e.byteOffset - sliceStart
    if (before > 0) {
      try {
        const out = parser(new TextDecoder('utf-8').decode(slice.subarray(0, before)) as never)
        if (out !== none) onTokens(out)
      } catch {
        /* a syntax error before the bad byte: the bad byte is still the first problem in the bytes */
      }
    }
    problem(`${path()}: ${describeUtf8Error(e)}`)
  }

  reading: {
    let read = 0
    for await (const chunk of source) {
      for (let at = 0; at < chunk.length; at += SLICE) {
        const slice = chunk.subarray(at, Math.min(chunk.length, at + SLICE))
        const text = utf8.decode(slice)
        if (isUtf8Error(text)) {
          badByte(text, slice, read)
          break reading
        }
        read += slice.length
        if (text.length > 0 && !feed(text)) break reading
      }
    }
    const rest = utf8.end()
    if (isUtf8Error(rest)) {
      problem(`${path()}: ${describeUtf8Error(rest)}`)
      break reading
    }
    if (rest.length > 0 && !feed(rest)) break reading
    if (!end()) break reading
    for (const k of LISTS) if (!seenKeys.has(k)) problem(`${k}: missing field ${JSON.stringify(k)}`)
  }
  const { warnings, unlisted } = checker.finish(maxProblems)
  return {
    valid: problemCount === 0,
    problems,
    problemCount,
    warnings: warnings.map((w) => `${file}: ${w}`),
    warningCount: unlisted,
    meterPoints: counts.meterPoints,
    devices: counts.devices,
  }
}
