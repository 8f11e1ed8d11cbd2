// Loads the BUILT package through require() in plain Node CJS and decodes a file through each codec.
const { readFileSync } = require('node:fs')
const path = require('node:path')
const assert = require('node:assert/strict')
const lib = require('dcc-service-flags')

const fixture = (name) => readFileSync(path.join(__dirname, '../fixtures/wire', name))

assert.equal(lib.Mprn.isValid('3938424403'), true)
for (const [codec, file] of [[lib.D0350, 'd0350-basic.txt'], [lib.Dxi, 'dxi-basic.txt'], [lib.Dxr, 'dxr-basic.txt']]) {
  const bytes = fixture(file)
  const decoded = codec.decode(bytes)
  assert.equal(decoded._tag, 'Right', `${file} decodes`)
  assert.deepEqual(Buffer.from(codec.encode(decoded.right)), bytes, `${file} re-encodes byte for byte`)
}
console.log('dist CJS smoke test: ok')

// The Node edge through require(): stream-json is ESM-only, so the CommonJS build carries its own
// copy (this file runs with require(esm) turned off, as on Node 20 before 20.19).
const node = require('dcc-service-flags/node')
node.readState([Buffer.from('{"meterPoints":[],"devices":[{"id":"00-0D-6F-00-00-00-00-01","type":"ESME","status":"InstalledNotCommissioned","meterPoints":["1200023305967"]}]}')], { file: 'inv.json' })
  .then(({ report, state }) => {
    assert.equal(report.valid, true)
    assert.equal(report.warnings.length, 1) // the meter point is linked, not listed
    assert.deepEqual(lib.State.meterPoint(state, '1200023305967').meters, ['00-0D-6F-00-00-00-00-01'])
    // The core's reducer folds the state the edge read (one copy of the core).
    const folded = lib.Reducer.reduce(state, [{ eventId: 'e1', at: '2024-04-01T09:00:00Z', type: 'StatusChanged', deviceId: '00-0D-6F-00-00-00-00-01', status: 'Commissioned' }])
    assert.deepEqual(folded.rejected, [])
    assert.deepEqual(folded.changes.map((c) => [c.meterPoint, c.from, c.to]), [['1200023305967', null, 'A']])
    console.log('dist CJS smoke test (dcc-service-flags/node): ok')
  })
  .catch((e) => {
    console.error(e)
    process.exitCode = 1
  })
