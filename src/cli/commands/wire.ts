/**
 * `decode`, `encode` and `validate`: the three file kinds on the command line. Files of any size
 * stream: `decode` reads a file twice (checks it, then prints it) and writes its JSON as it goes;
 * `encode --ndjson` reads what `decode --ndjson` prints the same way; `validate` prints each
 * diagnostic as it is found, never holding them.
 *
 * @since 0.1.0
 */
import { either as E } from 'fp-ts'
import * as fs from 'node:fs'
import * as t from 'io-ts'
import { command, EXIT_INVALID, EXIT_OK } from '../Command'
import { InputError, UsageError, errnoOf } from '../Errors'
import type { Io } from '../Io'
import { Diagnostic, Detect, FileEngine, Kinds, type FileCodec } from '../../wire'
const { codecOf, isKind, kinds } = Kinds
type DecodeOptions = FileCodec.DecodeOptions
type FileKind = FileCodec.FileKind

const KIND_OPTION = { type: 'string', value: 'K', description: `the file kind: ${kinds.join(', ')} (default: detected from the first record)` } as const
const LEGACY_OPTION = { type: 'boolean', description: 'accept the pre-MP077 flags S and W' } as const
const CHECK_DIGITS_OPTION = { type: 'string', value: 'error|warning', description: 'a bad MPAN or MPRN check digit is an error (default) or a warning (historic data)' } as const

const decodeOptions = {
  kind: KIND_OPTION,
  'legacy-flags': LEGACY_OPTION,
  'check-digits': CHECK_DIGITS_OPTION,
} as const

const options = (v: { readonly 'legacy-flags': boolean; readonly 'check-digits': string | undefined }): DecodeOptions => {
  const cd = v['check-digits']
  if (cd !== undefined && cd !== 'error' && cd !== 'warning') throw new UsageError('--check-digits takes error or warning')
  return { legacyFlags: v['legacy-flags'], checkDigits: cd ?? 'error' }
}

const kindOption = (k: string | undefined): FileKind | undefined => {
  if (k === undefined) return undefined
  if (!isKind(k)) throw new UsageError(`--kind must be one of ${kinds.join(', ')}, got ${JSON.stringify(k)}`)
  return k
}

const kindOf = (file: string, head: Uint8Array, given: FileKind | undefined): FileKind => {
  if (given !== undefined) return given
  const d = Detect.detect(head)
  if (d.kind === null) throw new InputError(`${file === '-' ? 'standard input' : file}: cannot tell the file kind: ${d.reason}; give --kind`)
  return d.kind
}

