import { describe, it, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as Schema from '../../../src/wire/dtc/Schema'
import * as Dtc from '../../../src/wire/dtc/Dtc'
import * as Program from '../../../src/wire/reader/Program'
import * as DtcProgram from '../../../src/wire/dtc/ReaderProgram'
import { compile, compiler } from '../../../src/wire/reader/Compile'
import { isGenerated } from '../../../src/wire/reader/Readers'
import * as DateCache from '../../../src/wire/DateCache'
import * as D0350 from '../../../src/wire/dtc/D0350'
import * as arb from '../../arbitraries/dtc'
import { bytes } from './helpers'

// a flow with every item kind, optional and empty-able items, and three levels of groups
const richFlow: Schema.FlowSchema = Schema.flow('D9998', '001', [
  {
    id: 'MPN', label: 'Meter Point', level: 1, parent: null,
    items: [Schema.item('mpanCore', 'MPAN Core', 'J0003', Schema.kind('mpanCore')), Schema.item('label', 'Label', null, Schema.text('alphanumeric', 1, 8))],
  },
  {
    id: 'EVT', label: 'Event', level: 2, parent: 'MPN',
    items: [Schema.item('on', 'Event Date', null, Schema.kind('date')), Schema.item('n', 'Sequence', null, Schema.kind('count')),
      Schema.optionalItem('flag', 'Flag', null, Schema.kind('flag')), Schema.optionalItem('until', 'Until', null, Schema.kind('date'))],
  },
  {
    id: 'RDG', label: 'Reading', level: 3, parent: 'EVT',
    items: [Schema.item('at', 'Read At', null, Schema.kind('timestamp')), Schema.item('register', 'Register', null, Schema.text('digit', 2, 4)),
      Schema.item('code', 'Code', null, Schema.text('upperAlphanumeric', 3, 3))],
  },
  {
    id: 'NTE', label: 'Note', level: 2, parent: 'MPN',
    items: [Schema.item('kind', 'Kind', null, Schema.constant('X1')), Schema.optionalItem('note', 'Note', null, Schema.text('printable', 0, 6)),
      Schema.item('free', 'Free', null, Schema.text('any', 0, 5)), Schema.optionalItem('pad', 'Pad', null, Schema.constant(''))],
  },
])

/** A mapping building plain objects by item name, declaring that shape to the compiled reader (or not). */
const shaped = (declared: boolean): Dtc.Mapping<ReadonlyArray<string>, Record<string, string>, ReadonlyArray<string>> => ({
  header: (items) => items.slice(),
  record: (group, items) => {
    const o: Record<string, string> = { group: group.id }
    group.items.forEach((item, i) => {
      o[item.name] = items[i]!
    })
    return o
  },
  trailer: (items) => items.slice(),
  // the group id is not an item: the declared shape cannot hold it, so the compiled reader's record lacks it
  ...(declared ? { recordShape: (g: Schema.GroupSpec) => g.items.map((item, i) => [item.name, i] as const) } : {}),
})

// `generated`: the reader generated at build time (D0350); `compiled`: one compiled at run time (a flow
// without a generated reader); `detailed`: no reader, every line on the detailed path
type Path = 'generated' | 'compiled' | 'detailed'

const choice = (path: Path) => (path === 'detailed' ? 'detailed' : path === 'compiled' ? compiler : 'default')

const run = <R>(schema: Schema.FlowSchema, mapping: Dtc.Mapping<unknown, R, unknown>, b: Uint8Array, path: Path, legacyFlags: boolean, chunk: number) => {
  const d = new Dtc.Decoder(schema, mapping, { legacyFlags }, choice(path))
  for (let i = 0; i < b.length; i += chunk) d.push(b.subarray(i, i + chunk))
  d.end()
  return { records: d.records, header: d.header, trailer: d.trailer, diagnostics: d.diagnostics(), eol: d.eol, finalNewline: d.finalNewline }
}

/** Records without the group id, which only the mapping's own `record` adds. */
const withoutGroup = (r: ReturnType<typeof run<Record<string, string>>>) => ({
  ...r,
  records: r.records.map(({ group: _, ...rest }) => rest),
})

// the D0350 codec with no reader: the oracle of the typed records
const detailedD0350 = D0350.fromLayout(D0350.layout, { reader: 'detailed' })

const damagedD0350 = arb.d0350File({ legacyFlags: true, maxRecords: 8 }).map((f) => D0350.encode(f)).chain((b) => fc.oneof(fc.constant(b), arb.mutate(b)))
const damagedRich = arb.dtcFile(richFlow).map((f) => Dtc.codec(richFlow).encode(f)).chain((b) => fc.oneof(fc.constant(b), arb.mutate(b)))

// small chunks cut most lines (read by the detailed path once completed); whole files run through the fast paths
const chunkSize = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 400 }), fc.constant(1 << 20))

