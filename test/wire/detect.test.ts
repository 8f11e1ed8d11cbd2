import { describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { detectKind } from '../../src/wire/Detect'

const FIXTURES = path.resolve(__dirname, '../fixtures/wire')
const index: Array<{ file: string; kind: string }> = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'index.json'), 'latin1'))

describe('detectKind', () => {
  it.each(index)('$file is $kind', ({ file, kind }) => {
    expect(detectKind(fs.readFileSync(path.join(FIXTURES, file)))).toBe(kind)
  })
  it('says null for anything else', () => {
    expect(detectKind(new Uint8Array())).toBeNull()
    expect(detectKind(new TextEncoder().encode('meterPoint,flag,effectiveFrom\n'))).toBeNull()
  })
})
