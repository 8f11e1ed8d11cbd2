// The UK Link kinds are declarations over one module maker (UkLink.kindModule): Dxi and Dxr export
// the same members, each made the same way; what differs is what each declares.
import { describe, expect, it } from 'vitest'
import * as t from 'io-ts'
import * as Flag from '../../../src/identifiers/Flag'
import * as Dxi from '../../../src/wire/uklink/Dxi'
import * as Dxr from '../../../src/wire/uklink/Dxr'
import * as Schema from '../../../src/wire/uklink/Schema'
import * as UkLink from '../../../src/wire/uklink/UkLink'

const header = { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }

describe('UkLink.kindModule', () => {
  it('gives Dxi and Dxr the same values', () => {
    expect(Object.keys(Dxi).sort()).toEqual(Object.keys(Dxr).sort())
    expect(Object.keys(Dxi)).toContain('headerJsonCodec')
    expect(Object.keys(Dxr)).toContain('trailerJsonCodec')
  })

  it('names each kind as its codec does', () => {
    expect([Dxi.kind, Dxi.codec.kind, Dxi.declaration === Dxi.codec.declaration]).toEqual(['dxi', 'dxi', true])
    expect([Dxr.kind, Dxr.codec.kind, Dxr.declaration === Dxr.codec.declaration]).toEqual(['dxr', 'dxr', true])
  })

  it('makes DXI files with File Type DXI always, E46 responses with the one given or DXR', () => {
    expect(Dxi.make({ header: { ...header, fileType: 'XYZ' }, records: [] }).header.fileType).toBe('DXI')
    expect(Dxr.make({ header: { ...header, fileType: 'GRS' }, records: [] }).header.fileType).toBe('GRS')
    expect(Dxr.make({ header, records: [] }).header.fileType).toBe('DXR')
    expect(Dxr.make({ header, records: [] }).header.generationNumber).toBe('1')
  })

  it('reads a record\'s flag with Flag.codec (every flag, current and legacy) and nothing else', () => {
    for (const flag of Flag.allFlags) {
      expect(Dxi.jsonParts.record.is({ mprn: '3938424403', flag, effectiveFrom: '20211104' })).toBe(true)
      expect(Dxr.jsonParts.record.is({ outcome: 'AC', mprn: '3938424403', flag, effectiveFrom: '20211104' })).toBe(true)
    }
    expect(Dxi.jsonParts.record.is({ mprn: '3938424403', flag: 'X', effectiveFrom: '20211104' })).toBe(false)
    expect(Dxr.jsonParts.record.is({ outcome: 'XX', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' })).toBe(false)
  })

  it('shares the header and trailer JSON codecs between the kinds', () => {
    expect(Dxi.headerJsonCodec).toBe(UkLink.headerJsonCodec)
    expect(Dxr.headerJsonCodec).toBe(UkLink.headerJsonCodec)
    expect(Dxr.jsonParts.trailer).toBe(UkLink.trailerJsonCodec)
  })

  it('refuses a schema of another kind (a programmer error)', () => {
    expect(() => UkLink.kindModule({ kind: 'dxi', schema: Schema.dxrSchema(), fileType: () => 'DXI', record: t.unknown, fileName: 'X' }))
      .toThrow(TypeError)
  })
})
