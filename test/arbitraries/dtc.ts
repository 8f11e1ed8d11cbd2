// fast-check arbitraries of DTC files, generated from the same schemas the engine reads.
import fc from 'fast-check'
import * as Schema from '../../src/wire/dtc/Schema'
import * as Dtc from '../../src/wire/dtc/Dtc'
import * as D0350 from '../../src/wire/dtc/D0350'
import type { Eol } from '../../src/wire/Lines'
import * as arb from './identifiers'

const DIGITS = '0123456789'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const LOWER = 'abcdefghijklmnopqrstuvwxyz'
// printable ASCII without the item delimiter
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => c !== '|').join('')

const alphabet: Record<Schema.CharClass, string> = {
  digit: DIGITS,
  upperAlphanumeric: UPPER + DIGITS,
  alphanumeric: UPPER + LOWER + DIGITS,
  printable: PRINTABLE,
  any: PRINTABLE,
}

/** Valid values of one item spec (empty too, when the item is optional). */
export const itemValue = (spec: Schema.ItemSpec, options: { legacyFlags?: boolean } = {}): fc.Arbitrary<string> => {
  const k = spec.kind
  let present: fc.Arbitrary<string>
  switch (k._tag) {
    case 'text':
      present = fc.string({
        unit: fc.constantFrom(...alphabet[k.charClass]),
        minLength: Math.max(1, k.minLength),
        maxLength: Math.max(1, Math.min(k.maxLength, 12)),
      })
      break
    case 'count':
      present = fc.nat({ max: 100000 }).map(String)
      break
    case 'date':
      present = arb.calendarDate
      break
    case 'timestamp':
      present = arb.timestamp
      break
    case 'mpanCore':
      present = arb.mpanCore
      break
    case 'flag':
      present = options.legacyFlags === true ? arb.anyFlag : arb.currentFlag
      break
    case 'constant':
      present = fc.constant(k.value)
      break
  }
  return spec.optional ? fc.oneof(fc.constant(''), present) : present
}

/** Valid items of a record spec, in order. */
export const items = (specs: ReadonlyArray<Schema.ItemSpec>, options: { legacyFlags?: boolean } = {}): fc.Arbitrary<string[]> =>
  fc.tuple(...specs.map((s) => itemValue(s, options)))

/** A typed record from a spec: item values keyed by item names. */
export const named = <A>(specs: ReadonlyArray<Schema.ItemSpec>, options: { legacyFlags?: boolean } = {}): fc.Arbitrary<A> =>
  items(specs, options).map((vs) => Object.fromEntries(specs.map((s, i) => [s.name, vs[i]])) as A)

export const eol: fc.Arbitrary<Eol> = fc.constantFrom('\n', '\r\n')

const d0350Group = D0350.layout.groups[0]!

/** A valid D0350 header from the layout's ZHV spec. */
export const zhvHeader: fc.Arbitrary<D0350.ZhvHeader> = named<D0350.ZhvHeader>(D0350.layout.header)

/** A valid D0350 record from the layout's DSF spec. */
export const d0350Record = (options: { legacyFlags?: boolean } = {}): fc.Arbitrary<D0350.D0350Record> =>
  named<D0350.D0350Record>(d0350Group.items, options)

/** A valid D0350 file value with any line end, final newline or not, and any checksum. */
export const d0350File = (options: { legacyFlags?: boolean; maxRecords?: number } = {}): fc.Arbitrary<D0350.D0350File> =>
  fc
    .record({
      header: zhvHeader,
      records: fc.array(d0350Record(options), { maxLength: options.maxRecords ?? 20 }),
      completedAt: arb.timestamp,
      checksum: itemValue(Schema.trailer[2]!),
      eol,
      finalNewline: fc.boolean(),
    })
    .map((i) => D0350.make(i))

/** A valid generic file of a schema: level-1 groups, each followed by children that respect the hierarchy. */
export const dtcFile = (schema: Schema.FlowSchema, options: { maxFlows?: number } = {}): fc.Arbitrary<Dtc.DtcFile> => {
  const childrenOf = (id: string | null) => schema.groups.filter((g) => g.parent === id)
  const subtree = (g: Schema.GroupSpec, depth: number): fc.Arbitrary<Dtc.Group[]> => {
    const kids = childrenOf(g.id)
    const self = items(g.items).map((vs): Dtc.Group => ({ id: g.id, items: vs }))
    if (kids.length === 0 || depth > 3) return self.map((x) => [x])
    return fc
      .tuple(self, fc.array(fc.constantFrom(...kids).chain((k) => subtree(k, depth + 1)), { maxLength: 3 }))
      .map(([x, rest]) => [x, ...rest.flat()])
  }
  const roots = childrenOf(null)
  return fc
    .record({
      header: items(schema.header),
      flows: fc.array(fc.constantFrom(...roots).chain((g) => subtree(g, 1)), { maxLength: options.maxFlows ?? 8 }),
      checksum: itemValue(schema.trailer[2]!),
      completedAt: arb.timestamp,
      eol,
      finalNewline: fc.boolean(),
    })
    .map(({ header, flows, checksum, completedAt, eol, finalNewline }) => {
      const records = flows.flat()
      return {
        header,
        records,
        trailer: [header[0]!, String(records.length), checksum, String(flows.length), completedAt],
        eol,
        finalNewline,
      }
    })
}

/** Cuts bytes into chunks: at random points, into single bytes, or between every CR and LF. */
export const chunking = (bytes: Uint8Array): fc.Arbitrary<Uint8Array[]> => {
  const at = (cuts: number[]) => {
    const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)
    const out: Uint8Array[] = []
    let prev = 0
    for (const c of [...sorted, bytes.length]) {
      out.push(bytes.subarray(prev, c))
      prev = c
    }
    return out
  }
  const crCuts: number[] = []
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 13) crCuts.push(i + 1)
  return fc.oneof(
    fc.array(fc.nat({ max: Math.max(0, bytes.length) }), { maxLength: 12 }).map(at),
    fc.constant(Array.from(bytes, (b) => Uint8Array.of(b))),
    fc.array(fc.nat({ max: Math.max(0, bytes.length) }), { maxLength: 4 }).map((cs) => at([...cs, ...crCuts])),
  )
}

// bytes that matter to the decoder, and some that should not be there
const interestingByte = fc.oneof(
  fc.constantFrom(0x7c, 0x0a, 0x0d, 0x30, 0x39, 0x41, 0x5a, 0x20, 0x00, 0x7f, 0x80, 0xe9, 0xff),
  fc.integer({ min: 0, max: 255 }),
)

type Mutation = { op: 'flip' | 'replace' | 'insert' | 'delete'; at: number; byte: number }

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('flip', 'replace', 'insert', 'delete'),
  at: fc.nat(),
  byte: interestingByte,
})

/** Applies random bit flips, byte replacements, insertions and deletions. */
export const mutate = (bytes: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc.array(mutation, { minLength: 1, maxLength: 6 }).map((ms) => {
    const b = Array.from(bytes)
    for (const m of ms) {
      const at = b.length === 0 ? 0 : m.at % (b.length + (m.op === 'insert' ? 1 : 0))
      if (m.op === 'insert') b.splice(at, 0, m.byte)
      else if (b.length === 0) continue
      else if (m.op === 'delete') b.splice(at, 1)
      else if (m.op === 'flip') b[at] = b[at]! ^ (1 << (m.byte % 8))
      else b[at] = m.byte
    }
    return Uint8Array.from(b)
  })
