/**
 * Registry extracts for reconciliation samples: what the registries (MPAS, UK Link) say each meter
 * point's flag is, as rows of `{ meterPoint, flag, effectiveFrom }`, with discrepancies planted on
 * purpose and listed, so a reconciliation can be checked to find exactly them.
 *
 * @since 0.1.0
 */
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'
import { civilFromDays, daysFromCivil, isDate } from '../../src/identifiers/CalendarDate'
import * as Random from './Random'
import type { MeterPointRecord } from './generate'

/** One registered flag (the columns of `REG.csv`). @since 0.1.0 @category model */
export interface RegistryRow {
  readonly meterPoint: string
  readonly flag: string
  readonly effectiveFrom: string
}

/** The kinds of discrepancy a reconciliation reports (docs/rules.md section 7). @since 0.1.0 @category model */
export type DiscrepancyKind = 'missing_at_registry' | 'flag_mismatch' | 'date_mismatch' | 'unknown_meter_point'

/** Shares of the rows given to each kind of discrepancy (`unknown`: extra rows, as a share of the rows). @since 0.1.0 @category model */
export interface Rates {
  readonly missing: number
  readonly flagMismatch: number
  readonly dateMismatch: number
  readonly unknown: number
}

/** One planted discrepancy: the row as it was (`expected`, null for an extra row) and as written (`registered`, null when dropped). @since 0.1.0 @category model */
export interface PlantedDiscrepancy {
  readonly kind: DiscrepancyKind
  readonly meterPoint: string
  readonly expected: RegistryRow | null
  readonly registered: RegistryRow | null
}

/** A registry extract with its planted discrepancies. @since 0.1.0 @category model */
export interface PlantedExtract {
  readonly rows: ReadonlyArray<RegistryRow>
  readonly planted: ReadonlyArray<PlantedDiscrepancy>
}

/** Default rates: 1% of each kind. @since 0.1.0 @category constants */
export const defaultRates: Rates = { missing: 0.01, flagMismatch: 0.01, dateMismatch: 0.01, unknown: 0.01 }

/**
 * The extract a registry would hold if it knew every flag of an inventory: one row per meter point
 * with a flag, its current flag and effective-from date, in inventory order.
 *
 * @example
 * fromInventory([{ id: '1200023305967', flag: 'A', effectiveFrom: '20200101' }, { id: '3938424403', flag: null }])
 * // [{ meterPoint: '1200023305967', flag: 'A', effectiveFrom: '20200101' }]
 * @since 0.1.0
 * @category constructors
 */
export const fromInventory = (meterPoints: Iterable<MeterPointRecord>): Array<RegistryRow> => {
  const out: Array<RegistryRow> = []
  for (const mp of meterPoints) {
    if (mp.flag === null || mp.flag === undefined || mp.effectiveFrom === undefined) continue
    out.push({ meterPoint: mp.id, flag: mp.flag, effectiveFrom: mp.effectiveFrom })
  }
  return out
}

const otherFlag = (r: Random.Random, flag: string): string => Random.pick(r, ['A', 'I', 'N'].filter((f) => f !== flag))

const shiftDate = (r: Random.Random, date: string): string => {
  const base = isDate(date) ? daysFromCivil(+date.slice(0, 4), +date.slice(4, 6), +date.slice(6, 8)) : daysFromCivil(2022, 1, 1)
  const delta = Random.int(r, 1, 30) * (Random.chance(r, 0.5) ? 1 : -1)
  return civilFromDays(base + delta)
}

const freshMeterPoint = (r: Random.Random, taken: (id: string) => boolean): string => {
  for (;;) {
    const id = Random.chance(r, 0.55)
      ? MpanCore.complete(String(Random.int(r, 10, 23)) + String(Random.int(r, 0, 99_999)).padStart(5, '0') + String(Random.int(r, 0, 99_999)).padStart(5, '0'))
      : Mprn.complete(String(Random.int(r, 10_000_000, 99_999_999)))
    if (!taken(id)) return id
  }
}

