// Loads the BUILT package in plain Node ESM (no bundler, no vitest) and decodes a file through each
// codec: catches subpath imports and export-map mistakes that every other check lets through.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import * as lib from 'dcc-service-flags'

const fixture = (name) => readFileSync(fileURLToPath(new URL(`../fixtures/wire/${name}`, import.meta.url)))

assert.equal(lib.MpanCore.isValid('1200023305967'), true)
for (const [codec, file] of [[lib.D0350, 'd0350-basic.txt'], [lib.Dxi, 'dxi-basic.txt'], [lib.Dxr, 'dxr-basic.txt']]) {
  const bytes = fixture(file)
  const decoded = codec.decode(bytes)
  assert.equal(decoded._tag, 'Right', `${file} decodes`)
  assert.deepEqual(Buffer.from(codec.encode(decoded.right)), bytes, `${file} re-encodes byte for byte`)
}
const bad = lib.D0350.decode(fixture('d0350-bad-check-digit.txt'))
assert.equal(bad._tag, 'Left')
assert.equal(bad.left[0].code, 'bad_check_digit')
console.log('dist ESM smoke test: ok')

// The Node edge: a streamed inventory read gives a state the core's store recognises (one shared copy).
const node = await import('dcc-service-flags/node')
const { report, state } = await node.readState([Buffer.from('{"meterPoints":[{"id":"1200023305967","flag":"A","effectiveFrom":"20211104"}],"devices":[]}')], { file: 'inv.json' })
assert.equal(report.valid, true)
assert.equal(lib.State.meterPoint(state, '1200023305967').flag, 'A')
// The core's reducer folds it (the edge uses the installed core: one copy of every class).
const folded = lib.Reducer.reduce(state, [
  { eventId: 'e1', at: '2024-04-01T09:00:00Z', type: 'DeviceRegistered', deviceId: '00-0D-6F-00-00-00-00-01', deviceType: 'ESME', status: 'Commissioned' },
  { eventId: 'e2', at: '2024-04-01T09:05:00Z', type: 'MeterPointLinked', deviceId: '00-0D-6F-00-00-00-00-01', meterPoint: '1200023305967' },
  { eventId: 'e3', at: '2024-04-01T09:10:00Z', type: 'StatusChanged', deviceId: '00-0D-6F-00-00-00-00-01', status: 'Decommissioned' },
])
assert.deepEqual(folded.rejected, [])
assert.deepEqual(folded.changes.map((c) => [c.from, c.to]), [['A', 'N']])
const lines = []
await node.NdjsonLines.forEachLine([Buffer.from('{"a":1}\n\xff\n', 'latin1')], { line: (t) => lines.push(t), invalid: (n, m) => lines.push(m) })
assert.deepEqual(lines, ['{"a":1}', 'line 2: not UTF-8: byte 0xFF at byte offset 8'])
console.log('dist ESM smoke test (dcc-service-flags/node): ok')
