import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as Reconcile from '../../src/reconciliation/Reconcile'
import type { Flag } from '../../src/identifiers/Flag'
import { expectedList, meterPointIds } from '../arbitraries/reconciliation'

const MPAN = '1200023305967'
const MPAN2 = '1200010000000'
const MPAN3 = '1000000000003'
const MPRN = '3938424403'
const MPRN2 = '123456707'

const esme = (deviceId: string, status: string | null): Reconcile.Meter => ({ deviceId, type: 'ESME', status })
const exp = (meterPoint: string, flag: Flag | null, effectiveFrom: string | null, meters: Reconcile.Meter[] = []): Reconcile.Expected => ({
  meterPoint, fuel: meterPoint.length === 13 ? 'electricity' : 'gas', flag, effectiveFrom, meters,
})
const reg = (meterPoint: string, flag: Flag | null, effectiveFrom: string | null): Reconcile.Registered => ({ meterPoint, flag, effectiveFrom })

const kinds = (r: Reconcile.Report) => r.discrepancies.map((d) => [d.meterPoint, d.kind])

describe('Reconcile.reconcile: each kind', () => {
  it('missing_at_registry: an exportable expected flag, no registry row', () => {
    const meters = [esme('00-0D-6F-00-00-00-00-02', 'Commissioned'), esme('00-0D-6F-00-00-00-00-01', 'Decommissioned')]
    const r = Reconcile.reconcile([exp(MPAN, 'A', '20211104', meters)], [])
    expect(r.discrepancies).toEqual([{
      meterPoint: MPAN, kind: 'missing_at_registry', registered: null,
      expected: { flag: 'A', effectiveFrom: '20211104' },
      evidence: [esme('00-0D-6F-00-00-00-00-01', 'Decommissioned'), esme('00-0D-6F-00-00-00-00-02', 'Commissioned')],
    }])
    expect(r.counts).toEqual({ missing_at_registry: 1, flag_mismatch: 0, date_mismatch: 0, unknown_meter_point: 0, compared: 1, agreeing: 0 })
  })

  it('missing_at_registry: a registry row without a flag counts as no flag, and is shown', () => {
    const r = Reconcile.reconcile([exp(MPRN, 'I', '20220101')], [reg(MPRN, null, null)])
    expect(r.discrepancies).toEqual([{ meterPoint: MPRN, kind: 'missing_at_registry', registered: { flag: null, effectiveFrom: null }, expected: { flag: 'I', effectiveFrom: '20220101' }, evidence: [] }])
  })

  it('flag_mismatch: different flags, with both sides', () => {
    const meters = [esme('00-0D-6F-00-00-00-00-01', 'Decommissioned')]
    const r = Reconcile.reconcile([exp(MPAN, 'N', '20211201', meters)], [reg(MPAN, 'A', '20211104')])
    expect(r.discrepancies).toEqual([{ meterPoint: MPAN, kind: 'flag_mismatch', registered: { flag: 'A', effectiveFrom: '20211104' }, expected: { flag: 'N', effectiveFrom: '20211201' }, evidence: meters }])
    expect(r.counts.flag_mismatch).toBe(1)
  })

  it('flag_mismatch: a null expected flag against a registered flag', () => {
    const r = Reconcile.reconcile([exp(MPAN, null, null)], [reg(MPAN, 'A', '20211104')])
    expect(r.discrepancies).toEqual([{ meterPoint: MPAN, kind: 'flag_mismatch', registered: { flag: 'A', effectiveFrom: '20211104' }, expected: { flag: null, effectiveFrom: null }, evidence: [] }])
  })

  it('date_mismatch: same flag, different date (a registered date missing differs too)', () => {
    const r = Reconcile.reconcile([exp(MPAN, 'A', '20211104'), exp(MPAN2, 'A', '20211104')], [reg(MPAN, 'A', '20211105'), reg(MPAN2, 'A', null)])
    expect(kinds(r)).toEqual([[MPAN2, 'date_mismatch'], [MPAN, 'date_mismatch']])
    expect(r.discrepancies[1]!.registered).toEqual({ flag: 'A', effectiveFrom: '20211105' })
    expect(r.counts.date_mismatch).toBe(2)
  })

  it('an expected date of null is not known, so dates are not compared', () => {
    const r = Reconcile.reconcile([exp(MPAN, 'A', null), exp(MPAN2, 'N', null)], [reg(MPAN, 'A', '20211105'), reg(MPAN2, 'A', '20211104')])
    expect(kinds(r)).toEqual([[MPAN2, 'flag_mismatch']])
  })

  it('unknown_meter_point: a registered flag the inventory does not know; no expected side, no evidence', () => {
    const r = Reconcile.reconcile([], [reg(MPRN2, 'N', '20230101')])
    expect(r.discrepancies).toEqual([{ meterPoint: MPRN2, kind: 'unknown_meter_point', registered: { flag: 'N', effectiveFrom: '20230101' }, expected: null, evidence: [] }])
    expect(r.counts).toMatchObject({ unknown_meter_point: 1, compared: 1, agreeing: 0 })
  })
})

