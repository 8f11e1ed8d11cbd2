// What the crash tests share: a template database with notifications pending, the uninterrupted
// reference run, a snapshot of a folder (hidden files included) and the database's record of what
// was sent. A kill is followed by a run in process; the folder and the record must equal the
// reference's.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { build } from 'esbuild'
import * as Model from '../../src/engine/Model'
import { Apply, Database, Notify } from '../../src/sqlite'
import { createFrom, right, ROOT } from './support'
import { crashEvents, crashInventory } from './crashFixture'

export const NOW = '20240402060000'

/** Every file under a folder (hidden ones too) with its bytes, by relative path. */
export const snapshot = (root: string): Record<string, string> => {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) {
        out[path.relative(root, p) + '/'] = ''
        walk(p)
      } else out[path.relative(root, p)] = fs.readFileSync(p).toString('latin1')
    }
  }
  walk(root)
  return out
}

/** What the database says was sent: how many times each meter point (a set of counts), the total, the counters, the files left to move. */
export const recorded = async (file: string) => {
  const db = right(await Database.open(file))
  try {
    const rows = db.connection.prepare('SELECT mp, count(*) FROM notification GROUP BY mp').raw(true).all() as Array<[number, number]>
    const sent = db.connection.prepare('SELECT count(*) FROM notification').pluck(true).get() as number
    return { perMeterPoint: new Set(rows.map(([, n]) => n)), sent, counters: Database.counters(db), unplaced: db.connection.prepare('SELECT count(*) FROM file WHERE placed = 0').pluck(true).get() }
  } finally {
    Database.close(db)
  }
}

export const runInProcess = async (file: string, out: string) => {
  const db = right(await Database.open(file))
  try {
    return right(await Notify.notify(db, { out, now: NOW }))
  } finally {
    Database.close(db)
  }
}

export interface Harness {
  readonly dir: string
  /** The bundled child that kills itself after a step: `node child DB OUT NOW STEP INDEX`. */
  readonly child: string
  readonly copyDb: (name: string) => string
  readonly fileCount: number
  readonly reference: { readonly files: Record<string, string>; readonly recorded: Awaited<ReturnType<typeof recorded>> }
}

/** A template database (the fixture's inventory and events applied), a reference run, the child bundled. */
export const harness = async (dir: string): Promise<Harness> => {
  const child = path.join(dir, 'notify-child.mjs')
  await build({
    entryPoints: [path.join(__dirname, 'notify-child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // the state database imports the core and the edge by the package's name: the sources, here
    alias: { 'dcc-service-flags': path.join(ROOT, 'src/index.ts'), 'dcc-service-flags/node': path.join(ROOT, 'src/node.ts') },
    logLevel: 'warning',
  })
  const template = path.join(dir, 'template.db')
  const db = await createFrom(template, crashInventory, { settings: { policy: 'mp077', switches: { electricity: true, gas: true }, routes: {}, gasOrganisationId: '1234567890' } })
  right(await Apply.apply(db, crashEvents.map((e, i) => Model.parseEventLine(JSON.stringify(e), i + 1))))
  Database.close(db)
  const copyDb = (name: string): string => {
    const to = path.join(dir, name)
    fs.copyFileSync(template, to)
    return to
  }
  const out = path.join(dir, 'reference')
  const r = await runInProcess(copyDb('reference.db'), out)
  return { dir, child, copyDb, fileCount: r.files.length, reference: { files: snapshot(out), recorded: await recorded(path.join(dir, 'reference.db')) } }
}

/** The kill points: after each step of the protocol, per file for the per-file steps. */
export const killPoints = (fileCount: number): Array<[string, string]> => [
  ['recovered', '-'],
  ['planned', '-'],
  ...Array.from({ length: fileCount }, (_, i): [string, string] => ['staged-file', String(i)]),
  ['staged', '-'],
  ['committed', '-'],
  ...Array.from({ length: fileCount }, (_, i): [string, string] => ['moved-file', String(i)]),
  ['cleaned', '-'],
  ['marked', '-'],
]
