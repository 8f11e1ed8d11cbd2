// The state database commands as a DSP team runs them (in-process, against the sources; a second
// process where one is needed): init, apply, notify
// --db, respond, release, export, explain, status, backup — outputs, exit codes, refusals that
// change nothing, and databases that cannot be used (not ours, damaged, too new, locked, read-only,
// full).
import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createHash } from 'node:crypto'
import { either as E } from 'fp-ts'
import Sqlite from 'better-sqlite3'
import * as Dxr from '../../src/wire/uklink/Dxr'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as Synthetic from '../../bench/Synthetic'
import { crashInventory, crashEvents } from './crashFixture'
import { ROOT, canMountPrivateDisk, runBin, runBinOnSmallDisk, tmpDir } from './support'
import { runCli } from '../cli/bin'

let dir: string
let inventory: string
let events: string
const gasOrg = '1234567890'
let n = 0
const fresh = (name: string): string => path.join(dir, `${name}-${++n}`)
const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const text = (b: Buffer): string => b.toString('utf8')

beforeAll(() => {
  dir = tmpDir('sqlite-commands')
  inventory = path.join(dir, 'inventory.json')
  events = path.join(dir, 'events.ndjson')
  fs.writeFileSync(inventory, JSON.stringify(crashInventory))
  fs.writeFileSync(events, crashEvents.map((e) => JSON.stringify(e)).join('\n') + '\n')
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const init = (db: string, ...more: string[]) => runCli(['init', '--db', db, '--inventory', inventory, '--gas-org', gasOrg, ...more])

describe('init', () => {
  it('creates the database, and refuses an existing file (left as it was)', async () => {
    const db = fresh('state.db')
    const r = await init(db)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/created with 65 meter points/)
    const before = sha(db)
    const again = await init(db)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already exists/)
    expect(sha(db)).toBe(before)
  })

  it('an invalid inventory: exit 1, every problem listed, no file left behind', async () => {
    const bad = path.join(dir, 'bad-inventory.json')
    fs.writeFileSync(bad, JSON.stringify({ meterPoints: [{ id: '1200023305967', flag: 'A' }, { id: '12' }], devices: [] }))
    const db = fresh('bad.db')
    const r = await runCli(['init', '--db', db, '--inventory', bad])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/meterPoints\[0\]\.effectiveFrom/)
    expect(r.stderr).toMatch(/meterPoints\[1\]\.id/)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(db)))).toEqual([])
  })

  it('a meter point linked but not listed: a warning, and it exists with no flag', async () => {
    const inv = path.join(dir, 'unlisted.json')
    fs.writeFileSync(inv, JSON.stringify({ meterPoints: [], devices: [{ id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'Commissioned', meterPoints: ['1200023305967'] }] }))
    const db = fresh('unlisted.db')
    const r = await runCli(['init', '--db', db, '--inventory', inv])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/warning: .*1200023305967/)
    expect(r.stderr).toMatch(/1 linked but not listed/)
    const exported = JSON.parse(text((await runCli(['export', '--db', db])).stdout)) as { meterPoints: unknown[] }
    expect(exported.meterPoints).toEqual([{ id: '1200023305967', flag: null, effectiveFrom: null, notified: null }])
  })

  it('usage errors are exit 2 and create nothing', async () => {
    const db = fresh('usage.db')
    expect((await runCli(['init', '--db', db])).code).toBe(2)
    expect((await runCli(['init', '--db', db, '--inventory', inventory, '--policy', 'nope'])).code).toBe(2)
    expect(fs.existsSync(db)).toBe(false)
    expect((await runCli(['init', '--help'])).code).toBe(0)
  })
})

