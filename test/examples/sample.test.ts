// `npm run sample`, exactly as the README shows it (with a smaller size and a temporary folder):
// it writes a sample that the library reads back valid, and refuses bad options with exit 2.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { readState } from '../../src/io'
import { ROOT, tmpDir } from '../cli/bin'

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const shown = /^npm run sample -- (.+)$/m.exec(readme)

const npmRun = (args: ReadonlyArray<string>) =>
  spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'sample', '--', ...args], { cwd: ROOT, encoding: 'utf8' })

describe('npm run sample (the README command)', () => {
  it('the README shows it', () => {
    expect(shown).not.toBeNull()
  })

  it('writes inventory.json, events.ndjson, registered.csv and manifest.json; the inventory reads back valid', async () => {
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
    const dir = path.join(tmpDir('sample'), 'out')
    // The README's arguments, with a temporary folder for its DIR and 1,000 meter points.
    const args = shown![1]!.split(/\s+/)
    args[0] = dir
    args[args.indexOf('--meter-points') + 1] = '1000'
    const r = npmRun(args)
    expect(r.status, r.stderr).toBe(0)
    expect(fs.readdirSync(dir).sort()).toEqual(['events.ndjson', 'inventory.json', 'manifest.json', 'registered.csv'])
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { options: { meterPoints: number; seed: string } }
    expect(manifest.options.meterPoints).toBe(1000)
    const { report } = await readState(fs.createReadStream(path.join(dir, 'inventory.json')), { file: 'inventory.json' })
    expect(report.problems).toEqual([])
    expect(report.meterPoints).toBeGreaterThanOrEqual(1000)
    expect(fs.statSync(path.join(dir, 'events.ndjson')).size).toBeGreaterThan(0)
  })

  it('a bad option is exit 2 with the usage, and nothing is written', () => {
    const dir = path.join(tmpDir('sample-bad'), 'out')
    for (const bad of [['--meter-points', 'lots'], ['--colour', 'red']]) {
      const r = npmRun([dir, ...bad])
      expect(r.status).toBe(2)
      expect(r.stderr).toContain('usage: npm run sample')
      expect(fs.existsSync(dir)).toBe(false)
    }
  })
})
