// Progress goes to stderr only when it is a terminal, and only once a run has lasted a second.
import { describe, expect, it } from 'vitest'
import { progress, type Io } from '../../src/cli/Io'

const fakeIo = (tty: boolean, clock: { now: number }, err: string[]): Io => ({
  stdout: () => undefined,
  flush: async () => undefined,
  stderr: (s) => {
    err.push(s)
  },
  readBytes: async () => new Uint8Array(),
  readStream: () => (async function* () {})(),
  writeFileAtomic: () => undefined,
  mkdirp: () => undefined,
  stderrIsTty: tty,
  monotonicMs: () => clock.now,
})

describe('progress', () => {
  it('says nothing in the first second, then ticks, then ends the line', () => {
    const clock = { now: 0 }
    const err: string[] = []
    const bar = progress(fakeIo(true, clock, err), 'replay')
    clock.now = 500
    bar.tick(10)
    expect(err).toEqual([])
    clock.now = 1500
    bar.tick(20_000, 40_000)
    expect(err.join('')).toContain('replay: 20,000 / 40,000')
    bar.done()
    expect(err[err.length - 1]).toBe('\n')
  })
  it('says nothing at all when stderr is not a terminal', () => {
    const clock = { now: 0 }
    const err: string[] = []
    const bar = progress(fakeIo(false, clock, err), 'replay')
    clock.now = 5000
    bar.tick(1)
    bar.done()
    expect(err).toEqual([])
  })
})