describe('apply', () => {
  it('prints what replay prints for the same events; the same file again: every event a duplicate, no change', async () => {
    const db = fresh('apply.db')
    await init(db)
    const replayed = await runCli(['replay', '--inventory', inventory, '--events', events])
    const r = await runCli(['apply', '--db', db, '--events', events])
    expect(r.code, r.stderr).toBe(replayed.code)
    const got = JSON.parse(text(r.stdout)) as { changes: unknown[]; rejected: unknown[] }
    expect(got).toEqual(JSON.parse(text(replayed.stdout)))
    expect(got.changes.length).toBeGreaterThan(0)
    const again = await runCli(['apply', '--db', db, '--events', events])
    expect(again.code).toBe(1)
    const twice = JSON.parse(text(again.stdout)) as { changes: unknown[]; rejected: Array<{ code: string }> }
    expect(twice.changes).toEqual([])
    expect(twice.rejected.length).toBe(crashEvents.length)
    expect(new Set(twice.rejected.map((x) => x.code))).toEqual(new Set(['duplicate_event']))
  })

  it('a bad line is rejected with its code and the run goes on (exit 1)', async () => {
    const db = fresh('badline.db')
    await init(db)
    const file = path.join(dir, 'badline.ndjson')
    const lines = crashEvents.slice(0, 10).map((e) => JSON.stringify(e))
    lines.splice(3, 0, '{"eventId":"x","at":')
    fs.writeFileSync(file, lines.join('\n') + '\n')
    const r = await runCli(['apply', '--db', db, '--events', file])
    expect(r.code).toBe(1)
    const got = JSON.parse(text(r.stdout)) as { rejected: Array<{ code: string; message: string }> }
    expect(got.rejected).toHaveLength(1)
    expect(got.rejected[0]!.code).toBe('invalid_event')
    expect(got.rejected[0]!.message).toMatch(/^line 4:/)
    const status = JSON.parse(text((await runCli(['status', '--db', db, '--json'])).stdout)) as { appliedEvents: number }
    expect(status.appliedEvents).toBe(10)
  })
})

