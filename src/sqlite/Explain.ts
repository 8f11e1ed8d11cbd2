/**
 * `explain`: one meter point's story — its flag and the pair last sent, its hold, whether it is
 * pending now (the outbox's decision), its linked devices with their statuses, and its history in
 * the order it happened: every flag change with its causing event, every file it was sent in, every
 * E46 answer and every release.
 *
 * @since 0.2.0
 */
import { Outbox, State, type Model } from 'dcc-service-flags'
import * as Database from './Database'
import * as Records from './Records'
import * as Rows from './Rows'
import * as Settings from './Settings'
import { statementsOf } from './Statements'

/** One entry of a meter point's history. @since 0.2.0 @category model */
export type Entry =
  | {
      readonly kind: 'change'
      readonly run: number
      readonly from: string | null
      readonly to: string
      readonly effectiveFrom: string
      readonly eventId: string
      readonly policy: string
    }
  | {
      readonly kind: 'sent'
      readonly run: number
      readonly file: string
      readonly registry: string
      /** The D0350 File Identifier or DXI Generation Number. */
      readonly number: number
      readonly flag: string
      readonly effectiveFrom: string
      /** The `--now` of the notify run. */
      readonly now: string | null
    }
  | {
      readonly kind: 'answer'
      readonly run: number
      readonly file: string
      readonly generation: string
      readonly outcome: string
      readonly flag: string
      readonly effectiveFrom: string
      /** confirmed, held, not_last_sent. */
      readonly result: string
    }
  | { readonly kind: 'released'; readonly run: number; readonly flag: string; readonly effectiveFrom: string; readonly reason: string }

/** A device linked to the meter point. @since 0.2.0 @category model */
export interface LinkedDevice {
  readonly id: string
  readonly type: string
  readonly status: string | null
  readonly lastEventAt: string | null
  readonly meterPoints: ReadonlyArray<string>
}

/** What explain says. @since 0.2.0 @category model */
export interface Explanation {
  readonly meterPoint: string
  readonly fuel: string
  readonly flag: string | null
  readonly effectiveFrom: string | null
  readonly notified: Model.Notified | null
  readonly held: Model.Hold | null
  /** True when the next notify would send the current pair. */
  readonly pending: boolean
  readonly devices: ReadonlyArray<LinkedDevice>
  readonly history: ReadonlyArray<Entry>
}

const kindOrder: Readonly<Record<Entry['kind'], number>> = { change: 0, sent: 1, answer: 2, released: 3 }

/**
 * The explanation of a meter point, or null when the database does not know it.
 *
 * @example
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * explain(db, '1200023305967')?.history
 * @since 0.2.0
 * @category readers
 */
export const explain = (db: Database.StateDb, meterPoint: string): Explanation | null => {
  const key = Rows.keyOf(meterPoint)
  if (key < 0) return null
  const c = db.connection
  const s = statementsOf(c)
  const mp = Records.meterPointByKey(s, key)
  if (mp === undefined || mp.id !== meterPoint) return null
  const devices = (s.devicesOf.all({ key }) as Rows.DeviceRow[]).map(Rows.deviceOf).sort((a, b) => (a.id < b.id ? -1 : 1))
  const state = State.fromRecords({ meterPoints: [mp], devices: [], eventIds: [] })
  const due = Outbox.pending(state, db.settings.switches, Settings.routing(db.settings))
  const history: Entry[] = []
  type ChangeRow = [number, string | null, string, number, string, string]
  for (const r of c.prepare('SELECT run, from_flag, to_flag, eff, event_id, policy FROM change WHERE mp = ? ORDER BY seq').raw(true).all(key) as ChangeRow[]) {
    history.push({ kind: 'change', run: r[0], from: r[1], to: r[2], effectiveFrom: String(r[3]), eventId: r[4], policy: r[5] })
  }
  type SentRow = [number, string, string, number, string, number, string | null]
  const sent = c.prepare('SELECT f.run, f.name, f.registry, f.number, n.flag, n.eff, r.clock FROM notification n JOIN file f ON f.id = n.file JOIN run r ON r.id = f.run WHERE n.mp = ? ORDER BY f.id')
  for (const r of sent.raw(true).all(key) as SentRow[]) {
    history.push({ kind: 'sent', run: r[0], file: r[1], registry: r[2], number: r[3], flag: r[4], effectiveFrom: String(r[5]), now: r[6] })
  }
  type AnswerRow = [number, string, string, string, string, string, string]
  const answers = c.prepare('SELECT r.run, r.name, r.generation, a.outcome, a.flag, a.eff, a.result FROM answer a JOIN response r ON r.id = a.response WHERE a.mp = ? ORDER BY r.id, a.record')
  for (const r of answers.raw(true).all(key) as AnswerRow[]) {
    history.push({ kind: 'answer', run: r[0], file: r[1], generation: r[2], outcome: r[3], flag: r[4], effectiveFrom: r[5], result: r[6] })
  }
  type ReleasedRow = [number, string, number, string]
  for (const r of c.prepare('SELECT run, flag, eff, reason FROM released WHERE mp = ? ORDER BY run').raw(true).all(key) as ReleasedRow[]) {
    history.push({ kind: 'released', run: r[0], flag: r[1], effectiveFrom: String(r[2]), reason: r[3] })
  }
  // runs are numbered in the order they ran; within a run, entries keep their table order
  const indexed = history.map((e, i) => [e, i] as const)
  indexed.sort((a, b) => a[0].run - b[0].run || kindOrder[a[0].kind] - kindOrder[b[0].kind] || a[1] - b[1])
  return {
    meterPoint: mp.id,
    fuel: mp.fuel,
    flag: mp.flag,
    effectiveFrom: mp.effectiveFrom,
    notified: mp.notified,
    held: mp.held,
    pending: due.notifications.length > 0,
    devices: devices.map((d) => ({ id: d.id, type: d.type, status: d.status, lastEventAt: d.lastEventAt ?? null, meterPoints: d.meterPoints })),
    history: indexed.map(([e]) => e),
  }
}