/** Says what is wrong with a path before reading it: missing, a folder, not readable. */
const checkReadable = (file: string): void => {
  if (file === '-') return
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch (e) {
    throw new InputError(errnoOf(e) === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${errnoOf(e)})`)
  }
  if (stat.isDirectory()) throw new InputError(`${file}: is a directory, not a file`)
  try {
    fs.accessSync(file, fs.constants.R_OK)
  } catch (e) {
    throw new InputError(`${file}: cannot read (${errnoOf(e) === 'EACCES' ? 'permission denied' : errnoOf(e)})`)
  }
}

/** A byte stream whose first chunk is read already (to tell the kind), then the rest. */
const peeked = async (source: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array> }> => {
  const it = source[Symbol.asyncIterator]()
  const first = await it.next()
  const head = first.done === true ? new Uint8Array() : first.value
  async function* all(): AsyncGenerator<Uint8Array> {
    if (first.done !== true) yield head
    for (let r = await it.next(); r.done !== true; r = await it.next()) yield r.value
  }
  return { head, all: all() }
}

async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 1 << 20) yield bytes.subarray(at, at + (1 << 20))
}

const countLine = (file: string, errors: number, warnings: number): string =>
  `${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`

const printDiagnostics = (io: Io, file: string, ds: ReadonlyArray<Diagnostic.Diagnostic>) => {
  for (const d of ds) io.stderr(`${Diagnostic.format(d)}\n`)
  const errors = ds.filter((d) => d.severity === 'error').length
  io.stderr(countLine(file, errors, ds.length - errors))
}

/** What each diagnostic says when it is the user's to fix with an option. */
const hints = (ds: ReadonlyArray<Diagnostic.Diagnostic>, legacyFlags: boolean): string[] => [
  ...(ds.some((d) => d.code === 'bad_check_digit' && d.severity === 'error') ? ['give --check-digits warning to accept bad check digits in historic data'] : []),
  ...(!legacyFlags && ds.some((d) => d.code === 'invalid_flag' && (d.found === 'S' || d.found === 'W')) ? ['give --legacy-flags to accept the pre-MP077 flags S and W'] : []),
]

// ---------------------------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------------------------

// Records joined into one write (then standard output drains).
const RECORDS_PER_WRITE = 10_000

/** `JSON.stringify(v, null, 2)` as it prints `depth` levels in: every line after the first indented. */
const pretty = (v: unknown, depth: number): string => JSON.stringify(v, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`)

/** `dcc-flags decode FILE [--kind K] [--legacy-flags] [--check-digits error|warning] [--ndjson]` @since 0.1.0 @category commands */
export const decode = command({
  name: 'decode',
  summary: 'prints the decoded file as JSON (diagnostics on stderr and exit 1 when it is invalid)',
  options: {
    ...decodeOptions,
    ndjson: { type: 'boolean', description: 'one JSON object per line: the kind and header, each record, then the trailer' },
  },
  positionals: { name: 'FILE', min: 1, max: 1 },
  details: [
    'The JSON is the file value `encode` reads back: {"kind", "header", "records": […], "trailer", "eol", "finalNewline"}.',
    'With --ndjson: a first line {"kind", "header"}, one line per record, a last line {"trailer", "eol", "finalNewline"}.',
    'Files of any size stream: the file is read twice (checked, then printed), so nothing is printed for an invalid file;',
    'standard input (-) is held in memory as bytes for the second reading.',
  ].join('\n'),
  run: async ({ values, positionals }, io) => {
    const file = positionals[0]!
    const opts = options(values)
    const given = kindOption(values.kind)
    checkReadable(file)
    // standard input cannot be read twice: hold its bytes (never a string)
    const stdin = file === '-' ? await io.readBytes('-') : null
    const open = (): AsyncIterable<Uint8Array> => (stdin !== null ? chunksOf(stdin) : io.readStream(file))
    const first = await peeked(open())
    const kind = kindOf(file, first.head, given)
    const codec = codecOf(kind)
    // first reading: the diagnostics (as many as a whole-buffer decode keeps)
    let diagnostics: ReadonlyArray<Diagnostic.Diagnostic> = []
    for await (const item of codec.decodeStream(first.all, { ...opts, batchSize: RECORDS_PER_WRITE })) {
      if (item.type === 'end') diagnostics = item.diagnostics
    }
    if (Diagnostic.hasErrors(diagnostics)) {
      printDiagnostics(io, file, diagnostics)
      for (const h of hints(diagnostics, opts.legacyFlags === true)) io.stderr(`${file}: ${h}\n`)
      return EXIT_INVALID
    }
    if (diagnostics.length > 0) printDiagnostics(io, file, diagnostics)
    // second reading: print as the records come
    let count = 0
    for await (const item of codec.decodeStream(open(), { ...opts, batchSize: RECORDS_PER_WRITE })) {
      if (item.type === 'header') {
        io.stdout(values.ndjson
          ? `${JSON.stringify({ kind, header: item.header })}\n`
          : `{\n  "kind": ${JSON.stringify(kind)},\n  "header": ${pretty(item.header, 1)},\n  "records": `)
      } else if (item.type === 'records') {
        const rs = item.records as ReadonlyArray<unknown>
        io.stdout(values.ndjson
          ? rs.map((r) => `${JSON.stringify(r)}\n`).join('')
          : (count === 0 ? '[\n    ' : ',\n    ') + rs.map((r) => pretty(r, 2)).join(',\n    '))
        count += rs.length
        await io.flush()
      } else {
        const tail = { trailer: item.trailer, eol: item.eol, finalNewline: item.finalNewline }
        io.stdout(values.ndjson
          ? `${JSON.stringify(tail)}\n`
          : `${count === 0 ? '[]' : '\n  ]'},\n  "trailer": ${pretty(tail.trailer, 1)},\n  "eol": ${JSON.stringify(tail.eol)},\n  "finalNewline": ${tail.finalNewline}\n}\n`)
      }
    }
    await io.flush()
    return EXIT_OK
  },
})

// ---------------------------------------------------------------------------------------------
// encode
// ---------------------------------------------------------------------------------------------

/** The longest NDJSON line `encode --ndjson` reads (a record's line is a few dozen bytes). */
const MAX_NDJSON_LINE = 16 * 1024 * 1024

/** The lines of an NDJSON byte stream as UTF-8 text, numbered from 1 (empty lines skipped, a CR before LF dropped). */
async function* ndjsonLines(file: string, source: AsyncIterable<Uint8Array>): AsyncGenerator<{ readonly text: string; readonly no: number }> {
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  let carry: Uint8Array[] = []
  let carryBytes = 0
  let no = 0
  /** The text of whole lines' bytes (an LF never occurs inside a UTF-8 character, so lines decode alone); the bad line named. */
  const decode = (bytes: Uint8Array): string => {
    try {
      return utf8.decode(bytes)
    } catch {
      let at = 0
      for (let line = no + 1; ; line++) {
        const nl = bytes.indexOf(10, at)
        try {
          utf8.decode(bytes.subarray(at, nl === -1 ? bytes.length : nl))
        } catch {
          throw new InputError(`${file}: line ${line} is not UTF-8`)
        }
        if (nl === -1) throw new InputError(`${file}: not UTF-8`)
        at = nl + 1
      }
    }
  }
  function* linesOf(text: string): Generator<{ readonly text: string; readonly no: number }> {
    for (const l of text.split('\n')) {
      no++
      const t = l.endsWith('\r') ? l.slice(0, -1) : l
      if (t !== '') yield { text: t, no }
    }
  }
  for await (const chunk of source) {
    const first = chunk.indexOf(10)
    if (first === -1) {
      carry.push(chunk)
      carryBytes += chunk.length
      if (carryBytes > MAX_NDJSON_LINE) throw new InputError(`${file}: line ${no + 1} is longer than ${MAX_NDJSON_LINE} bytes`)
      continue
    }
    // the carried line, completed
    carry.push(chunk.subarray(0, first))
    yield* linesOf(decode(carry.length === 1 ? carry[0]! : Buffer.concat(carry)))
    // the chunk's whole lines at once
    const last = chunk.lastIndexOf(10)
    if (last > first) yield* linesOf(decode(chunk.subarray(first + 1, last)))
    carry = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : []
    carryBytes = chunk.length - last - 1
  }
  if (carryBytes > 0) yield* linesOf(decode(carry.length === 1 ? carry[0]! : Buffer.concat(carry)))
}

/** Says where an io-ts value failed, one line each: `FILE: [line N: ]PATH: MESSAGE`. */
const shapeErrors = (io: Io, file: string, where: string, errors: t.Errors): void => {
  for (const err of errors) {
    const path = err.context.map((c) => c.key).filter((k) => k !== '').join('.')
    io.stderr(`${file}: ${where}${path || '(root)'}: ${err.message ?? `invalid value ${JSON.stringify(err.value)}`}\n`)
  }
}

/** An NDJSON file as `decode --ndjson` prints it: the kind and header, the records, the trailer and layout. */
interface NdjsonFile {
  readonly kind: FileKind
  readonly header: unknown
  readonly records: AsyncIterable<unknown>
  readonly tail: { readonly trailer: unknown; readonly eol: '\n' | '\r\n'; readonly finalNewline: boolean }
}

/**
 * Reads an NDJSON file through once, checking every line's shape; null (after saying why) when one
 * is wrong. Its records can then be read again, as often as `open` gives the bytes.
 */
const readNdjson = async (io: Io, file: string, open: () => AsyncIterable<Uint8Array>, given: FileKind | undefined): Promise<NdjsonFile | null> => {
  let kind: FileKind | undefined
  let header: unknown
  let tail: NdjsonFile['tail'] | null = null
  let bad = false
  let records = 0
  const parse = (text: string, no: number): unknown => {
    try {
      return JSON.parse(text)
    } catch (e) {
      throw new InputError(`${file}: line ${no} is not JSON (${(e as Error).message})`)
    }
  }
  for await (const { text, no } of ndjsonLines(file, open())) {
    const v = parse(text, no) as Record<string, unknown> | null
    if (tail !== null) throw new InputError(`${file}: line ${no} follows the trailer line`)
    if (kind === undefined) {
      const k = typeof v === 'object' && v !== null ? v['kind'] : undefined
      if (given !== undefined && k !== undefined && k !== given) throw new InputError(`${file}: "kind" is ${JSON.stringify(k)} but --kind is ${given}`)
      kind = given ?? (typeof k === 'string' && isKind(k) ? k : undefined)
      if (kind === undefined) throw new UsageError('give --kind (the first line has no "kind")')
      const h = codecOf(kind).jsonParts.header.decode(typeof v === 'object' && v !== null ? v['header'] : undefined)
      if (E.isLeft(h)) {
        shapeErrors(io, file, `line ${no}: header.`, h.left as t.Errors)
        bad = true
      } else header = h.right
      continue
    }
    if (typeof v === 'object' && v !== null && 'trailer' in v) {
      const tr = codecOf(kind).jsonParts.trailer.decode(v['trailer'])
      if (E.isLeft(tr)) {
        shapeErrors(io, file, `line ${no}: trailer.`, tr.left as t.Errors)
        bad = true
      }
      const eol = v['eol']
      if (eol !== '\n' && eol !== '\r\n') {
        io.stderr(`${file}: line ${no}: eol: must be "\\n" or "\\r\\n"\n`)
        bad = true
      }
      if (typeof v['finalNewline'] !== 'boolean') {
        io.stderr(`${file}: line ${no}: finalNewline: must be true or false\n`)
        bad = true
      }
      tail = { trailer: E.isRight(tr) ? tr.right : null, eol: eol === '\r\n' ? '\r\n' : '\n', finalNewline: v['finalNewline'] === true }
      continue
    }
    const r = codecOf(kind).jsonParts.record.decode(v)
    if (E.isLeft(r)) {
      shapeErrors(io, file, `line ${no}: record ${records + 1}: `, r.left as t.Errors)
      bad = true
    }
    records++
  }
  if (kind === undefined) throw new InputError(`${file}: empty (the first line is the kind and header)`)
  if (tail === null) throw new InputError(`${file}: no trailer line ({"trailer", "eol", "finalNewline"}) at the end`)
  if (bad) return null
  async function* again(): AsyncGenerator<unknown> {
    let first = true
    for await (const { text, no } of ndjsonLines(file, open())) {
      if (first) {
        first = false
        continue
      }
      const v = parse(text, no) as Record<string, unknown>
      if ('trailer' in v) return
      // its shape was checked by the first reading (writers write the known fields only)
      yield v
    }
  }
  return { kind, header, records: { [Symbol.asyncIterator]: again }, tail }
}

/** `dcc-flags encode FILE.json [--kind K] [--legacy-flags] [--check-digits error|warning] [--ndjson]` @since 0.1.0 @category commands */
export const encode = command({
  name: 'encode',
  summary: "prints the file's bytes (the inverse of decode); refuses to write a file that would not validate",
  options: {
    kind: { ...KIND_OPTION, description: `the file kind: ${kinds.join(', ')} (default: the JSON's "kind")` },
    'legacy-flags': { ...LEGACY_OPTION, description: 'write the pre-MP077 flags S and W (historic data)' },
    'check-digits': { ...CHECK_DIGITS_OPTION, description: 'a bad MPAN or MPRN check digit refuses the file (error, the default) or is written with a warning' },
    ndjson: { type: 'boolean', description: 'read what decode --ndjson prints (any size, streamed), not one JSON value' },
  },
  positionals: { name: 'FILE.json', min: 1, max: 1 },
  details: [
    'The encoded bytes are checked as `validate` would check them, with the same options: a file that would not validate is not written (exit 1).',
    'With --ndjson the input streams (any size): it is read three times (shapes, then the bytes checked, then written); standard input (-) is held in memory as bytes.',
  ].join('\n'),
  run: async ({ values, positionals }, io) => {
    const file = positionals[0]!
    const given = kindOption(values.kind)
    const opts = options(values)
    checkReadable(file)
    if (values.ndjson) {
      const stdin = file === '-' ? await io.readBytes('-') : null
      const open = (): AsyncIterable<Uint8Array> => (stdin !== null ? chunksOf(stdin) : io.readStream(file))
      const read = await readNdjson(io, file, open, given)
      if (read === null) return EXIT_INVALID
      const kind = read.kind
      const engine = FileEngine.codec(codecOf(kind).declaration)
      const bytes = () => engine.encodeStreamWith(read.header, read.records, () => read.tail.trailer, read.tail)
      // the bytes checked before any is written
      let diagnostics: ReadonlyArray<Diagnostic.Diagnostic> = []
      for await (const item of codecOf(kind).decodeStream(bytes(), { ...opts, batchSize: RECORDS_PER_WRITE })) {
        if (item.type === 'end') diagnostics = item.diagnostics
      }
      if (Diagnostic.hasErrors(diagnostics)) {
        io.stderr(`${file}: the encoded ${kind} file would not be valid:\n`)
        printDiagnostics(io, file, diagnostics)
        for (const h of hints(diagnostics, opts.legacyFlags === true)) io.stderr(`${file}: ${h}\n`)
        return EXIT_INVALID
      }
      if (diagnostics.length > 0) printDiagnostics(io, file, diagnostics)
      for await (const chunk of bytes()) {
        io.stdout(chunk)
        await io.flush()
      }
      return EXIT_OK
    }
    const raw = await io.readBytes(file)
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: false }).decode(raw)
    } catch {
      // past the longest string the engine makes (about 512 MiB)
      throw new InputError(`${file}: too big to read as one JSON value (${raw.length} bytes); print it with decode --ndjson and encode it with encode --ndjson`)
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      throw new InputError(`${file}: not JSON (${(e as Error).message})`)
    }
    const { kind: jsonKind, ...rest } = (typeof json === 'object' && json !== null ? json : {}) as { kind?: unknown }
    if (given !== undefined && jsonKind !== undefined && jsonKind !== given) {
      throw new InputError(`${file}: "kind" is ${JSON.stringify(jsonKind)} but --kind is ${given}`)
    }
    const kind = given ?? (typeof jsonKind === 'string' && isKind(jsonKind) ? jsonKind : undefined)
    if (kind === undefined) throw new UsageError('give --kind (the JSON has no "kind" field)')
    const codec = codecOf(kind)
    const decoded = codec.jsonCodec.decode(rest) as t.Validation<Parameters<typeof codec.encode>[0]>
    if (E.isLeft(decoded)) {
      shapeErrors(io, file, '', decoded.left)
      return EXIT_INVALID
    }
    const bytes = codec.encode(decoded.right)
    const check = codec.inspect(bytes, opts)
    if (check.file === null) {
      io.stderr(`${file}: the encoded ${kind} file would not be valid:\n`)
      printDiagnostics(io, file, check.diagnostics)
      for (const h of hints(check.diagnostics, opts.legacyFlags === true)) io.stderr(`${file}: ${h}\n`)
      return EXIT_INVALID
    }
    if (check.diagnostics.length > 0) printDiagnostics(io, file, check.diagnostics)
    io.stdout(bytes)
    await io.flush()
    return EXIT_OK
  },
})

