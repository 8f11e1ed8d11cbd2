// The scenario fixtures (test/fixtures/scenarios, format below), each under every policy. Their
// expected outputs were worked out by hand from docs/rules.md and docs/contract.md, never copied
// from a run. Each scenario runs three ways that must all give them: decoded events through
// `Reducer.reduce`, NDJSON text and bytes through `Reducer.replayNdjson` (the line scanner), and the
// test oracle (test/oracle). The command line's tests replay the same files (test/cli).
import { describe, it, expect } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { either as E } from 'fp-ts'
import * as Instant from '../../src/identifiers/Instant'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import * as Oracle from '../oracle/Oracle'

/**
 * A scenario fixture: one JSON file, named after its `name`. Optional fields are absent when unused.
 */
interface Scenario {
  readonly name: string
  /** What it shows, and why each expected output is what it is. */
  readonly description: string
  /** The inventory, as `--inventory` reads it. */
  readonly inventory: unknown
  /**
   * The fold's clock reading (an instant with an offset): an event later than it is rejected
   * `future_event`. It is `Reducer.Options.asOf`, `replay --as-of`, and `notify --now` (written in
   * London time). Absent: the fold has no clock and no event is from the future.
   */
  readonly asOf?: string
  /**
   * An invalid inventory's problems, in inventory order: nothing is replayed, and `expect` is
   * absent. Absent: the inventory is valid.
   */
  readonly inventoryErrors?: ReadonlyArray<Problem>
  /** The inventory's warnings (meter points linked but not listed), by the device that links each first. Absent: none. */
  readonly inventoryWarnings?: ReadonlyArray<Problem>
  /** The events, one object each (an NDJSON line once serialised); one that is no valid event is rejected `invalid_event`. */
  readonly events: ReadonlyArray<unknown>
  /** For each built-in policy, the changes and the rejections (event id and code), in order. */
  readonly expect?: Record<string, Expected>
}

/** An inventory problem or warning: its path (the message up to the first `: `) and words the message names. */
interface Problem {
  readonly path: string
  readonly mentions?: ReadonlyArray<string>
}

interface Expected {
  readonly changes: ReadonlyArray<Model.Change>
  readonly rejected: ReadonlyArray<{ readonly eventId: string | null; readonly code: Model.RejectionCode }>
}

const dir = join(__dirname, '..', 'fixtures', 'scenarios')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const scenarios: Scenario[] = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario)
const runnable = scenarios.filter((s) => s.expect !== undefined)
const cases = runnable.flatMap((s) => Policy.names.map((p) => [s.name, p, s] as const))

const inventoryOf = (s: Scenario): Model.Inventory => {
  const inv = Model.decodeInventory(s.inventory)
  if (E.isLeft(inv)) throw new Error(inv.left.join('\n'))
  return inv.right
}
const optionsOf = (s: Scenario, policyName: string): Reducer.Options => {
  const policy = Policy.fromName(policyName)!
  return s.asOf === undefined ? { policy } : { policy, asOf: s.asOf as Instant.Instant }
}
const linesOf = (s: Scenario): string[] => s.events.map((e) => JSON.stringify(e))
/** What a run gave, in the fixtures' terms. */
const outcome = (changes: ReadonlyArray<Model.Change>, rejected: ReadonlyArray<Model.Rejection>): Expected => ({
  changes,
  rejected: rejected.map((r) => ({ eventId: r.eventId, code: r.code })),
})
const expectProblems = (messages: ReadonlyArray<string>, expected: ReadonlyArray<Problem>): void => {
  expect(messages.map((m) => m.slice(0, m.indexOf(': ')))).toEqual(expected.map((p) => p.path))
  expected.forEach((p, i) => {
    for (const word of p.mentions ?? []) expect(messages[i]).toContain(word)
  })
}

describe('scenarios (test/fixtures/scenarios) under every policy', () => {
  it('covers every scenario file and every policy; each file is well formed', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(8)
    scenarios.forEach((s, i) => {
      expect(`${s.name}.json`).toBe(files[i])
      expect(s.description.length, s.name).toBeGreaterThan(0)
      if (s.asOf !== undefined) expect(Instant.isValid(s.asOf), s.name).toBe(true)
      if (s.inventoryErrors !== undefined) {
        expect(s.inventoryErrors.length, s.name).toBeGreaterThan(0)
        expect(s.expect, `${s.name}: an invalid inventory replays nothing`).toBeUndefined()
      } else {
        expect(Object.keys(s.expect ?? {}).sort(), s.name).toEqual([...Policy.names].sort())
      }
    })
  })

  it.each(scenarios.map((s) => [s.name, s] as const))('%s: the inventory has exactly the expected problems or warnings', (_name, s) => {
    const r = Model.decodeInventoryWithWarnings(s.inventory)
    if (s.inventoryErrors !== undefined) {
      expect(E.isLeft(r)).toBe(true)
      if (E.isLeft(r)) expectProblems(r.left, s.inventoryErrors)
      return
    }
    if (E.isLeft(r)) throw new Error(r.left.join('\n'))
    expectProblems(r.right.warnings, s.inventoryWarnings ?? [])
  })

  it.each(cases)('%s under %s', (_name, policyName, s) => {
    const state = State.fromInventory(inventoryOf(s))
    const parsed = linesOf(s).map((line, i) => Model.parseEventLine(line, i + 1))
    const events = parsed.flatMap((p) => (E.isRight(p) ? [p.right] : []))
    let out: Reducer.Result
    if (events.length === parsed.length) out = Reducer.reduce(state, events, optionsOf(s, policyName))
    else {
      // an invalid event is recorded where it stands, as the command line does
      const fold = Reducer.begin(state, optionsOf(s, policyName))
      for (const p of parsed) {
        if (E.isLeft(p)) fold.reject(p.left)
        else fold.push(p.right)
      }
      out = fold.finish()
    }
    expect(outcome(out.changes, out.rejected)).toEqual(s.expect![policyName])
  })

  it.each(cases)('%s under %s: NDJSON replay, as text and as bytes, gives the same', (_name, policyName, s) => {
    const text = linesOf(s).join('\n') + '\n'
    const state = State.fromInventory(inventoryOf(s))
    for (const input of [text, new TextEncoder().encode(text)]) {
      const out = Reducer.replayNdjson(state, input, optionsOf(s, policyName))
      expect(outcome(out.changes, out.rejected)).toEqual(s.expect![policyName])
    }
  })

  it.each(cases)('%s under %s: the oracle gives the same', (_name, policyName, s) => {
    let o = Oracle.fromInventory(inventoryOf(s))
    const changes: Model.Change[] = []
    const rejected: Model.Rejection[] = []
    linesOf(s).forEach((line, i) => {
      const p = Model.parseEventLine(line, i + 1)
      if (E.isLeft(p)) rejected.push(p.left)
      else {
        const r = Oracle.reduce(o, [p.right], optionsOf(s, policyName))
        o = r.state
        changes.push(...r.changes)
        rejected.push(...r.rejected)
      }
    })
    expect(outcome(changes, rejected)).toEqual(s.expect![policyName])
  })
})
