// The fast paths against the full ones: NDJSON lines scanned into codes against JSON.parse and the
// event codec, and policies compiled into tables against their own `derive`.
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import { KIND, decodeLine, newDecoded, statusNameAt } from '../../src/engine/reduce/LineDecoder'
import { compile } from '../../src/engine/policy/Compiled'
import * as Codes from '../../src/engine/store/Codes'
import * as DeviceKey from '../../src/identifiers/DeviceKey'
import * as Instant from '../../src/identifiers/Instant'
import * as MeterPointKey from '../../src/identifiers/MeterPointKey'
import * as arbE from '../arbitraries/engine'
import { policies } from '../arbitraries/policies'

const KINDS: Record<Model.Event['type'], number> = {
  DeviceRegistered: KIND.registered,
  StatusChanged: KIND.statusChanged,
  MeterPointLinked: KIND.linked,
  MeterPointUnlinked: KIND.unlinked,
  DeviceDeleted: KIND.deleted,
}

/** A line, mutated now and then in the ways real files differ from the plain form. */
const mutated = (line: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(line) },
    { weight: 8, arbitrary: fc.tuple(fc.nat(line.length), fc.constantFrom(' ', '\t', '\\', '\\"', '"', ',', '}', '{', ':', '\u0001', 'é', 'x', '0', '-', 'Z', '\u2028')).map(([i, c]) => line.slice(0, i) + c + line.slice(i)) },
    { weight: 4, arbitrary: fc.nat(line.length).map((i) => line.slice(0, i) + line.slice(i + 1)) },
    { weight: 2, arbitrary: fc.constant(JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, '')) },
    { weight: 2, arbitrary: fc.constant(line.replace(/"(\w+)":/, '"$1":"x","$1":')) },
    { weight: 2, arbitrary: fc.constant(line.replace('{', '{"colour":"red",')) },
    { weight: 2, arbitrary: fc.constant(line.toLowerCase()) },
    { weight: 2, arbitrary: fc.constant(line.replace(/("srv":"[^"]*")|}$/, (m) => (m === '}' ? ',"srv":"8.1\\u0031"}' : m))) },
    {
      weight: 2,
      arbitrary: fc.shuffledSubarray(Object.entries(JSON.parse(line) as Record<string, unknown>), { minLength: 1 }).map((kv) => JSON.stringify(Object.fromEntries(kv))),
    },
  )

const lines = arbE.pools.chain((p) => arbE.events(p, 6)).chain((events) =>
  fc.tuple(...events.map((e) => mutated(JSON.stringify(e)))).map((ls) => ls as string[]),
)

describe('NDJSON lines read into codes', () => {
  fcTest.prop([lines], { numRuns: 300 })('a line the scanner takes decodes, in full, to the same event; a line the full path refuses, the scanner refuses', (ls) => {
    for (const line of ls) {
      const d = newDecoded()
      // the line's UTF-8 bytes inside a larger text, as a replay reads them
      const bytes = new TextEncoder().encode(`x\n${line}\ny`)
      const fast = decodeLine(bytes, 2, bytes.length - 2, d)
      const full = Model.parseEventLine(line, 1)
      if (E.isLeft(full)) {
        expect(fast, line).toBe(false)
        continue
      }
      if (!fast) continue
      const e = full.right
      expect(d.kind, line).toBe(KINDS[e.type])
      expect(new TextDecoder().decode(bytes.subarray(d.idStart, d.idEnd))).toBe(e.eventId)
      expect(d.at).toBe(Instant.epochMicros(e.at))
      expect([d.hi >>> 0, d.lo >>> 0]).toEqual([DeviceKey.hi(e.deviceId), DeviceKey.lo(e.deviceId)])
      if (e.type === 'StatusChanged') expect(d.status).toBe(Codes.statusCode(e.status))
      if (e.type === 'DeviceRegistered') expect([d.type, d.status]).toEqual([Codes.typeCode(e.deviceType), e.status === undefined ? 0 : Codes.statusCode(e.status)])
      if (e.type === 'MeterPointLinked' || e.type === 'MeterPointUnlinked') expect(d.key).toBe(MeterPointKey.keyOf(e.meterPoint))
    }
  })

  fcTest.prop([arbE.pools.chain((p) => arbE.events(p, 20))])('every plain line (as JSON.stringify writes events) takes the scanner', (events) => {
    for (const e of events) {
      const line = JSON.stringify(e)
      const bytes = new TextEncoder().encode(line)
      // a plain ASCII line: an event id outside ASCII takes the full path
      if (bytes.length === line.length) expect(decodeLine(bytes, 0, bytes.length, newDecoded()), line).toBe(true)
    }
  })

  it('a status name read in place has the code Codes gives it; a prefix, a longer name or another word has none', () => {
    const at = (text: string): number => statusNameAt(new TextEncoder().encode(`"${text}"`), 1)
    for (const s of Model.deviceStatuses) {
      expect(at(s), s).toBe(Codes.statusCode(s))
      expect(at(s.slice(0, -1)), s).toBe(-1)
      expect(at(`${s}x`), s).toBe(-1)
    }
    for (const word of ['', 'Recover', 'pending', 'Active', 'X']) expect(at(word), word).toBe(-1)
    expect(statusNameAt(new Uint8Array(0), 0)).toBe(-1)
  })
})

describe('policies compiled into tables', () => {
  const statuses = fc.subarray([...Model.deviceStatuses])
  const cause: fc.Arbitrary<Policy.Cause | null> = fc.oneof(
    fc.constant(null),
    fc.tuple(fc.constantFrom(...Model.deviceStatuses), fc.constantFrom(...Model.deviceStatuses)).filter(([a, b]) => a !== b).map(([from, to]) => ({ kind: 'statusChanged' as const, from, to })),
    fc.constantFrom(...Model.deviceStatuses).map((status) => ({ kind: 'linked' as const, status })),
    fc.tuple(fc.constantFrom(...Model.deviceStatuses), fc.boolean()).map(([status, deleted]) => ({ kind: 'unlinked' as const, status, deleted })),
  )
  const causeCode = (c: Policy.Cause | null): number =>
    c === null ? 0 : c.kind === 'statusChanged' ? 1 + 9 * (Codes.statusCode(c.from) - 1) + (Codes.statusCode(c.to) - 1) : c.kind === 'linked' ? 81 + Codes.statusCode(c.status) : (c.deleted ? 99 : 90) + Codes.statusCode(c.status)
  fcTest.prop([fc.constantFrom(...policies), statuses, fc.integer({ min: 0, max: 5 }), fc.constantFrom(null, 'A', 'I', 'N', 'S', 'W' as const), cause], { numRuns: 400 })(
    "the table answers as the policy's derive does, for every summary (the count saturating at 3)",
    (p, st, extra, flag, c) => {
      const count = st.length === 0 ? 0 : st.length + extra
      const summary: Policy.Summary = { statuses: new Set(st), count: Math.min(3, count) as Policy.Summary['count'], flag, cause: c }
      let bits = 0
      for (const s of st) bits |= 1 << (Codes.statusCode(s) - 1)
      const got = compile(p).derive(bits, count, Codes.flagCode(flag), causeCode(c))
      expect(Codes.flagByCode[got]).toBe(p.derive(summary))
    },
  )
})

describe('NDJSON as bytes and as text', () => {
  fcTest.prop([arbE.pools.chain((p) => fc.tuple(arbE.inventory(p), arbE.ndjson(p))), fc.array(fc.tuple(fc.nat(), fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80])), { maxLength: 3 })])(
    'the same text replays the same from a string and from its UTF-8 bytes; a line that is not UTF-8 is an invalid_event',
    ([inventory, { text }], damage) => {
      const inv = Model.decodeInventory(inventory)
      if (E.isLeft(inv)) throw new Error(inv.left.join('; '))
      const s0 = State.fromInventory(inv.right)
      const a = Reducer.replayNdjson(s0, text)
      const b = Reducer.replayNdjson(s0, new TextEncoder().encode(text))
      expect(b.changes).toEqual(a.changes)
      expect(b.rejected).toEqual(a.rejected)
      // bytes that are not UTF-8, put at the start of some lines
      const lines = text.split('\n')
      const bad = new Set<number>()
      for (const [at, seq] of damage) if (lines.length > 1) bad.add(at % (lines.length - 1))
      const parts: Uint8Array[] = lines.map((l, k) => {
        const enc = new TextEncoder().encode(l + (k < lines.length - 1 ? '\n' : ''))
        if (!bad.has(k) || l.trim() === '') return enc
        const seq = damage.find(([at]) => at % (lines.length - 1) === k)![1]
        return Uint8Array.from([...seq, ...enc])
      })
      const joined = Uint8Array.from(parts.flatMap((p) => [...p]))
      const c = Reducer.replayNdjson(s0, joined)
      const utf8Rejections = c.rejected.filter((r) => r.message.endsWith('not valid UTF-8'))
      expect(utf8Rejections.length).toBe([...bad].filter((k) => lines[k]!.trim() !== '').length)
      for (const r of utf8Rejections) expect(r).toMatchObject({ eventId: null, code: 'invalid_event' })
    },
  )

  it('a text with a lone surrogate replays line by line on the full path', () => {
    const line = JSON.stringify({ eventId: 'e\uD800', at: '2024-03-01T10:00:00Z', type: 'DeviceRegistered', deviceId: '00-0D-6F-00-00-00-00-01', deviceType: 'ESME' })
    const r = Reducer.replayNdjson(State.empty, line + '\n')
    expect(r.rejected).toEqual([])
    expect(Array.from(State.eventIds(r.state))).toEqual(['e\uD800'])
  })
})
