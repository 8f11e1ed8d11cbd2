/**
 * `decode`, `encode` and `validate`: the three file kinds on the command line.
 *
 * @since 0.1.0
 */
import { either as E } from 'fp-ts'
import * as t from 'io-ts'
import * as Args from '../Args'
import { EXIT_INVALID, EXIT_OK, type Command } from '../Command'
import { InputError, type Io } from '../Io'
import { Diagnostic, Detect, Kinds, type FileCodec } from '../../wire'
const { detectKind } = Detect
const { codecOf, isKind, kinds } = Kinds
type DecodeOptions = FileCodec.DecodeOptions
type FileKind = FileCodec.FileKind
type StreamItem<H, R, T> = FileCodec.StreamItem<H, R, T>

const decodeSpec: Args.Spec = { values: ['kind', 'check-digits'], switches: ['legacy-flags'] }

const one = (p: Args.Parsed, what: string): string => {
  if (p.positionals.length !== 1) throw new Args.UsageError(`expected one ${what}, got ${p.positionals.length}`)
  return p.positionals[0]!
}

const options = (p: Args.Parsed): DecodeOptions => {
  const cd = p.values['check-digits']
  if (cd !== undefined && cd !== 'error' && cd !== 'warning') throw new Args.UsageError('--check-digits takes error or warning')
  return { legacyFlags: p.switches.has('legacy-flags'), checkDigits: cd ?? 'error' }
}

const kindOption = (p: Args.Parsed): FileKind | undefined => {
  const k = p.values['kind']
  if (k === undefined) return undefined
  if (!isKind(k)) throw new Args.UsageError(`--kind must be one of ${kinds.join(', ')}, got ${JSON.stringify(k)}`)
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
export const decode: Command = {
  name: 'decode',
  usage: 'decode FILE [--kind d0350|dxi|dxr] [--legacy-flags] [--check-digits error|warning]',
  summary: 'prints the decoded file as JSON (diagnostics on stderr and exit 1 when it is invalid)',
  run: async (argv, io) => {
    const p = Args.parse(argv, decodeSpec)
    const file = one(p, 'FILE')
    const opts = options(p)
    const given = kindOption(p)
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
}

const encodeSpec: Args.Spec = { values: ['kind'], switches: [] }

/** `dcc-flags encode FILE.json --kind K` @since 0.1.0 @category commands */
export const encode: Command = {
  name: 'encode',
  usage: 'encode FILE.json [--kind d0350|dxi|dxr]',
  summary: "prints the file's bytes (the inverse of decode); refuses to write a file that would not validate",
  run: async (argv, io) => {
    const p = Args.parse(argv, encodeSpec)
    const file = one(p, 'FILE.json')
    const given = kindOption(p)
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
    if (kind === undefined) throw new Args.UsageError('give --kind (the JSON has no "kind" field)')
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
}

/** `dcc-flags validate FILE [--kind K]` — streams the file, memory bounded. @since 0.1.0 @category commands */
export const validate: Command = {
  name: 'validate',
  usage: 'validate FILE [--kind d0350|dxi|dxr] [--legacy-flags] [--check-digits error|warning]',
  summary: 'prints one line per diagnostic, LINE:FIELD CODE MESSAGE; exit 0 when valid, 1 when not',
  run: async (argv, io) => {
    const p = Args.parse(argv, decodeSpec)
    const file = one(p, 'FILE')
    const opts = options(p)
    let kind = kindOption(p)
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
}

