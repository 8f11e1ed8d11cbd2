// The bench harness's tests that are slow by nature (moved from test/bench/bench.test.ts to
// npm run test:slow): every codec measure runs on tiny inputs, and sideBySide interleaves and
// repeats short cases (it times real samples of at least Lib.MIN_SAMPLE_NS each).
import { describe, expect, it } from 'vitest'
import * as Lib from '../../bench/lib'
import * as Codecs from '../../bench/measures/codecs'

describe('timing helpers', () => {
  it('sideBySide runs every case warmup + runs times, interleaved; short cases repeat within a sample', async () => {
    const calls: string[] = []
    const ns = await Lib.sideBySide(
      { a: () => calls.push('a'), slow: () => new Promise((r) => setTimeout(() => r(calls.push('slow')), Lib.MIN_SAMPLE_NS / 1e6 + 2)) },
      { runs: 3, warmup: 1 },
    )
    // the slow case once per round; the fast one once in warm-up, then as often as fits (at most 64)
    expect(calls.filter((c) => c === 'slow')).toHaveLength(4)
    expect(calls.filter((c) => c === 'a')).toHaveLength(1 + 3 * 64)
    // the order rotates: round 0 starts with a, round 1 with slow
    expect(calls.slice(0, 3)).toEqual(['a', 'slow', 'slow'])
    expect(Object.keys(ns).sort()).toEqual(['a', 'slow'])
    expect(ns.a).toBeGreaterThan(0)
    // a sample is per call: the fast case's is far below the slow one's
    expect(ns.a).toBeLessThan(ns.slow! / 100)
  })

})

describe('codec measures', () => {
  const tiny: Lib.Context = Lib.context({ quick: true, runs: 1, warmup: 0, bytes: 3000, log: () => undefined })

  it('every measure runs and reports positive figures for ours and each peer', async () => {
    for (const m of Codecs.measures) {
      const o = await m.run(tiny)
      expect(o.ours, m.name).toBeGreaterThan(0)
      expect(Object.keys(o.peers).length, m.name).toBeGreaterThan(0)
      for (const g of m.goals ?? []) expect(o.peers[g.peer], `${m.name} ${g.peer}`).toBeGreaterThan(0)
    }
  })

})
