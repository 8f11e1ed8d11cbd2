// fast-check arbitraries of UK Link files (DXI / E46 response), built from the same layouts the codecs use
// and the identifier arbitraries (valid MPRNs, real dates and times, flags).
import fc from 'fast-check'
import * as arb from './identifiers'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as Dxr from '../../src/wire/uklink/Dxr'
import type * as UkLink from '../../src/wire/uklink/UkLink'
import type { Eol } from '../../src/wire/Lines'

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max })

/** Organisation Id, N≤10: an identifier, kept as read (leading zeros included). */
export const organisationId = digits(1, 10)

/** Generation Number, N≤8, bare (no leading zeros). */
export const generationNumber = fc.integer({ min: 0, max: 99_999_999 }).map(String)

export const threeLetters = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'), minLength: 3, maxLength: 3 })

export const header = (fileType: fc.Arbitrary<string>): fc.Arbitrary<UkLink.A00Header> =>
  fc.record({ organisationId, fileType, creationDate: arb.calendarDate, creationTime: arb.timeOfDay, generationNumber })

export const eol: fc.Arbitrary<Eol> = fc.constantFrom('\n', '\r\n')

export const dxiRecord = (legacy = false): fc.Arbitrary<Dxi.E45Record> =>
  fc.record({ mprn: arb.mprn, flag: legacy ? arb.anyFlag : arb.currentFlag, effectiveFrom: arb.calendarDate })

export const dxrRecord = (legacy = false): fc.Arbitrary<Dxr.E46Record> =>
  fc.record({ outcome: fc.constantFrom<Dxr.Outcome>('AC', 'RJ'), mprn: arb.mprn, flag: legacy ? arb.anyFlag : arb.currentFlag, effectiveFrom: arb.calendarDate })

export const dxiFile = (legacy = false, maxRecords = 25): fc.Arbitrary<Dxi.DxiFile> =>
  fc
    .record({ header: header(fc.constant('DXI')), records: fc.array(dxiRecord(legacy), { maxLength: maxRecords }), eol, finalNewline: fc.boolean() })
    .map(({ header, records, eol, finalNewline }) => Dxi.make({ header, records, eol, finalNewline }))

export const dxrFile = (legacy = false, maxRecords = 25): fc.Arbitrary<Dxr.DxrFile> =>
  fc
    .record({ header: header(threeLetters), records: fc.array(dxrRecord(legacy), { maxLength: maxRecords }), eol, finalNewline: fc.boolean() })
    .map(({ header, records, eol, finalNewline }) => Dxr.make({ header, records, eol, finalNewline }))

/** One edit of a byte string: flip a byte, insert one, or delete one (positions taken modulo the length). */
export type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly byte: number }
  | { readonly op: 'insert'; readonly at: number; readonly byte: number }
  | { readonly op: 'delete'; readonly at: number }

/** Bytes worth inserting: structure (quote, comma, CR, LF, digits, letters) and anything else. */
const interestingByte = fc.oneof(fc.constantFrom(0x22, 0x2c, 0x0d, 0x0a, 0x30, 0x39, 0x41, 0x20), fc.integer({ min: 0, max: 255 }))

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: interestingByte }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), byte: interestingByte }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
)

export const applyMutations = (bytes: Uint8Array, ms: ReadonlyArray<Mutation>): Uint8Array => {
  let b = Array.from(bytes)
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % (m.op === 'insert' ? b.length + 1 : b.length)
    if (m.op === 'insert') b = [...b.slice(0, at), m.byte, ...b.slice(at)]
    else if (b.length === 0) continue
    else if (m.op === 'flip') b[at] = m.byte
    else b = [...b.slice(0, at), ...b.slice(at + 1)]
  }
  return Uint8Array.from(b)
}

/** Valid bytes of a file, then 1–5 random edits. */
export const mutated = (valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> =>
  fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([b, ms]) => applyMutations(b, ms))

/** Cut positions for splitting bytes into chunks (taken modulo the length, sorted, deduplicated). */
export const cuts = fc.array(fc.nat(), { maxLength: 12 })

export const split = (bytes: Uint8Array, at: ReadonlyArray<number>): Uint8Array[] => {
  const points = [...new Set(at.map((p) => (bytes.length === 0 ? 0 : p % (bytes.length + 1))))].sort((x, y) => x - y)
  const out: Uint8Array[] = []
  let prev = 0
  for (const p of points) {
    out.push(bytes.subarray(prev, p))
    prev = p
  }
  out.push(bytes.subarray(prev))
  return out
}
