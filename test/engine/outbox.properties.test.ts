import { describe, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as arb from '../arbitraries/outbox'
import * as Distributors from '../../src/engine/outbox/Distributors'
import * as Outbox from '../../src/engine/Outbox'
import * as State from '../../src/engine/State'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import type * as Dxr from '../../src/wire/uklink/Dxr'

const key = (n: Outbox.Notification): string => `${n.meterPoint} ${n.flag} ${n.effectiveFrom}`
const counts = (xs: ReadonlyArray<string>): Map<string, number> => {
  const m = new Map<string, number>()
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1)
  return m
}

const right = <A>(r: E.Either<ReadonlyArray<string>, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.join('\n'))
  return r.right
}

describe('outbox properties', () => {
  fcTest.prop([arb.state, arb.switches])('pending holds exactly the meter points the rule names', (state, switches) => {
    const p = Outbox.pending(state, switches)
    const expected: string[] = []
    for (const mp of State.meterPoints(state)) {
      if (mp.flag === null || mp.held !== null || !Outbox.isExportable(switches, mp.fuel, mp.flag)) continue
      if (mp.notified !== null && mp.notified.flag === mp.flag && mp.notified.effectiveFrom === mp.effectiveFrom) continue
      expected.push(`${mp.id} ${mp.flag} ${mp.effectiveFrom}`)
    }
    expect(p.notifications.map(key).sort()).toEqual(expected.sort())
    // the one predicate says the same of every meter point (what a database asks of its rows)
    const due = Array.from(State.meterPoints(state)).filter((mp) => Outbox.isDue(mp, switches))
    expect(due.map((mp) => `${mp.id} ${mp.flag} ${mp.effectiveFrom}`).sort()).toEqual(expected.sort())
    for (const n of p.notifications) expect(State.meterPoint(state, n.meterPoint)!.held).toBeNull()
    expect(p.held.length).toBe(Array.from(State.meterPoints(state)).filter((mp) => mp.held !== null).length)
  })

  fcTest.prop([arb.state, fc.array(fc.tuple(fc.nat(), fc.constantFrom<'AC' | 'RJ'>('AC', 'RJ'), fc.boolean()), { maxLength: 12 })])(
    'applyResponse matches each E46 record against the pair last sent, and only that pair',
    (state, picks) => {
      const gas = Array.from(State.meterPoints(state)).filter((mp) => mp.fuel === 'gas')
      if (gas.length === 0) return
      const records: Dxr.Record[] = picks.map(([i, outcome, sentPair]) => {
        const mp = gas[i % gas.length]!
        const pair = sentPair && mp.notified !== null ? mp.notified : { flag: mp.flag ?? 'A', effectiveFrom: mp.effectiveFrom ?? '20211104' }
        return { outcome, mprn: mp.id, flag: pair.flag, effectiveFrom: pair.effectiveFrom } as Dxr.Record
      })
      const r = Outbox.applyResponse(state, { header: { generationNumber: '5' }, records })
      expect(r.confirmed.length + r.held.length + r.unmatched.length + r.unknown.length).toBe(records.length)
      expect(r.unknown).toEqual([])
      const matches = (x: Dxr.Record): boolean => {
        const n = State.meterPoint(state, x.mprn)!.notified
        return n !== null && n.flag === x.flag && n.effectiveFrom === x.effectiveFrom
      }
      for (const x of [...r.confirmed, ...r.held]) expect(matches(x)).toBe(true)
      for (const u of r.unmatched) expect(matches(u.record)).toBe(false)
      expect(r.confirmed.every((x) => x.outcome === 'AC') && r.held.every((x) => x.outcome === 'RJ')).toBe(true)
      // only holds change, each to the pair last sent
      for (const mp of State.meterPoints(r.state)) {
        const was = State.meterPoint(state, mp.id)!
        expect({ ...mp, held: null }).toEqual({ ...was, held: null })
        if (r.held.some((x) => x.mprn === mp.id)) expect(mp.held && { flag: mp.held.flag, effectiveFrom: mp.held.effectiveFrom }).toEqual(was.notified)
        else expect(mp.held).toEqual(was.held)
      }
      // applied twice: nothing more
      expect(State.toInventory(Outbox.applyResponse(r.state, { header: { generationNumber: '5' }, records }).state)).toEqual(State.toInventory(r.state))
    },
  )

  fcTest.prop([arb.state, arb.switches])('pending is in fuel, registry, meter point order', (state, switches) => {
    const rank = (n: Outbox.Notification): string => {
      if (n.fuel === 'gas') return `2 ${n.meterPoint}`
      const r = Distributors.participantOf(Distributors.standard, n.meterPoint)
      return r === null ? `1 ~ ${n.meterPoint}` : `1 ${r} ${n.meterPoint}`
    }
    const ranks = Outbox.pending(state, switches).notifications.map(rank)
    expect(ranks).toEqual([...ranks].sort())
  })

  fcTest.prop([arb.state, arb.switches])('recordSent is idempotent', (state, switches) => {
    const sent = Outbox.pending(state, switches).notifications
    const once = Outbox.recordSent(state, sent)
    const twice = Outbox.recordSent(once.state, sent)
    expect(State.toInventory(twice.state)).toEqual(State.toInventory(once.state))
    expect(twice.recorded).toBe(once.recorded)
  })

  fcTest.prop([arb.state, arb.switches])('after recordSent of everything pending, nothing is pending', (state, switches) => {
    const p = Outbox.pending(state, switches)
    const r = Outbox.recordSent(state, p.notifications)
    expect(r.stale).toEqual([])
    expect(r.recorded).toBe(p.notifications.length)
    expect(Outbox.pending(r.state, switches).notifications).toEqual([])
    // and holds are untouched
    expect(Outbox.pending(r.state, switches).held.map((h) => h.meterPoint)).toEqual(p.held.map((h) => h.meterPoint))
  })

  fcTest.prop([arb.state, arb.maxRecordsPerFile, fc.boolean()])(
    'plan keeps every pending record exactly once, files within the cap, sorted, one registry each',
    (state, max, extended) => {
      const routing = extended ? Distributors.extend(Distributors.standard, { '24': 'IPNL', '31': 'GUCL' }) : Distributors.standard
      const ns = Outbox.pending(state).notifications
      const p = Outbox.plan(ns, { routing, maxRecordsPerFile: max })
      const placed = [...p.files.flatMap((f) => f.notifications), ...p.unroutable].map(key)
      expect(counts(placed)).toEqual(counts(ns.map(key)))
      for (const f of p.files) {
        expect(f.notifications.length).toBeGreaterThan(0)
        if (max !== undefined) expect(f.notifications.length).toBeLessThanOrEqual(max)
        const mps = f.notifications.map((n) => n.meterPoint)
        expect(mps).toEqual([...mps].sort())
        for (const n of f.notifications) {
          expect(f.registry).toBe(n.fuel === 'gas' ? Outbox.GAS_REGISTRY : Distributors.participantOf(routing, n.meterPoint))
          expect(f.kind).toBe(n.fuel === 'gas' ? 'dxi' : 'd0350')
        }
      }
      for (const u of p.unroutable) expect(Distributors.participantOf(routing, u.meterPoint)).toBeNull()
    },
  )

  fcTest.prop([arb.state, arb.maxRecordsPerFile, arb.buildOptions])('the same inputs give the same bytes', (state, max, options) => {
    const once = right(Outbox.build(Outbox.plan(Outbox.pending(state).notifications, { maxRecordsPerFile: max }).files, options))
    // a state rebuilt from its own inventory: equal values, fresh objects
    const copy = right(State.decode(JSON.parse(JSON.stringify(State.toInventory(state)))))
    const again = right(Outbox.build(Outbox.plan(Outbox.pending(copy).notifications, { maxRecordsPerFile: max }).files, { ...options }))
    expect(again.files.map((f) => [f.name, Buffer.from(f.bytes).toString('latin1')])).toEqual(
      once.files.map((f) => [f.name, Buffer.from(f.bytes).toString('latin1')]),
    )
  })

  fcTest.prop([arb.state, arb.maxRecordsPerFile, arb.buildOptions])(
    'built files decode with the codecs, numbered in order, and hold exactly their planned records',
    (state, max, options) => {
      const files = Outbox.plan(Outbox.pending(state).notifications, { maxRecordsPerFile: max }).files
      const built = right(Outbox.build(files, options))
      const d0350s = files.filter((f) => f.kind === 'd0350').length
      expect(built.nextFileId).toBe(options.firstFileId + d0350s)
      expect(built.nextGeneration).toBe(options.firstGeneration! + files.length - d0350s)
      // D0350 files come first in a plan: each counter rises by one per file of its kind, without gaps
      built.files.forEach((f, i) => {
        const number = f.kind === 'd0350' ? options.firstFileId + i : options.firstGeneration! + i - d0350s
        if (f.kind === 'd0350') {
          const d = D0350.decode(f.bytes)
          expect(E.isRight(d)).toBe(true)
          if (E.isLeft(d)) return
          expect(d.right.header.fileId).toBe(String(number).padStart(10, '0'))
          expect(d.right.header.toParticipant).toBe(f.registry)
          expect(d.right.records.map((r) => `${r.mpanCore} ${r.flag} ${r.effectiveFrom}`)).toEqual(files[i]!.notifications.map(key))
        } else {
          const d = Dxi.decode(f.bytes)
          expect(E.isRight(d)).toBe(true)
          if (E.isLeft(d)) return
          expect(d.right.header.generationNumber).toBe(String(number))
          expect(d.right.header.creationDate + d.right.header.creationTime).toBe(options.now)
          expect(d.right.records.map((r) => `${r.mprn} ${r.flag} ${r.effectiveFrom}`)).toEqual(files[i]!.notifications.map(key))
        }
        expect(f.recordCount).toBe(files[i]!.notifications.length)
      })
    },
  )
})
