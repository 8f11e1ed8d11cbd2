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