describe('notify --db, respond, release', () => {
  const notify = (db: string, out: string, now = '20240402060000') => runCli(['notify', '--db', db, '--out', out, '--now', now])
  const lines = (b: Buffer) => text(b).split('\n').filter((l) => l !== '')

  it('sends what is pending once, numbering each kind from its own counter; nothing pending: no file, exit 0', async () => {
    const db = fresh('notify.db')
    await init(db)
    await runCli(['apply', '--db', db, '--events', events])
    const out = fresh('out')
    const r = await notify(db, out)
    expect(r.code, r.stderr).toBe(0)
    const listed = lines(r.stdout)
    expect(listed.length).toBeGreaterThan(2)
    expect(fs.readdirSync(out).sort()).toEqual(listed.map((l) => l.split(' ')[0]).sort())
    expect(listed.filter((l) => l.startsWith('D0350_')).map((l) => l.split(' ')[0]!.slice(-14, -4))).toEqual(
      listed.filter((l) => l.startsWith('D0350_')).map((_, i) => String(i + 1).padStart(10, '0')),
    )
    expect(listed.filter((l) => l.startsWith('DXI_')).map((l) => l.split(' ')[0])).toEqual(['DXI_0000000001.txt'])
    const again = await notify(db, out, '20240403060000')
    expect(again.code).toBe(0)
    expect(text(again.stdout)).toBe('')
    expect(fs.readdirSync(out).length).toBe(listed.length)
  })

  it('refuses to overwrite a file: exit 1, nothing written or recorded, no number used', async () => {
    const db = fresh('refuse.db')
    await init(db)
    const out = fresh('out')
    fs.mkdirSync(out)
    fs.writeFileSync(path.join(out, 'DXI_0000000001.txt'), 'someone else')
    const r = await notify(db, out)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/DXI_0000000001\.txt: already exists/)
    expect(fs.readdirSync(out)).toEqual(['DXI_0000000001.txt'])
    const s = JSON.parse(text((await runCli(['status', '--db', db, '--json'])).stdout)) as { counters: { nextFileId: number; nextGeneration: number }; lastRuns: Array<{ command: string }> }
    expect(s.counters).toEqual({ nextFileId: 1, nextGeneration: 1 })
    expect(s.lastRuns.map((x) => x.command)).toEqual(['init'])
    fs.rmSync(path.join(out, 'DXI_0000000001.txt'))
    const ok = await notify(db, out)
    expect(ok.code).toBe(0)
    expect(text(ok.stdout)).toMatch(/^D0350_[A-Z]{4}_0000000001\.txt /)
  })

  it('refuses gas files without a gas organisation id, recording nothing', async () => {
    const db = fresh('nogas.db')
    await runCli(['init', '--db', db, '--inventory', inventory])
    const out = fresh('out')
    const r = await notify(db, out)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/no gas organisation id/)
    expect(fs.existsSync(out)).toBe(false)
  })

  it('an E46 RJ holds, AC confirms, other pairs are unmatched; the same bytes again change nothing; release makes it pending again', async () => {
    const db = fresh('respond.db')
    await init(db)
    const out = fresh('out')
    await notify(db, out)
    const dxi = Dxi.decode(fs.readFileSync(path.join(out, 'DXI_0000000001.txt')))
    if (E.isLeft(dxi)) throw new Error('DXI does not decode')
    const [first, second] = dxi.right.records
    const e46 = Dxr.encode(
      Dxr.make({
        header: { organisationId: '9876543210', creationDate: '20240402', creationTime: '180000', generationNumber: 17 },
        records: [
          { outcome: 'RJ', mprn: first!.mprn, flag: first!.flag, effectiveFrom: first!.effectiveFrom },
          { outcome: 'AC', mprn: second!.mprn, flag: second!.flag, effectiveFrom: second!.effectiveFrom },
          { outcome: 'AC', mprn: second!.mprn, flag: second!.flag === 'A' ? 'N' : 'A', effectiveFrom: second!.effectiveFrom },
          { outcome: 'AC', mprn: '0000000000', flag: 'A', effectiveFrom: '20240401' },
        ],
      }),
    )
    const file = path.join(dir, 'e46.txt')
    fs.writeFileSync(file, e46)
    const r = await runCli(['respond', '--db', db, file])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(text(r.stdout)) as { files: Array<{ organisation: string; alreadyApplied: boolean }>; confirmed: unknown[]; held: Array<{ meterPoint: string }>; unmatched: Array<{ reason: string }> }
    expect(report.files).toMatchObject([{ organisation: '9876543210', alreadyApplied: false }])
    expect(report.held.map((h) => h.meterPoint)).toEqual([first!.mprn])
    expect(report.confirmed).toHaveLength(1)
    expect(report.unmatched.map((u) => u.reason).sort()).toEqual(['not_last_sent', 'unknown_meter_point'])
    const again = await runCli(['respond', '--db', db, file])
    expect(again.code).toBe(0)
    expect(JSON.parse(text(again.stdout))).toMatchObject({ files: [{ alreadyApplied: true }], confirmed: [], held: [], unmatched: [] })

    // a hold survives export and init
    const exported = fresh('held.json')
    expect((await runCli(['export', '--db', db, '--out', exported])).code).toBe(0)
    const restored = fresh('restored.db')
    expect((await runCli(['init', '--db', restored, '--inventory', exported, '--gas-org', gasOrg])).code).toBe(0)
    expect(text((await runCli(['export', '--db', restored])).stdout)).toBe(fs.readFileSync(exported, 'utf8'))
    expect(fs.readFileSync(exported, 'utf8')).toContain('"held":{"flag"')

    const explained = await runCli(['explain', '--db', db, first!.mprn])
    expect(explained.code).toBe(0)
    expect(text(explained.stdout)).toMatch(/HELD/)
    expect(text(explained.stdout)).toMatch(/sent .* in DXI_0000000001\.txt/)
    expect(text(explained.stdout)).toMatch(/E46 RJ .* held/)

    const notHeld = await runCli(['release', '--db', db, first!.mprn, second!.mprn])
    expect(notHeld.code).toBe(1)
    expect(notHeld.stderr).toMatch(new RegExp(`${second!.mprn} is not held`))
    expect(text(notHeld.stdout)).toMatch(new RegExp(`released ${first!.mprn}`))
    const next = await notify(db, out, '20240403060000')
    expect(next.code).toBe(0)
    expect(lines(next.stdout)).toEqual(['DXI_0000000002.txt UKLINK 1'])
  })

  it('respond is all or nothing: one file that does not decode refuses them all', async () => {
    const db = fresh('allornothing.db')
    await init(db)
    const out = fresh('out')
    await notify(db, out)
    const dxi = Dxi.decode(fs.readFileSync(path.join(out, 'DXI_0000000001.txt')))
    if (E.isLeft(dxi)) throw new Error('DXI does not decode')
    const r0 = dxi.right.records[0]!
    const good = path.join(dir, 'good-e46.txt')
    fs.writeFileSync(good, Dxr.encode(Dxr.make({ header: { organisationId: '1', creationDate: '20240402', creationTime: '180000', generationNumber: 3 }, records: [{ outcome: 'RJ', mprn: r0.mprn, flag: r0.flag, effectiveFrom: r0.effectiveFrom }] })))
    const bad = path.join(dir, 'bad-e46.txt')
    fs.writeFileSync(bad, 'A00|not a response\n')
    const r = await runCli(['respond', '--db', db, good, bad])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/bad-e46\.txt:/)
    expect(r.stderr).toMatch(/nothing was applied/)
    const s = JSON.parse(text((await runCli(['status', '--db', db, '--json'])).stdout)) as { held: number }
    expect(s.held).toBe(0)
  })
})

