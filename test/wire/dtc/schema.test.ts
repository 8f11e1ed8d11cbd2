import { describe, it, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Schema from '../../../src/wire/dtc/Schema'
import * as Dtc from '../../../src/wire/dtc/Dtc'
import * as D0350 from '../../../src/wire/dtc/D0350'
import * as arb from '../../arbitraries/dtc'
import { bytes, text, collect, collectBytes, source, codesOf } from './helpers'

// A made-up three-level flow, supplied as data: the engine decodes it with no code of its own.
const testFlow: Schema.FlowSchema = Schema.flow('D9999', '001', [
  {
    id: 'MPN', label: 'Meter Point', level: 1, parent: null,
    items: [Schema.item('mpanCore', 'MPAN Core', 'J0003', Schema.kind('mpanCore')), Schema.item('label', 'Label', null, Schema.text('alphanumeric', 1, 8))],
  },
  {
    id: 'EVT', label: 'Event', level: 2, parent: 'MPN',
    items: [Schema.item('on', 'Event Date', null, Schema.kind('date')), Schema.item('n', 'Sequence', null, Schema.kind('count')),
      Schema.optionalItem('flag', 'Flag', null, Schema.kind('flag'))],
  },
  {
    id: 'RDG', label: 'Reading', level: 3, parent: 'EVT',
    items: [Schema.item('at', 'Read At', null, Schema.kind('timestamp')), Schema.item('register', 'Register', null, Schema.text('digit', 2, 4))],
  },
])
const testCodec = Dtc.codec(testFlow)

const ZHV = 'ZHV|F1|D9999001|Z|DCCO|P|LOND|20211104120000||||TR01|'
const lf = (...lines: string[]): string => lines.map((l) => l + '\n').join('')
const valid = lf(
  ZHV,
  'MPN|1200023305967|front|',
  'EVT|20211104|1|A|',
  'RDG|20211104093000|01|',
  'RDG|20211104093100|0002|',
  'EVT|20211105|2||',
  'MPN|1200010000000|back|',
  'ZPT|F1|6||2|20211104120000|',
)

describe('Dtc.codec: a user-supplied flow schema', () => {
  it('decodes groups of every level with their ids and items, and re-encodes byte for byte', () => {
    const r = testCodec.inspect(bytes(valid))
    expect(r.diagnostics).toEqual([])
    expect(r.file!.records.map((g) => g.id)).toEqual(['MPN', 'EVT', 'RDG', 'RDG', 'EVT', 'MPN'])
    expect(r.file!.records[1]).toEqual({ id: 'EVT', items: ['20211104', '1', 'A'] })
    expect(r.file!.records[4]).toEqual({ id: 'EVT', items: ['20211105', '2', ''] })
    expect(r.file!.header[1]).toBe('D9999001')
    expect(text(testCodec.encode(r.file!))).toBe(valid)
  })

  it('counts only level-1 groups as flows and every body record as a group', () => {
    expect(codesOf(testCodec.inspect(bytes(valid.replace('|6||2|', '|6||6|'))).diagnostics)).toEqual(['flow_count_mismatch'])
    expect(codesOf(testCodec.inspect(bytes(valid.replace('|6||2|', '|2||2|'))).diagnostics)).toEqual(['group_count_mismatch'])
  })

  it('rejects a child group without its parent', () => {
    const orphan = lf(ZHV, 'EVT|20211104|1|A|', 'MPN|1200023305967|front|', 'RDG|20211104093000|01|', 'ZPT|F1|3||1|20211104120000|')
    const r = testCodec.inspect(bytes(orphan))
    expect(r.diagnostics.map((d) => `${d.line}:${d.code}`)).toEqual(['2:unexpected_record', '4:unexpected_record'])
    expect(r.diagnostics[0]!.message).toMatch(/parent group MPN/)
  })

  it('checks each item by its kind, naming the field', () => {
    const bad = valid.replace('EVT|20211104|1|A|', 'EVT|20211304|01|S|').replace('RDG|20211104093000|01|', 'RDG|20211104093000|1|')
    const r = testCodec.inspect(bytes(bad))
    expect(r.diagnostics.map((d) => `${d.code}:${d.field?.name}:${d.field?.index}`)).toEqual([
      'invalid_date:on:1', 'invalid_field:n:2', 'invalid_flag:flag:3', 'invalid_field:register:2',
    ])
  })

  it('is a different flow from D0350: the flow version is a constant of the schema', () => {
    const d0350 = text(D0350.encode(D0350.make({ header: { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [], completedAt: '20211104120000' })))
    const r = testCodec.inspect(bytes(d0350))
    expect(r.diagnostics.map((d) => `${d.code}:${d.field?.name}`)).toEqual(['invalid_field:flowVersion'])
  })

  it('streams in batches and matches inspect', async () => {
    const c = await collect(testCodec.decodeStream(source([bytes(valid)]), { batchSize: 4 }))
    expect(c.batchSizes).toEqual([4, 2])
    expect(c.records).toEqual(testCodec.inspect(bytes(valid)).file!.records)
  })

  fcTest.prop([arb.dtcFile(testFlow)])('faithful and lossless on generated files of the schema', (f) => {
    const b = testCodec.encode(f)
    const back = testCodec.decode(b)
    expect(back).toEqual(E.right(f))
    if (E.isRight(back)) expect(text(testCodec.encode(back.right))).toBe(text(b))
  })

  fcTest.prop([arb.dtcFile(testFlow).chain((f) => fc.oneof(fc.constant(testCodec.encode(f)), arb.mutate(testCodec.encode(f))))
    .chain((b) => fc.tuple(fc.constant(b), arb.chunking(b)))])('chunk-blind on generated and damaged files of the schema', async ([b, chunks]) => {
    const whole = testCodec.inspect(b)
    const streamed = await collect(testCodec.decodeStream(source(chunks)))
    expect(streamed.diagnostics).toEqual(whole.diagnostics)
    if (whole.file !== null) expect(streamed.records).toEqual(whole.file.records)
  })

  fcTest.prop([arb.dtcFile(testFlow)])('encodeStream computes the counts and matches encode', async (f) => {
    const info = { completedAt: f.trailer[4]!, checksum: f.trailer[2]!, eol: f.eol, finalNewline: f.finalNewline }
    const { all } = await collectBytes(testCodec.encodeStream(f.header, f.records, info))
    expect(text(all)).toBe(text(testCodec.encode(f)))
  })
})

describe('Dtc over the D0350 layout', () => {
  it('the generic view and the typed view agree', () => {
    const b = bytes(lf('ZHV|0000000001|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|', 'DSF|1200023305967|A|20211104|', 'ZPT|0000000001|1||1|20211104120000|'))
    const generic = Dtc.inspect(D0350.layout, b).file!
    const typed = D0350.inspect(b).file!
    expect(generic.records).toEqual([{ id: 'DSF', items: [typed.records[0]!.mpanCore, typed.records[0]!.flag, typed.records[0]!.effectiveFrom] }])
    expect(generic.header[0]).toBe(typed.header.fileId)
    expect(Number(generic.trailer[1])).toBe(typed.trailer.groupCount)
    expect(text(Dtc.encode(generic))).toBe(text(D0350.encode(typed)))
  })
})

describe('Schema checks and layout overrides', () => {
  it('ZHV and ZPT follow docs/formats.md: 11 and 5 items, in order', () => {
    expect(D0350.layout.header.map((i) => i.name)).toEqual([
      'fileId', 'flowVersion', 'fromRole', 'fromParticipant', 'toRole', 'toParticipant', 'createdAt',
      'sendingApplication', 'receivingApplication', 'broadcast', 'testDataFlag',
    ])
    expect(D0350.layout.trailer.map((i) => i.name)).toEqual(['fileId', 'groupCount', 'checksum', 'flowCount', 'completedAt'])
    expect(D0350.layout.groups[0]!.items.map((i) => i.dataItem)).toEqual(['J0003', 'J1833', 'J1834'])
  })

  it('finds a bad schema and refuses to build a codec from it', () => {
    const bad = Schema.flow('D9998', '001', [
      { id: 'AB', label: 'short id', level: 1, parent: null, items: [] },
      { id: 'CCC', label: 'orphan', level: 2, parent: 'NOP', items: [] },
      { id: 'ZPT', label: 'reserved', level: 1, parent: null, items: [] },
    ])
    expect(Schema.problems(bad).length).toBe(3)
    expect(Schema.problems(testFlow)).toEqual([])
    expect(() => Dtc.codec(bad)).toThrow(TypeError)
  })

  it('fromLayout: a corrected D0350 layout (other group id, other item order) needs no code change', () => {
    const group = D0350.layout.groups[0]!
    const corrected: Schema.FlowSchema = { ...D0350.layout, groups: [{ ...group, id: 'SVF', items: [group.items[1]!, group.items[0]!, group.items[2]!] }] }
    const codec = D0350.fromLayout(corrected)
    const f = codec.make({ header: { fileId: '5', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [{ mpanCore: '1200023305967', flag: 'I', effectiveFrom: '20211104' }], completedAt: '20211104120000' })
    const s = text(codec.encode(f))
    expect(s.split('\n')[1]).toBe('SVF|I|1200023305967|20211104|')
    expect(codec.decode(bytes(s))).toEqual(E.right(f))
    // the default layout does not know SVF: an unknown group, which is no flow either
    expect(codesOf(D0350.inspect(bytes(s)).diagnostics)).toEqual(['unexpected_record', 'flow_count_mismatch'])
  })

  it('fromLayout refuses a layout its record type cannot carry', () => {
    const group = D0350.layout.groups[0]!
    expect(() => D0350.fromLayout({ ...D0350.layout, groups: [{ ...group, items: group.items.slice(0, 2) }] })).toThrow(TypeError)
  })
})