describe('Reconcile.reconcile: what agrees', () => {
  it('a null expected flag and no registry row agree', () => {
    const r = Reconcile.reconcile([exp(MPAN, null, null)], [])
    expect(r.discrepancies).toEqual([])
    expect(r.counts).toMatchObject({ compared: 1, agreeing: 1 })
  })

  it('a null expected flag and a registry row without a flag agree', () => {
    expect(Reconcile.reconcile([exp(MPAN, null, null)], [reg(MPAN, null, null)]).discrepancies).toEqual([])
  })

  it('an unknown meter point whose row has no flag agrees (full extracts list every meter point)', () => {
    const r = Reconcile.reconcile([], [reg(MPAN, null, null)])
    expect(r.discrepancies).toEqual([])
    expect(r.counts).toMatchObject({ compared: 1, agreeing: 1 })
  })

  it('same flag and date agree', () => {
    const r = Reconcile.reconcile([exp(MPAN, 'I', '20211104')], [reg(MPAN, 'I', '20211104')])
    expect(r.discrepancies).toEqual([])
    expect(r.counts.agreeing).toBe(1)
  })
})

describe('Reconcile.reconcile: exportable flags', () => {
  const before = Reconcile.exportableFor({ electricity: false, gas: true })

  it('exportableFor: A only with a switch off, A/N/I with it on', () => {
    expect(before).toEqual({ electricity: ['A'], gas: ['A', 'N', 'I'] })
    expect(Reconcile.exportableFor({ electricity: true, gas: true })).toEqual(Reconcile.allExportable)
  })

  it('N or I expected while the fuel\'s switch is off is not missing; A still is; the other fuel is unaffected', () => {
    const expected = [exp(MPAN, 'N', '20200101'), exp(MPAN2, 'I', '20200101'), exp(MPAN3, 'A', '20200101'), exp(MPRN, 'N', '20200101')]
    const r = Reconcile.reconcile(expected, [], { exportable: before })
    expect(kinds(r)).toEqual([[MPAN3, 'missing_at_registry'], [MPRN, 'missing_at_registry']])
    expect(r.counts).toMatchObject({ compared: 4, agreeing: 2, missing_at_registry: 2 })
  })

  it('by default every current flag is exportable', () => {
    const r = Reconcile.reconcile([exp(MPAN, 'N', '20200101'), exp(MPAN2, 'I', '20200101')], [])
    expect(r.counts.missing_at_registry).toBe(2)
  })

  it('a non-exportable expected flag still mismatches a stale registered flag (the pre-MP077 defect)', () => {
    const r = Reconcile.reconcile([exp(MPAN, 'N', '20200101')], [reg(MPAN, 'A', '20190101')], { exportable: before })
    expect(kinds(r)).toEqual([[MPAN, 'flag_mismatch']])
  })
})