describe('export and init', () => {
  it('init from an export gives the same state, counters included', async () => {
    const a = fresh('a.db')
    await init(a)
    await runCli(['apply', '--db', a, '--events', events])
    await runCli(['notify', '--db', a, '--out', fresh('out'), '--now', '20240402060000'])
    const inv = fresh('exported.json')
    expect((await runCli(['export', '--db', a, '--out', inv])).code).toBe(0)
    const b = fresh('b.db')
    const r = await runCli(['init', '--db', b, '--inventory', inv, '--gas-org', gasOrg])
    expect(r.code, r.stderr).toBe(0)
    const exportedA = (await runCli(['export', '--db', a])).stdout
    expect(text((await runCli(['export', '--db', b])).stdout)).toBe(text(exportedA))
    const counters = (JSON.parse(text(exportedA)) as { counters: { nextFileId: number; nextGeneration: number } }).counters
    expect(counters.nextFileId).toBeGreaterThan(1)
    expect(counters.nextGeneration).toBe(2)
    const back = await runCli(['init', '--db', fresh('c.db'), '--inventory', inv, '--first-file-id', '1'])
    expect(back.code).toBe(1)
    expect(back.stderr).toMatch(/may not go back/)
  })
})

describe('backup', () => {
  it('copies the whole database while another connection writes; the copy exports the same; an existing file is refused', async () => {
    const db = fresh('live.db')
    await init(db)
    await runCli(['apply', '--db', db, '--events', events])
    const writer = new Sqlite(db)
    writer.exec('BEGIN IMMEDIATE')
    writer.exec("INSERT INTO event (id) VALUES ('uncommitted')")
    try {
      const copy = fresh('backup.db')
      const r = await runCli(['backup', '--db', db, '--out', copy])
      expect(r.code, r.stderr).toBe(0)
      expect(text((await runCli(['export', '--db', copy])).stdout)).toBe(text((await runCli(['export', '--db', db])).stdout))
      const s = JSON.parse(text((await runCli(['status', '--db', copy, '--json'])).stdout)) as { appliedEvents: number }
      expect(s.appliedEvents).toBe(crashEvents.length) // the committed state, not the open transaction
      const again = await runCli(['backup', '--db', db, '--out', copy])
      expect(again.code).toBe(1)
      expect(again.stderr).toMatch(/already exists/)
      expect(fs.readdirSync(path.dirname(copy)).filter((f) => f.startsWith(path.basename(copy)) && f !== path.basename(copy))).toEqual([])
    } finally {
      writer.exec('ROLLBACK')
      writer.close()
    }
  })

  it('status and explain print text and JSON', async () => {
    const db = fresh('text.db')
    await init(db)
    const status = await runCli(['status', '--db', db])
    expect(status.code).toBe(0)
    expect(text(status.stdout)).toMatch(/schema version 1/)
    expect(text(status.stdout)).toMatch(/last runs:\n +1 init/)
    const mp = crashInventory.meterPoints[0]!.id
    const json = JSON.parse(text((await runCli(['explain', '--db', db, mp, '--json'])).stdout)) as { meterPoint: string; history: unknown[] }
    expect(json.meterPoint).toBe(mp)
    expect(json.history).toEqual([])
    expect(text((await runCli(['explain', '--db', db, mp])).stdout)).toMatch(new RegExp(`^${mp} \\((electricity|gas)\\): flag`))
    expect((await runCli(['explain', '--db', db, '1200023305967'])).code).toBe(1)
  })
})

