/**
 * `decode`, `encode` and `validate`: the three file kinds on the command line.
 *
 * @since 0.1.0
 */
import { either as E } from 'fp-ts'
import * as t from 'io-ts'
import { command, EXIT_INVALID, EXIT_OK } from '../Command'
import { InputError, UsageError } from '../Errors'
import type { Io } from '../Io'
import { Diagnostic, Detect, Kinds, type FileCodec } from '../../wire'
const { detectKind } = Detect
const { codecOf, isKind, kinds } = Kinds
type DecodeOptions = FileCodec.DecodeOptions
type FileKind = FileCodec.FileKind
type StreamItem<H, R, T> = FileCodec.StreamItem<H, R, T>

const KIND_OPTION = { type: 'string', value: 'K', description: `the file kind: ${kinds.join(', ')} (default: detected from the first record)` } as const

const decodeOptions = {
  kind: KIND_OPTION,
  'legacy-flags': { type: 'boolean', description: 'accept the legacy flags S and W' },
  'check-digits': { type: 'string', value: 'error|warning', description: 'a bad MPAN or MPRN check digit is an error (default) or a warning' },
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

const kindOf = (file: string, bytes: Uint8Array, given: FileKind | undefined): FileKind => {
  if (given !== undefined) return given
  const k = detectKind(bytes)
  if (k === null) throw new InputError(`${file}: cannot tell the file kind from its first record (ZHV or "A00"); give --kind`)
  return k
}

const printDiagnostics = (io: Io, file: string, ds: ReadonlyArray<Diagnostic.Diagnostic>, sink: (s: string) => void) => {
  for (const d of ds) sink(`${Diagnostic.format(d)}\n`)
  const errors = ds.filter((d) => d.severity === 'error').length
  const warnings = ds.length - errors
  io.stderr(`${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`)
}

/** `dcc-flags decode FILE [--kind K] [--legacy-flags] [--check-digits error|warning]` @since 0.1.0 @category commands */
export const decode = command({
  name: 'decode',
  summary: 'prints the decoded file as JSON (diagnostics on stderr and exit 1 when it is invalid)',
  options: decodeOptions,
  positionals: { name: 'FILE', min: 1, max: 1 },
  run: async ({ values, positionals }, io) => {
    const file = positionals[0]!
    const opts = options(values)
    const given = kindOption(values.kind)
    const bytes = await io.readBytes(file)
    const kind = kindOf(file, bytes, given)
    const result = codecOf(kind).inspect(bytes, opts)
    if (result.file === null) {
      printDiagnostics(io, file, result.diagnostics, io.stderr)
      return EXIT_INVALID
    }
    if (result.diagnostics.length > 0) printDiagnostics(io, file, result.diagnostics, io.stderr)
    io.stdout(JSON.stringify({ kind, ...result.file }, null, 2) + '\n')
    return EXIT_OK
  },
})

/** `dcc-flags encode FILE.json --kind K` @since 0.1.0 @category commands */
export const encode = command({
  name: 'encode',
  summary: "prints the file's bytes (the inverse of decode); refuses to write a file that would not validate",
  options: { kind: { ...KIND_OPTION, description: `the file kind: ${kinds.join(', ')} (default: the JSON's "kind")` } },
  positionals: { name: 'FILE.json', min: 1, max: 1 },
  run: async ({ values, positionals }, io) => {
    const file = positionals[0]!
    const given = kindOption(values.kind)
    const text = new TextDecoder('utf-8', { fatal: false }).decode(await io.readBytes(file))
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
      for (const err of decoded.left) {
        const path = err.context.map((c) => c.key).filter((k) => k !== '').join('.')
        io.stderr(`${file}: ${path || '(root)'}: ${err.message ?? `invalid value ${JSON.stringify(err.value)}`}\n`)
      }
      return EXIT_INVALID
    }
    const bytes = codec.encode(decoded.right)
    const check = codec.inspect(bytes, { legacyFlags: true, checkDigits: 'warning' })
    if (check.file === null) {
      io.stderr(`${file}: the encoded ${kind} file would not be valid:\n`)
      printDiagnostics(io, file, check.diagnostics, io.stderr)
      return EXIT_INVALID
    }
    io.stdout(bytes)
    return EXIT_OK
  },
})

/** `dcc-flags validate FILE [--kind K]` — streams the file, memory bounded. @since 0.1.0 @category commands */
export const validate = command({
  name: 'validate',
  summary: 'prints one line per diagnostic, LINE:FIELD CODE MESSAGE; exit 0 when valid, 1 when not',
  options: decodeOptions,
  positionals: { name: 'FILE', min: 1, max: 1 },
  run: async ({ values, positionals }, io) => {
    const file = positionals[0]!
    const opts = options(values)
    let kind = kindOption(values.kind)
    const source = io.readStream(file)
    // Peek at the first chunk to detect the kind, then hand the whole stream to the decoder.
    const it = source[Symbol.asyncIterator]()
    const first = await it.next()
    const head = first.done === true ? new Uint8Array() : first.value
    if (kind === undefined) kind = kindOf(file, head, undefined)
    async function* all(): AsyncGenerator<Uint8Array> {
      if (first.done !== true) yield head
      for (let r = await it.next(); r.done !== true; r = await it.next()) yield r.value
    }
    let diagnostics: ReadonlyArray<Diagnostic.Diagnostic> = []
    let records = 0
    for await (const item of codecOf(kind).decodeStream(all(), opts) as AsyncGenerator<StreamItem<unknown, unknown, unknown>>) {
      if (item.type === 'records') records += item.records.length
      else if (item.type === 'end') diagnostics = item.diagnostics
    }
    printDiagnostics(io, file, diagnostics, io.stdout)
    if (!Diagnostic.hasErrors(diagnostics)) io.stderr(`${file}: valid ${kind} file, ${records} record${records === 1 ? '' : 's'}\n`)
    return Diagnostic.hasErrors(diagnostics) ? EXIT_INVALID : EXIT_OK
  },
})