describe('Reconcile.reconcile: order, counts, inputs', () => {
  it('lists discrepancies in meter point id order and counts every kind', () => {
    const r = Reconcile.reconcile(
      [exp(MPRN, 'A', '20211104'), exp(MPAN, 'N', '20211104'), exp(MPAN3, 'A', '20211104'), exp(MPAN2, null, null)],
      [reg(MPAN, 'A', '20211104'), reg(MPAN3, 'A', '20220101'), reg(MPRN2, 'I', '20211104'), reg(MPAN2, null, null)],
    )
    expect(kinds(r)).toEqual([[MPAN3, 'date_mismatch'], [MPAN, 'flag_mismatch'], [MPRN2, 'unknown_meter_point'], [MPRN, 'missing_at_registry']])
    expect(r.counts).toEqual({ missing_at_registry: 1, flag_mismatch: 1, date_mismatch: 1, unknown_meter_point: 1, compared: 5, agreeing: 1 })
  })

  it('a later registered row for a meter point replaces an earlier one', () => {
    const r = Reconcile.reconcile([exp(MPAN, 'N', '20211201')], [reg(MPAN, 'A', '20211104'), reg(MPAN, 'N', '20211201')])
    expect(r.discrepancies).toEqual([])
  })

  it('takes any iterables (a generator of expected items)', () => {
    function* gen() {
      yield exp(MPAN, 'A', '20211104')
      yield exp(MPRN, 'A', '20211104')
    }
    expect(Reconcile.reconcile(gen(), new Set([reg(MPAN, 'A', '20211104')])).counts).toMatchObject({ compared: 2, missing_at_registry: 1 })
  })

  it('a repeated expected meter point is a programmer error', () => {
    expect(() => Reconcile.reconcile([exp(MPAN, 'A', '20211104'), exp(MPAN, 'A', '20211104')], [])).toThrow(/given twice/)
    expect(() => Reconcile.reconcile([exp(MPAN, 'A', '20211104'), exp(MPAN, 'A', '20211104')], [reg(MPAN, 'A', '20211104')])).toThrow(/given twice/)
  })

  it('a repeated expected meter point without a registry row is found too, and named', () => {
    expect(() => Reconcile.reconcile([exp(MPRN2, 'A', '20211104'), exp(MPAN, null, null), exp(MPRN2, null, null)], [reg(MPAN, 'A', '20211104')])).toThrow(`expected meter point ${MPRN2} given twice`)
  })

  it('an id that is not a meter point is a programmer error', () => {
    expect(() => Reconcile.reconcile([exp('12ab', 'A', '20211104')], [])).toThrow(/not a meter point id/)
    expect(() => Reconcile.reconcile([], [reg('', 'A', '20211104')])).toThrow(/not a meter point id/)
  })

  it('formatCounts summarises the counts', () => {
    const r = Reconcile.reconcile([exp(MPAN, 'A', '20211104'), exp(MPRN, 'A', '20211104')], [reg(MPRN, 'A', '20211104')])
    expect(Reconcile.formatCounts(r.counts)).toBe('2 meter points compared, 1 agree, 1 differ (missing_at_registry 1, flag_mismatch 0, date_mismatch 0, unknown_meter_point 0)')
  })
})

// The registry a faithful DSP would hold: a row for every meter point with an exportable flag.
const registryOf = (expected: ReadonlyArray<Reconcile.Expected>): Reconcile.Registered[] =>
  expected.filter((e) => e.flag !== null).map((e) => reg(e.meterPoint, e.flag, e.effectiveFrom))

const otherFlag = (f: Flag): Flag => (f === 'A' ? 'N' : f === 'N' ? 'I' : 'A')
const otherDate = (d: string): string => (d === '20000101' ? '20000102' : '20000101')

const sumOfKinds = (c: Reconcile.Counts) => Reconcile.kinds.reduce((n, k) => n + c[k], 0)