describe('reconcile --db', () => {
  it('says what reconcile --inventory says about the same state, with and without --derive', async () => {
    const sample = path.join(ROOT, 'examples', 'data')
    const db = fresh('reconcile.db')
    expect((await runCli(['init', '--db', db, '--inventory', path.join(sample, 'inventory.json')])).code).toBe(0)
    for (const extra of [[], ['--derive'], ['--derive', '--policy', 'legacySec']]) {
      const fromDb = await runCli(['reconcile', '--db', db, '--registered', path.join(sample, 'registered.csv'), ...extra])
      const fromFile = await runCli(['reconcile', '--inventory', path.join(sample, 'inventory.json'), '--registered', path.join(sample, 'registered.csv'), ...extra])
      expect(fromDb.code, fromDb.stderr).toBe(0)
      expect(fromFile.code).toBe(0)
      expect(text(fromDb.stdout)).toBe(text(fromFile.stdout))
      expect(JSON.parse(text(fromDb.stdout)).length).toBeGreaterThan(100)
      expect(fromDb.stderr.split('\n').filter((l) => l.startsWith('reconcile'))).toEqual(fromFile.stderr.split('\n').filter((l) => l.startsWith('reconcile')))
    }
    expect((await runCli(['reconcile', '--db', db])).code).toBe(2)
    expect((await runCli(['reconcile', '--db', db, '--registered', path.join(sample, 'registered.csv'), '--policy', 'mp077'])).code).toBe(2)
  })
})

