// The fast paths against the full ones: NDJSON lines scanned into codes against JSON.parse and the
// event codec, and policies compiled into tables against their own `derive`.
import { describe, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import { KIND, decodeLine, newDecoded } from '../../src/engine/reduce/LineDecoder'
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
      // the line inside a larger text, as a replay reads it
      const text = `x\n${line}\ny`
      const fast = decodeLine(text, 2, 2 + line.length, d)
      const full = Model.parseEventLine(line, 1)
      if (E.isLeft(full)) {
        expect(fast, line).toBe(false)
        continue
      }
      if (!fast) continue
      const e = full.right
      expect(d.kind, line).toBe(KINDS[e.type])
      expect(text.slice(d.idStart, d.idEnd)).toBe(e.eventId)
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
      expect(decodeLine(line, 0, line.length, newDecoded()), line).toBe(true)
    }
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