/**
 * A copy of a registry extract with discrepancies planted: rows dropped (`missing_at_registry`),
 * flags changed (`flag_mismatch`), dates moved by 1–30 days (`date_mismatch`), and extra rows for
 * meter points not in the extract nor known to `isKnown` (`unknown_meter_point`), inserted at random
 * places. Each row gets at most one discrepancy. Same inputs, same output.
 *
 * @example
 * const rows = [{ meterPoint: '1200023305967', flag: 'A', effectiveFrom: '20200101' }]
 * plantDiscrepancies(rows, 1, { missing: 1, flagMismatch: 0, dateMismatch: 0, unknown: 0 }).rows // []
 * @since 0.1.0
 * @category constructors
 */
export const plantDiscrepancies = (
  rows: ReadonlyArray<RegistryRow>,
  seed: Random.Seed,
  rates: Rates = defaultRates,
  isKnown: (meterPoint: string) => boolean = () => false,
): PlantedExtract => {
  const r = Random.derive(seed, 'registry')
  const planted: Array<PlantedDiscrepancy> = []
  const kept: Array<RegistryRow> = []
  const cut1 = rates.missing, cut2 = cut1 + rates.flagMismatch, cut3 = cut2 + rates.dateMismatch
  for (const row of rows) {
    const u = Random.float(r)
    if (u < cut1) {
      planted.push({ kind: 'missing_at_registry', meterPoint: row.meterPoint, expected: row, registered: null })
    } else if (u < cut2) {
      const registered = { ...row, flag: otherFlag(r, row.flag) }
      kept.push(registered)
      planted.push({ kind: 'flag_mismatch', meterPoint: row.meterPoint, expected: row, registered })
    } else if (u < cut3) {
      const registered = { ...row, effectiveFrom: shiftDate(r, row.effectiveFrom) }
      kept.push(registered)
      planted.push({ kind: 'date_mismatch', meterPoint: row.meterPoint, expected: row, registered })
    } else kept.push(row)
  }
  const inExtract = new Set(rows.map((row) => row.meterPoint))
  const used = new Set<string>()
  const extras = Math.round(rows.length * rates.unknown)
  let latest = '20211104'
  for (const row of rows) if (isDate(row.effectiveFrom) && row.effectiveFrom > latest) latest = row.effectiveFrom
  const latestDay = daysFromCivil(+latest.slice(0, 4), +latest.slice(4, 6), +latest.slice(6, 8))
  // Extra rows go after random kept rows (index -1: first), in one pass to keep the output order stable.
  const after = new Map<number, Array<RegistryRow>>()
  for (let k = 0; k < extras; k++) {
    const meterPoint = freshMeterPoint(r, (id) => inExtract.has(id) || used.has(id) || isKnown(id))
    used.add(meterPoint)
    const flag = Random.pick(r, ['A', 'A', 'A', 'I', 'N'])
    const registered = { meterPoint, flag, effectiveFrom: civilFromDays(Random.int(r, daysFromCivil(2021, 11, 4), latestDay)) }
    planted.push({ kind: 'unknown_meter_point', meterPoint, expected: null, registered })
    const at = Random.int(r, -1, kept.length - 1)
    const list = after.get(at)
    if (list === undefined) after.set(at, [registered])
    else list.push(registered)
  }
  const out: Array<RegistryRow> = [...(after.get(-1) ?? [])]
  for (let i = 0; i < kept.length; i++) {
    out.push(kept[i]!)
    const list = after.get(i)
    if (list !== undefined) out.push(...list)
  }
  return { rows: out, planted }
}

/** The CSV header of `REG.csv` (docs/contract.md). @since 0.1.0 @category constants */
export const csvHeader = 'meterPoint,flag,effectiveFrom'

/**
 * Writes rows as `REG.csv`: the header `meterPoint,flag,effectiveFrom`, one row a line, LF line ends
 * (the last line too). Values are digits and letters: no quoting is ever needed.
 *
 * @example
 * toCsv([{ meterPoint: '1200023305967', flag: 'A', effectiveFrom: '20200101' }])
 * // 'meterPoint,flag,effectiveFrom\n1200023305967,A,20200101\n'
 * @since 0.1.0
 * @category destructors
 */
export const toCsv = (rows: Iterable<RegistryRow>): string => {
  const parts = [csvHeader]
  for (const row of rows) parts.push(row.meterPoint + ',' + row.flag + ',' + row.effectiveFrom)
  return parts.join('\n') + '\n'
}
