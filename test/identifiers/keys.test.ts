// Instants as microseconds (the engine's time order) and device ids as two uint32 halves.
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as Instant from '../../src/identifiers/Instant'
import * as DeviceKey from '../../src/identifiers/DeviceKey'
import { instantOf } from '../arbitraries/engine'

describe('Instant.epochMicros / ofEpochMicros', () => {
  it('examples', () => {
    expect(Instant.epochMicros('1970-01-01T00:00:01.5Z')).toBe(1_500_000)
    expect(Instant.epochMicros('1970-01-01T00:00:00.1234567Z')).toBe(123_456)
    expect(Instant.epochMicros('1970-01-01T01:00Z')).toBe(3600e6)
    expect(Instant.epochMicros('2024-03-10T10:00:00+01:00')).toBe(Instant.epochMicros('2024-03-10T09:00:00Z'))
    expect(Instant.epochMicros('2024-03-10T09:00:00')).toBeNaN()
    expect(Instant.ofEpochMicros(1_500_000)).toBe('1970-01-01T00:00:01.5Z')
    expect(Instant.ofEpochMicros(-1)).toBe('1969-12-31T23:59:59.999999Z')
  })

  fcTest.prop([fc.integer({ min: 0, max: 4_000_000_000 }), fc.constantFrom(0, 60, -60, 120), fc.constantFrom('', '.5', '.000001', '.999999', '.1234567', '.120')])(
    'seconds and offsets read as the epochSeconds reading, the fraction to the microsecond; ofEpochMicros gives a canonical instant that reads the same',
    (secs, off, frac) => {
      const s = instantOf(secs, off, frac)
      const us = Instant.epochMicros(s)
      expect(Math.floor(us / 1e6)).toBe(Instant.epochSeconds(s))
      expect(us - secs * 1e6).toBe(frac === '' ? 0 : Math.floor(Number('0' + frac) * 1e6 + 1e-6))
      const canonical = Instant.ofEpochMicros(us)
      expect(Instant.isValid(canonical)).toBe(true)
      expect(canonical.endsWith('Z')).toBe(true)
      expect(Instant.epochMicros(canonical)).toBe(us)
      expect(Instant.ofEpochMicros(Instant.epochMicros(canonical))).toBe(canonical)
    },
  )

  fcTest.prop([fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: 0, max: 4_000_000_000 }), fc.constantFrom(0, 60, -120)])(
    'microseconds order instants as time does, whatever their offsets',
    (a, b, off) => {
      expect(Math.sign(Instant.epochMicros(instantOf(a, off)) - Instant.epochMicros(instantOf(b)))).toBe(Math.sign(a - b))
    },
  )
})

describe('DeviceKey', () => {
  fcTest.prop([fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })])('idOf inverts hi and lo', (hi, lo) => {
    const id = DeviceKey.idOf(hi, lo)
    expect(id).toMatch(/^[0-9A-F]{2}(-[0-9A-F]{2}){7}$/)
    expect([DeviceKey.hi(id), DeviceKey.lo(id)]).toEqual([hi, lo])
  })
  it('anything but the canonical form is -1', () => {
    for (const bad of ['000D6F0000000001', '00-0D-6F-00-00-00-00-0G', '00-0D-6F-00-00-00-00-01 ', '']) {
      expect(DeviceKey.hi(bad) < 0 || DeviceKey.lo(bad) < 0, bad).toBe(true)
    }
  })
})
