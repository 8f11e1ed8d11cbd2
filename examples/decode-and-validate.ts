/**
 * Example: decode and validate a registry file (D0350 to an MPAS, DXI to the gas registry, or an
 * E46 response), the kind detected from its first record.
 *
 *   node scripts/run-ts.mjs examples/decode-and-validate.ts [FILE]
 *
 * Without FILE it writes a small D0350 in memory, then the same file with a wrong MPAN check digit,
 * and checks both, so you can see a clean file and a diagnostic side by side.
 */
import * as fs from 'node:fs'
import { Bytes, Detect, Diagnostic, D0350, Kinds } from '../src/index'

/** What one file gave: its kind, whether it is valid, how many records, and one line per diagnostic. */
export interface Checked {
  readonly name: string
  readonly kind: string | null
  readonly valid: boolean
  readonly records: number
  readonly diagnostics: ReadonlyArray<string>
}

/** Decodes and validates one file's bytes: never throws, whatever the bytes. */
export const check = (name: string, bytes: Uint8Array): Checked => {
  const kind = Detect.detectKind(bytes)
  if (kind === null) return { name, kind, valid: false, records: 0, diagnostics: ['1:- unexpected_record not a D0350, DXI or E46 file'] }
  // `inspect` returns every diagnostic (warnings too) and the decoded file when there is no error.
  const result = Kinds.codecOf(kind).inspect(bytes)
  return {
    name,
    kind,
    valid: result.file !== null,
    records: result.file === null ? 0 : result.file.records.length,
    diagnostics: result.diagnostics.map(Diagnostic.format), // `LINE:FIELD CODE MESSAGE`, like `dcc-flags validate`
  }
}

/** A small valid D0350 (one MPAN, to LOND) and a copy with the MPAN's check digit broken. */
const samples = (): ReadonlyArray<readonly [string, Uint8Array]> => {
  const file = D0350.make({
    header: { fileId: '0000000001', toParticipant: 'LOND', createdAt: '20240401060000' },
    records: [{ mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20240315' }],
    completedAt: '20240401060000',
  })
  const good = D0350.encode(file)
  const bad = Bytes.fromLatin1(Bytes.toLatin1(good).replace('1200023305967', '1200023305968'))
  return [['sample.d0350', good], ['sample-bad-check-digit.d0350', bad]]
}

/** Checks the files named in `args` (or the built-in samples) and returns what it printed. */
export const main = async (args: ReadonlyArray<string>, print: (line: string) => void = console.log): Promise<{ readonly checked: ReadonlyArray<Checked>; readonly lines: ReadonlyArray<string> }> => {
  const lines: string[] = []
  const say = (s: string): void => {
    lines.push(s)
    print(s)
  }
  // Files are bytes, read as they are (latin1 on the wire): never decode them as UTF-8 first.
  const inputs = args.length > 0 ? args.map((f) => [f, new Uint8Array(fs.readFileSync(f))] as const) : samples()
  const checked = inputs.map(([name, bytes]) => check(name, bytes))
  for (const c of checked) {
    say(`${c.name}: ${c.kind ?? 'unknown kind'}, ${c.valid ? `valid, ${c.records} record${c.records === 1 ? '' : 's'}` : 'INVALID'}`)
    for (const d of c.diagnostics) say(`  ${d}`)
  }
  return { checked, lines }
}

if (process.argv[1]?.endsWith('decode-and-validate.ts')) {
  main(process.argv.slice(2)).then(
    (r) => { process.exitCode = r.checked.every((c) => c.valid) || process.argv.length <= 2 ? 0 : 1 },
    (e: unknown) => { console.error(e); process.exitCode = 1 },
  )
}
