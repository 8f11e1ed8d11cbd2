// NDJSON lines from bytes: chunk-blind, the same lines as the engine's forEachLine on the decoded
// text, and a line that is not UTF-8 reported by number and byte offset (never read with U+FFFD).
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { forEachLine, MAX_LINE_BYTES } from '../../src/io/NdjsonLines'
import { Model } from '../../src/engine'
import { cuts, split as splitAt } from '../arbitraries/uklink'

type Seen = Array<readonly [number, string, 'line' | 'invalid']>
const read = async (chunks: Iterable<Uint8Array>): Promise<Seen> => {
  const seen: Seen = []
  await forEachLine(chunks, { line: (t, n) => seen.push([n, t, 'line']), invalid: (n, m) => seen.push([n, m, 'invalid']) })
  return seen
}

const textLines = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, '')), fc.constant('')), { maxLength: 12 })

describe('forEachLine', () => {
  fcTest.prop([textLines, fc.constantFrom('\n', '\r\n'), fc.boolean(), cuts])(
    'UTF-8 text, any split: the lines of Model.forEachLine on the text',
    async (lines, eol, last, c) => {
      const text = lines.join(eol) + (last ? eol : '')
      const expected: Seen = []
      Model.forEachLine(text, (line, n) => expected.push([n, line, 'line']))
      expect(await read(splitAt(new TextEncoder().encode(text), c))).toEqual(expected)
    },
  )

  fcTest.prop([fc.array(fc.oneof(fc.constant('{"a":1}'), fc.constant('\xff\xfe'), fc.constant('é'), fc.constant('\xc3(')), { maxLength: 8 }), cuts])(
    'a bad byte spoils only its line, the same under any split',
    async (lines, c) => {
      const bytes = Buffer.from(lines.map((l) => (l === 'é' ? Buffer.from(l, 'utf8').toString('latin1') : l)).join('\n'), 'latin1')
      const whole = await read([bytes])
      expect(await read(splitAt(bytes, c))).toEqual(whole)
      const invalid = whole.filter(([, , k]) => k === 'invalid').map(([n]) => n)
      const expectedInvalid = lines.flatMap((l, i) => (l === '\xff\xfe' || l === '\xc3(' ? [i + 1] : []))
      expect(invalid).toEqual(expectedInvalid)
    },
  )

  it('names the line and the byte offset of the bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":1}\n{"b":"'), Buffer.from([0xff]), Buffer.from('"}\n')])
    expect(await read([bytes])).toEqual([
      [1, '{"a":1}', 'line'],
      [2, 'line 2: not UTF-8: byte 0xFF at byte offset 14', 'invalid'],
    ])
  })

  it('drops a byte-order mark at the start of the first line only', async () => {
    expect(await read([Buffer.from('\ufeff{"a":1}\n\ufeffx', 'utf8')])).toEqual([
      [1, '{"a":1}', 'line'],
      [2, '\ufeffx', 'line'],
    ])
  })

  it('reports a line longer than MAX_LINE_BYTES without holding it, and reads on', async () => {
    const chunk = Buffer.alloc(1 << 20, 0x61)
    function* source(): Generator<Uint8Array> {
      yield Buffer.from('{"first":1}\n')
      for (let i = 0; i <= MAX_LINE_BYTES >> 20; i++) yield chunk
      yield Buffer.from('\n{"last":1}\n')
    }
    const seen = await read(source())
    expect(seen.map(([n, , k]) => [n, k])).toEqual([[1, 'line'], [2, 'invalid'], [3, 'line']])
    expect(seen[1]![1]).toMatch(/^line 2: longer than 16777216 bytes \(from byte offset 12\)/)
  })
})