describe('DTC body readers', () => {
  it('D0350 has generated readers (typed records and generic groups); the rich flow has none', () => {
    expect(isGenerated(DtcProgram.programOf(D0350.layout.groups, [D0350.recordShape(D0350.layout)])!)).toBe(true)
    expect(isGenerated(DtcProgram.programOf(D0350.layout.groups, [null])!)).toBe(true)
    expect(isGenerated(DtcProgram.programOf(richFlow.groups, richFlow.groups.map(() => null))!)).toBe(false)
  })

  fcTest.prop([damagedD0350, fc.boolean(), chunkSize])(
    'D0350: the generated readers give what the detailed path gives, on damaged files in any chunking',
    (b, legacyFlags, chunk) => {
      const detailed = run(D0350.layout, Dtc.genericMapping, b, 'detailed', legacyFlags, chunk)
      expect(run(D0350.layout, Dtc.genericMapping, b, 'generated', legacyFlags, chunk)).toEqual(detailed)
      expect(D0350.inspect(b, { legacyFlags })).toEqual(detailedD0350.inspect(b, { legacyFlags }))
      const detailedShaped = withoutGroup(run(D0350.layout, shaped(false), b, 'detailed', legacyFlags, chunk))
      expect(withoutGroup(run(D0350.layout, shaped(true), b, 'compiled', legacyFlags, chunk))).toEqual(detailedShaped)
    },
  )

  fcTest.prop([damagedRich, fc.boolean(), chunkSize])(
    'every item kind and nested groups: a compiled reader gives what the detailed path gives',
    (b, legacyFlags, chunk) => {
      const detailed = run(richFlow, Dtc.genericMapping, b, 'detailed', legacyFlags, chunk)
      expect(run(richFlow, Dtc.genericMapping, b, 'compiled', legacyFlags, chunk)).toEqual(detailed)
      // no reader generated and none asked for: the detailed path reads
      expect(run(richFlow, Dtc.genericMapping, b, 'generated', legacyFlags, chunk)).toEqual(detailed)
      const detailedShaped = withoutGroup(run(richFlow, shaped(false), b, 'detailed', legacyFlags, chunk))
      expect(withoutGroup(run(richFlow, shaped(true), b, 'compiled', legacyFlags, chunk))).toEqual(detailedShaped)
    },
  )

  const damagedAny = fc.oneof(damagedD0350.map((b) => [D0350.layout, b] as const), damagedRich.map((b) => [richFlow, b] as const))
  fcTest.prop([damagedAny, chunkSize, fc.integer({ min: 1, max: 5 }), fc.constantFrom<Path>('generated', 'compiled', 'detailed')])(
    'pushUntil and resume, stopping every `limit` records, give what push gives, records in the same order',
    ([schema, b], chunk, limit, path) => {
      const whole = run(schema, Dtc.genericMapping, b, path, false, chunk)
      const d = new Dtc.Decoder(schema, Dtc.genericMapping, {}, choice(path))
      const records: Dtc.Group[] = []
      for (let i = 0; i < b.length; i += chunk) {
        let done = d.pushUntil(b.subarray(i, i + chunk), limit)
        while (!done) {
          const got = d.takeRecords()
          // it stops once the limit is reached
          expect(got.length).toBe(limit)
          records.push(...got)
          done = d.resume(limit)
        }
        records.push(...d.takeRecords())
      }
      d.end()
      records.push(...d.takeRecords())
      expect({ records, header: d.header, trailer: d.trailer, diagnostics: d.diagnostics(), eol: d.eol, finalNewline: d.finalNewline }).toEqual(whole)
    },
  )

  it('refuses exactly what the detailed path reports, at each check\'s edges', () => {
    const zhv = 'ZHV|1|D9998001|Z|DCCO|P|LOND|20211104120000||||OPER|'
    const bodies = [
      ['MPN|1200023305967|front|'], ['MPN|1200023305968|front|'], ['MPN|120002330596|front|'], ['MPN|1200023305967|fr-nt|'],
      ['MPN|1200023305967|front|', 'EVT|20230229|1|A||'], ['MPN|1200023305967|front|', 'EVT|20240229|01|||'],
      ['MPN|1200023305967|front|', 'EVT|20240229|0|S|20240301|'], ['MPN|1200023305967|front|', 'EVT|20241301|123456789012345|W||'],
      ['MPN|1200023305967|front|', 'EVT|20241231|1234567890123456|I||'], ['MPN|1200023305967|front|', 'EVT||1|||'],
      ['MPN|1200023305967|front|', 'EVT|20240101|1|N||', 'RDG|20240101235959|12|AB1|', 'RDG|20240101240000|12|AB1|',
        'RDG|20240101236000|12|AB1|', 'RDG|20240101235960|12|AB1|', 'RDG|20240101235959|1|AB1|', 'RDG|20240101235959|12|ab1|'],
      ['RDG|20240101235959|12|AB1|'], ['MPN|1200023305967|front|', 'NTE|X1|||', 'NTE|X1|a b~|x|', 'NTE|X2|||', 'NTE|X1|||x|', 'NTE|X1|1234567|||'],
      ['MPN|1200023305967|front|', 'NTE|X1|||', 'EVT|20240101|1|N||'], ['MPN|1200023305967|front|', 'RDG|20240101235959|12|AB1|'],
      ['MPN|1200023305967|front|', 'XYZ|1|', 'ZHV|1|', 'MPN|1200023305967|front|extra|', 'MPN|1200023305967|front'],
    ]
    for (const body of bodies) {
      for (const eol of ['\n', '\r\n']) {
        for (const legacyFlags of [false, true]) {
          const b = bytes([zhv, ...body, `ZPT|1|${body.length}||1|20211104120000|`].join(eol) + eol)
          const detailed = run(richFlow, Dtc.genericMapping, b, 'detailed', legacyFlags, 1 << 20)
          expect(run(richFlow, Dtc.genericMapping, b, 'compiled', legacyFlags, 1 << 20)).toEqual(detailed)
        }
      }
    }
  })

  it('builds declared shapes in place: the record has exactly the declared keys, in order', () => {
    const text = 'ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\nDSF|1200023305967|A|20211104|\nZPT|1|1||1|20211104120000|\n'
    const r = run(D0350.layout, shaped(true), bytes(text), 'compiled', false, 1 << 20)
    expect(r.diagnostics).toEqual([])
    expect(Object.keys(r.records[0]!)).toEqual(['mpanCore', 'flag', 'effectiveFrom'])
    expect(r.records[0]).toEqual({ mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' })
  })

  it('a program no reader can take gives none; a constant holding `|` never reads; `__proto__` is no literal key', () => {
    expect(DtcProgram.programOf([{ id: 'TOOLONG', label: 'x', level: 1, parent: null, items: [] }], [null])).toBeNull()
    const odd: Schema.GroupSpec[] = [{ id: 'ODD', label: 'Odd', level: 1, parent: null, items: [Schema.item('__proto__', 'x', null, Schema.constant('a|b'))] }]
    const program = DtcProgram.programOf(odd, [[['__proto__', 0]]])!
    expect(program.records[0]!.build).toEqual({ _tag: 'items' })
    const read = compile(program)
    expect(read).not.toBeNull()
    const u = bytes('ODD|a|b|\n')
    const out: unknown[] = []
    const cache = DateCache.emptyDateCache()
    expect(read!(u, 'ODD|a|b|\n', 0, u.length, Number.POSITIVE_INFINITY, false, false, out, Program.emptyCounts(), [], [], () => null, odd, cache.keys, cache.values)).toBe(0)
    expect(out).toEqual([])
  })
})
