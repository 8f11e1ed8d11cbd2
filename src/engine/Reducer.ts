/**
 * The reducer: a pure, total left fold of events over a {@link State.State}. Every event ends up
 * applied or rejected (docs/contract.md codes, first in precedence order wins); a rejected event changes
 * nothing, not even the applied event ids. After each applied event the policy derives the flag of
 * every meter point the event touched, and each difference becomes a `Model.Change` (several per
 * event in meter point id order; several per day all kept, in event order).
 *
 * A fold costs O(events), never O(inventory), and the state it starts from stays as it was. Events
 * come as decoded objects ({@link reduce}) or as NDJSON text ({@link replayNdjson}), read straight
 * into codes without an object per event; {@link begin} gives the fold itself, to push events or
 * lines one at a time. Changes are kept in typed arrays until the caller reads them. One fold
 * applies at most 134,217,727 events (2^27 − 1; fold a longer history in several folds).
 *
 * @since 0.1.0
 */
import type * as Instant from '../identifiers/Instant'
import type * as Lifecycle from './Lifecycle'
import type { Change as ModelChange } from './model/Change'
import type { Event } from './model/Event'
import type { Rejection } from './model/Rejection'
import type * as Policy from './policy/Policies'
import { materialize } from './reduce/Changes'
import { Fold as CodeFold } from './reduce/Fold'
import * as State from './State'
import { ofRef, toRef } from './store/Handle'

/**
 * How to reduce: the policy (`mp077` by default), the lifecycle table (`strict` by default), and
 * the caller's clock reading `asOf` (none by default): given, an event whose `at` is later is
 * rejected `future_event`. An `asOf` that is not an instant is a programmer error and throws.
 *
 * @since 0.1.0
 * @category model
 */
export interface Options {
  readonly policy?: Policy.Policy
  readonly lifecycle?: Lifecycle.Lifecycle
  readonly asOf?: Instant.Instant
}

/** A flag change (`Model.Change`; this name stays for existing code). @since 0.1.0 @category model */
export type Change = ModelChange

/** What a fold returns. `changes` are made into objects the first time they are read. @since 0.1.0 @category model */
export interface Result {
  readonly state: State.State
  readonly changes: ReadonlyArray<Change>
  readonly rejected: ReadonlyArray<Rejection>
}

/** A fold in progress (a transient): push events in order, then finish once. @since 0.1.0 @category model */
export interface Fold {
  /** Applies or rejects one decoded event. */
  readonly push: (event: Event) => void
  /** Parses one NDJSON line (1-based number) and pushes the event, or records an `invalid_event`. */
  readonly pushLine: (line: string, lineNo: number) => void
  /**
   * Pushes every non-empty line of NDJSON text (a trailing `\r` dropped from each), the first
   * numbered `firstLine` (1 by default); returns the number of the last line read.
   */
  readonly pushText: (text: string, firstLine?: number) => number
  /** {@link Fold.pushText} on NDJSON text as UTF-8 bytes (as read from a file): no string is made of a plain line. */
  readonly pushBytes: (bytes: Uint8Array, firstLine?: number) => number
  /** Records a rejection made elsewhere (e.g. by another parser), in input order. */
  readonly reject: (rejection: Rejection) => void
  /** The new state and everything collected. The fold cannot be used afterwards. */
  readonly finish: () => Result
  /** How many changes and rejections it has collected so far (to tell which event caused which). */
  readonly counts: () => readonly [changes: number, rejected: number]
}

const resultOf = (fold: CodeFold): Result => {
  const state = ofRef(fold.end())
  const buffer = fold.changes
  const keys = fold.mpF
  const ids = fold.ids
  const name = fold.policyName
  let changes: ReadonlyArray<Change> | null = null
  return {
    state,
    get changes(): ReadonlyArray<Change> {
      if (changes === null) changes = materialize(buffer, keys, ids, name)
      return changes
    },
    rejected: fold.rejected,
  }
}

const start = (state: State.State, options: Options | undefined, expectedEvents = 0): Fold => {
  const fold = new CodeFold(toRef(state), options, expectedEvents)
  return {
    push: (e) => fold.push(e),
    pushLine: (line, lineNo) => fold.pushLine(line, lineNo),
    pushText: (text, firstLine) => fold.pushText(text, firstLine),
    pushBytes: (bytes, firstLine) => fold.pushBytes(bytes, firstLine),
    reject: (r) => fold.reject(r),
    counts: () => fold.counts(),
    finish: () => resultOf(fold),
  }
}

/**
 * Starts a fold (a transient) from `state`; `state` itself is never changed.
 *
 * @example
 * import { Policy, Reducer, State } from 'dcc-service-flags'
 * const fold = Reducer.begin(State.empty, { policy: Policy.mp077 })
 * fold.pushLine('{"eventId":"e1","at":"2024-03-01T10:00:00Z","type":"DeviceRegistered","deviceId":"00-0D-6F-00-00-00-00-01","deviceType":"ESME"}', 1)
 * const { state: next, changes, rejected } = fold.finish()
 * @since 0.1.0
 * @category constructors
 */
export const begin = (state: State.State, options?: Options): Fold => start(state, options)

/**
 * Folds decoded events over `state`: the new state, the flag changes and the rejected events.
 * Pure and total; the input state is not changed.
 *
 * @example
 * import { Policy, Reducer, State } from 'dcc-service-flags'
 * import type { Model } from 'dcc-service-flags'
 * const events: ReadonlyArray<Model.Event> = []
 * const { state: next, changes, rejected } = Reducer.reduce(State.empty, events, { policy: Policy.dspAsBuilt })
 * @since 0.1.0
 * @category combinators
 */
export const reduce = (state: State.State, events: Iterable<Event>, options?: Options): Result => {
  const list = Array.isArray(events) ? (events as ReadonlyArray<Event>) : null
  const fold = new CodeFold(toRef(state), options, list === null ? 0 : list.length)
  if (list !== null) for (let i = 0; i < list.length; i++) fold.push(list[i]!)
  else for (const e of events) fold.push(e)
  return resultOf(fold)
}

/**
 * Parses NDJSON event text (a string, or UTF-8 bytes as read from a file) and folds it over `state`
 * in one pass: each plain line is read straight into codes (no object, no string per event);
 * malformed lines (and, in bytes, lines that are not UTF-8) become `invalid_event` rejections in
 * input order, and the rest of the stream still runs.
 *
 * @example
 * import { Reducer, State } from 'dcc-service-flags'
 * const text = '{"eventId":"e1","at":"2024-03-01T10:00:00Z","type":"DeviceRegistered","deviceId":"00-0D-6F-00-00-00-00-01","deviceType":"ESME"}\n'
 * const { changes, rejected } = Reducer.replayNdjson(State.empty, text)
 * @since 0.1.0
 * @category combinators
 */
export const replayNdjson = (state: State.State, text: string | Uint8Array, options?: Options): Result => {
  const fold = new CodeFold(toRef(state), options, text.length >> 7)
  if (typeof text === 'string') fold.pushText(text)
  else fold.pushBytes(text)
  return resultOf(fold)
}