// ---------------------------------------------------------------------------------------------
// validate
// ---------------------------------------------------------------------------------------------

/** `dcc-flags validate FILE [--kind K] [--json] [--max-diagnostics N]` — streams the file and its diagnostics, memory bounded. @since 0.1.0 @category commands */
export const validate = command({
  name: 'validate',
  summary: 'prints one line per diagnostic, LINE:FIELD CODE MESSAGE (byte OFFSET); exit 0 when valid, 1 when not',
  options: {
    ...decodeOptions,
    json: { type: 'boolean', description: 'one JSON object per diagnostic: line, field, fieldIndex, byteOffset, code, severity, expected, found, message' },
    'max-diagnostics': { type: 'string', value: 'N', description: 'stop listing after N diagnostics (default: every one)' },
  },
  positionals: { name: 'FILE', min: 1, max: 1 },
  details: [
    'Diagnostics are printed on standard output as they are found, so any file validates in bounded memory, every line bad or not;',
    'the count of errors and warnings follows on standard error. `found` and the messages quote at most 200 characters of a value.',
  ].join('\n'),
  run: async ({ values, positionals }, io) => {
    const file = positionals[0]!
    const opts = options(values)
    const given = kindOption(values.kind)
    const maxText = values['max-diagnostics']
    if (maxText !== undefined && !/^[1-9][0-9]{0,8}$/.test(maxText)) throw new UsageError(`--max-diagnostics takes a positive whole number, got ${JSON.stringify(maxText)}`)
    const max = maxText === undefined ? Number.POSITIVE_INFINITY : Number(maxText)
    checkReadable(file)
    const { head, all } = await peeked(io.readStream(file))
    const kind = kindOf(file, head, given)
    const show = values.json ? (d: Diagnostic.Diagnostic) => `${JSON.stringify(Diagnostic.toJson(d))}\n` : (d: Diagnostic.Diagnostic) => `${Diagnostic.format(d)}\n`
    let errors = 0
    let warnings = 0
    let records = 0
    const print = async (ds: ReadonlyArray<Diagnostic.Diagnostic>): Promise<void> => {
      if (ds.length === 0) return
      for (const d of ds) {
        if (d.code === 'too_many_diagnostics') continue
        if (d.severity === 'error') errors++
        else warnings++
      }
      io.stdout(ds.map(show).join(''))
      await io.flush()
    }
    let dropped: Diagnostic.Diagnostic | null = null
    for await (const item of codecOf(kind).decodeStream(all, { ...opts, maxDiagnostics: max, streamDiagnostics: true, batchSize: RECORDS_PER_WRITE })) {
      if (item.type === 'records') records += item.records.length
      else if (item.type === 'diagnostics') await print(item.diagnostics)
      else if (item.type === 'end') {
        // the end carries only the cap's marker, when some were not listed
        dropped = item.diagnostics.find((d) => d.code === 'too_many_diagnostics') ?? null
        await print(item.diagnostics)
      }
    }
    io.stderr(countLine(file, errors, warnings) + (dropped !== null ? `${file}: ${dropped.found} not listed (--max-diagnostics ${max})\n` : ''))
    const invalid = errors > 0 || dropped?.severity === 'error'
    if (!invalid) io.stderr(`${file}: valid ${kind} file, ${records} record${records === 1 ? '' : 's'}\n`)
    return invalid ? EXIT_INVALID : EXIT_OK
  },
})