describe('Reconcile.reconcile: properties', () => {
  fcTest.prop([expectedList()])('a registry built exactly from the expected flags has no discrepancies', (expected) => {
    const r = Reconcile.reconcile(expected, registryOf(expected))
    expect(r.discrepancies).toEqual([])
    expect(r.counts).toEqual({ missing_at_registry: 0, flag_mismatch: 0, date_mismatch: 0, unknown_meter_point: 0, compared: expected.length, agreeing: expected.length })
  })

  const withPicks = expectedList().chain((expected) => {
    const flagged = expected.filter((e) => e.flag !== null).map((e) => e.meterPoint)
    return fc.tuple(fc.constant(expected), fc.subarray(flagged))
  })

  fcTest.prop([withPicks])('dropping k registry rows gives exactly k missing_at_registry, at those meter points', ([expected, dropped]) => {
    const gone = new Set(dropped)
    const r = Reconcile.reconcile(expected, registryOf(expected).filter((row) => !gone.has(row.meterPoint)))
    expect(r.discrepancies.map((d) => d.kind)).toEqual(dropped.map(() => 'missing_at_registry'))
    expect(r.discrepancies.map((d) => d.meterPoint)).toEqual([...dropped].sort())
    expect(r.counts.agreeing).toBe(expected.length - dropped.length)
  })

  fcTest.prop([withPicks])('changing k registered flags gives exactly k flag_mismatch', ([expected, picked]) => {
    const changed = new Set(picked)
    const registry = registryOf(expected).map((row) => (changed.has(row.meterPoint) ? reg(row.meterPoint, otherFlag(row.flag!), row.effectiveFrom) : row))
    const r = Reconcile.reconcile(expected, registry)
    expect(r.discrepancies.map((d) => [d.meterPoint, d.kind])).toEqual([...picked].sort().map((m) => [m, 'flag_mismatch']))
    expect(r.counts.flag_mismatch).toBe(picked.length)
  })

  fcTest.prop([withPicks])('changing k registered dates gives exactly k date_mismatch', ([expected, picked]) => {
    const changed = new Set(picked)
    const registry = registryOf(expected).map((row) => (changed.has(row.meterPoint) ? reg(row.meterPoint, row.flag, otherDate(row.effectiveFrom!)) : row))
    const r = Reconcile.reconcile(expected, registry)
    expect(r.discrepancies.map((d) => [d.meterPoint, d.kind])).toEqual([...picked].sort().map((m) => [m, 'date_mismatch']))
  })

  fcTest.prop([meterPointIds({ maxLength: 60 }).chain((ids) => fc.tuple(expectedList().map((xs) => xs), fc.constant(ids)))])(
    'k registered flags for meter points the inventory lacks give exactly k unknown_meter_point',
    ([expected, ids]) => {
      const known = new Set(expected.map((e) => e.meterPoint))
      const extra = ids.filter((id) => !known.has(id))
      const r = Reconcile.reconcile(expected, [...registryOf(expected), ...extra.map((id) => reg(id, 'A', '20211104'))])
      expect(r.discrepancies.map((d) => [d.meterPoint, d.kind])).toEqual([...extra].sort().map((m) => [m, 'unknown_meter_point']))
      expect(r.counts.compared).toBe(expected.length + extra.length)
    },
  )

  fcTest.prop([expectedList(), fc.array(fc.tuple(fc.nat(), fc.constantFrom<Flag | null>(null, 'A', 'I', 'N'), fc.constantFrom('20211104', '20211105', null)), { maxLength: 40 }), fc.infiniteStream(fc.nat())])(
    'any inputs: counts add up, output is sorted and does not depend on input order',
    (expected, edits, rnd) => {
      const ids = expected.map((e) => e.meterPoint)
      const registry = ids.length === 0 ? [] : edits.map(([i, flag, date]) => reg(ids[i % ids.length]!, flag, date))
      const r = Reconcile.reconcile(expected, registry)
      expect(r.counts.compared).toBe(expected.length)
      expect(sumOfKinds(r.counts)).toBe(r.discrepancies.length)
      expect(r.counts.agreeing + r.discrepancies.length).toBe(r.counts.compared)
      const order = r.discrepancies.map((d) => d.meterPoint)
      expect(order).toEqual([...order].sort())
      // shuffle the expected items (the registry's order matters: later rows win)
      const keys = expected.map(() => rnd.next().value)
      const shuffled = expected.map((e, i) => [keys[i]!, e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e)
      expect(Reconcile.reconcile(shuffled, registry)).toEqual(r)
    },
  )
})
