/**
 * Example: replay a day of SMI events over the inventory and emit the registry files (D0350 per
 * MPAS, DXI for gas) for every flag the registries have not been told yet.
 *
 *   node scripts/run-ts.mjs examples/replay-and-emit.ts [OUT_DIR] [--day YYYYMMDD] [--data DIR]
 *
 * Reads the bundled sample (`examples/data`, run from the package root) unless `--data` says
 * otherwise. The state at the start of the day is the inventory with the earlier days replayed; the
 * day's flag changes are listed, then the files are built and, when OUT_DIR is given, written there.
 * The library never reads the clock: the files' timestamp and first file id are passed in.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import { Instant, Model, Outbox, Policy, Reducer, State } from '../src/index'

/** What the run produced. */
export interface Emitted {
  readonly day: string
  readonly changes: ReadonlyArray<Reducer.Change>
  readonly rejected: number
  readonly files: ReadonlyArray<{ readonly name: string; readonly records: number; readonly bytes: Uint8Array }>
  readonly lines: ReadonlyArray<string>
}

const option = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const i = args.indexOf(name)
  return i === -1 ? undefined : args[i + 1]
}

/** The London date of an NDJSON event line's `at`, or null when it has none that can be read. */
const dayOf = (line: string): string | null => {
  try {
    const at = (JSON.parse(line) as { at?: unknown }).at
    return typeof at === 'string' ? Instant.londonDate(at) : null
  } catch {
    return null
  }
}

/** Replays the events up to the end of `--day` (default the sample's first day) and builds the files. */
export const main = async (args: ReadonlyArray<string>, print: (line: string) => void = console.log): Promise<Emitted> => {
  const lines: string[] = []
  const say = (s: string): void => {
    lines.push(s)
    print(s)
  }
  const data = option(args, '--data') ?? path.join('examples', 'data')
  const day = option(args, '--day') ?? '20240301'
  const outDir = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--')))

  // The inventory: decoded and checked (errors are data, with the path of each problem).
  const inventory = Model.parseInventory(fs.readFileSync(path.join(data, 'inventory.json'), 'utf8'))
  if (E.isLeft(inventory)) throw new Error(`invalid inventory:\n${inventory.left.join('\n')}`)
  const start = State.fromInventory(inventory.right)

  // Events are in time order: split the stream into the days before `day` and `day` itself.
  const all = fs.readFileSync(path.join(data, 'events.ndjson'), 'utf8').split('\n')
  const before: string[] = []
  const today: string[] = []
  for (const line of all) {
    if (line === '') continue
    const d = dayOf(line)
    if (d !== null && d > day) break
    ;(d !== null && d === day ? today : before).push(line)
  }
  const earlier = Reducer.replayNdjson(start, before.join('\n'), { policy: Policy.mp077 })
  const result = Reducer.replayNdjson(earlier.state, today.join('\n'), { policy: Policy.mp077 })
  say(`${day}: ${today.length} events, ${result.changes.length} flag changes, ${result.rejected.length} rejected`)
  for (const c of result.changes.slice(0, 5)) say(`  ${c.meterPoint} ${c.from ?? '-'} → ${c.to} from ${c.effectiveFrom} (event ${c.eventId})`)
  if (result.changes.length > 5) say(`  … and ${result.changes.length - 5} more`)

  // The outbox: what is pending (flag and date differ from what was notified), grouped per registry.
  const pending = Outbox.pending(result.state)
  const plan = Outbox.plan(pending.notifications)
  const built = Outbox.build(plan.files, { firstFileId: 1, firstGeneration: 1, now: `${day}235900`, gasOrganisationId: '1234567890' })
  if (E.isLeft(built)) throw new Error(built.left.join('\n'))
  say(`${pending.notifications.length} pending notifications → ${built.right.files.length} files`)
  for (const f of built.right.files) say(`  ${f.name}: ${f.recordCount} records to ${f.registry}`)
  if (outDir !== undefined) {
    fs.mkdirSync(outDir, { recursive: true })
    for (const f of built.right.files) fs.writeFileSync(path.join(outDir, f.name), f.bytes)
    say(`written to ${outDir}`)
  }
  // Once the files are sent, record it so the next run does not send them again.
  const sent = Outbox.recordSent(result.state, built.right.files.flatMap((f) => f.notifications))
  say(`recorded as sent: ${sent.recorded}; still pending afterwards: ${Outbox.pending(sent.state).notifications.length}`)
  return {
    day,
    changes: result.changes,
    rejected: result.rejected.length,
    files: built.right.files.map((f) => ({ name: f.name, records: f.recordCount, bytes: f.bytes })),
    lines,
  }
}

if (process.argv[1]?.endsWith('replay-and-emit.ts')) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e)
    process.exitCode = 1
  })
}