describe('databases that cannot be used: exit 1, a message saying which, the file untouched', () => {
  const statusOf = (db: string) => runCli(['status', '--db', db])
  it('not an SQLite file, not ours, an unknown schema version, missing', async () => {
    const junk = fresh('junk.db')
    fs.writeFileSync(junk, Buffer.alloc(4096, 7))
    const other = fresh('other.db')
    const o = new Sqlite(other)
    o.exec('CREATE TABLE t (x)')
    o.close()
    const newer = fresh('newer.db')
    await init(newer)
    const v = new Sqlite(newer)
    v.pragma('user_version = 99')
    v.close()
    for (const [file, why] of [[junk, /not an SQLite database/], [other, /not a dcc-flags state database/], [newer, /schema version 99/]] as const) {
      const before = sha(file)
      for (const args of [['status', '--db', file], ['apply', '--db', file, '--events', events], ['notify', '--db', file, '--out', fresh('out'), '--now', '20240402060000']]) {
        const r = await runCli(args)
        expect(r.code, args.join(' ')).toBe(1)
        expect(r.stderr).toMatch(why)
        expect(r.stderr).not.toMatch(/at .*\.js:\d+/)
      }
      expect(sha(file)).toBe(before)
    }
    expect((await statusOf(fresh('missing.db'))).stderr).toMatch(/no such database/)
  })

  it('locked by another run: the second waits for the busy timeout, then exit 1 "locked"; nothing changed', async () => {
    const db = fresh('locked.db')
    await init(db)
    const holder = new Sqlite(db)
    holder.exec('BEGIN IMMEDIATE')
    try {
      // the built command, as a second process would run it
      const r = runBin(['apply', '--db', db, '--events', events], { env: { DCC_FLAGS_BUSY_TIMEOUT_MS: '200' } })
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/locked by another run/)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    const s = JSON.parse(text((await runCli(['status', '--db', db, '--json'])).stdout)) as { appliedEvents: number }
    expect(s.appliedEvents).toBe(0)
  })

  // Read-only as a user meets it: the database file's mode forbids writing (its folder is the
  // user's). Root writes a file whatever its mode: under root the built command runs without the
  // capabilities that allow it, so the mode decides as it does for any other user.
  it('read-only (a file this user may not write): apply and notify --db exit 1 "read-only"; nothing changed, no file', async () => {
    const place = fs.mkdtempSync(path.join(os.tmpdir(), 'dcc-flags-read-only-'))
    try {
      const db = path.join(place, 'state.db')
      expect((await init(db)).code).toBe(0)
      fs.chmodSync(db, 0o444)
      const before = sha(db)
      const out = path.join(place, 'out')
      for (const args of [['apply', '--db', db, '--events', events], ['notify', '--db', db, '--out', out, '--now', '20240402060000']]) {
        const r = runBin(args, { fileModesBindRoot: true })
        expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1)
        expect(r.stderr).toMatch(/state\.db: the database is read-only/)
        expect(r.stderr).not.toMatch(/at .*\.js:\d+/)
      }
      expect(fs.existsSync(out)).toBe(false)
      expect(sha(db)).toBe(before)
    } finally {
      fs.rmSync(place, { recursive: true, force: true })
    }
  })

  // A full disk, for real: the command runs with the database on a small disk of its own (a tmpfs
  // mounted in a private user and mount namespace: no privileges, nothing else on the machine sees
  // it), so SQLite's write-ahead log meets ENOSPC as on any full disk. The files go to a folder on
  // the ordinary disk: it is the database that is full. CI requires the namespace; elsewhere, where
  // unprivileged user namespaces are not allowed, the test is skipped and says why.
  const privateDisk = canMountPrivateDisk()
  if (!privateDisk && process.env.CI) throw new Error('CI: the full-disk test needs unshare --user --mount (unprivileged user namespaces)')
  it.skipIf(!privateDisk)(`full (the disk of the database)${privateDisk ? '' : ' [SKIPPED: this system refuses unshare --user --mount]'}: apply and notify --db exit 1 "full"; nothing changed, no file; with room the same runs succeed`, async () => {
    const big = Synthetic.inventory({ mpans: 3000, mprns: 2000, seed: 3 })
    const inv = path.join(dir, 'never-sent.json')
    fs.writeFileSync(inv, JSON.stringify({ ...big, meterPoints: big.meterPoints.map((mp) => ({ ...mp, notified: null })) }))
    const db = fresh('full.db')
    expect((await runCli(['init', '--db', db, '--inventory', inv, '--gas-org', gasOrg])).code).toBe(0)
    const growth = path.join(dir, 'growth.ndjson')
    fs.writeFileSync(
      growth,
      Array.from({ length: 5000 }, (_, i) => {
        const id = `00-AA-00-00-00-${((i >> 8) & 255).toString(16).padStart(2, '0').toUpperCase()}-${(i & 255).toString(16).padStart(2, '0').toUpperCase()}-00`
        return JSON.stringify({ eventId: `g${i}`, at: '2024-04-01T10:00:00Z', type: 'DeviceRegistered', deviceId: id, deviceType: 'IHD' })
      }).join('\n') + '\n',
    )
    const statusOfDb = async () => JSON.parse(text((await runCli(['status', '--db', db, '--json'])).stdout)) as { pending: number; appliedEvents: number; counters: unknown; devices: unknown }
    const before = await statusOfDb()
    expect(before.pending).toBeGreaterThan(1000)
    const beforeBytes = sha(db)
    const out = fresh('full-out')
    const runs = [['apply', '--db', db, '--events', growth], ['notify', '--db', db, '--out', out, '--now', '20240402060000', '--max-records', '100']]
    for (const args of runs) {
      // 64 KiB free: the write-ahead log's index takes 32 KiB of it, the log itself soon the rest.
      const r = runBinOnSmallDisk(db, 64 * 1024, (onDisk) => args.map((a) => (a === db ? onDisk : a)))
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1)
      expect(r.stderr).toMatch(/state\.db: the database or its disk is full/)
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/)
    }
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([])
    expect(fs.existsSync(`${db}-wal`)).toBe(false)
    expect(sha(db)).toBe(beforeBytes)
    expect(await statusOfDb()).toEqual(before)
    // the state is whole: with room, the same runs apply everything and send everything
    for (const args of runs) expect((await runCli(args)).code, args[0]).toBe(0)
    const after = await statusOfDb()
    expect(after.appliedEvents).toBe(5000)
    expect(after.pending).toBe(0)
  })
})
