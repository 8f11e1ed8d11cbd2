/**
 * The codec measures: D0350 and DXI decode (whole buffer and streaming) and encode, each timed side
 * by side with its peers on the same deterministic input.
 *
 * Peers:
 * - `split`: the latin1 string split on line ends, then each line on the delimiter; no validation;
 * - `papaparse`: Papa Parse on the latin1 string, no header, the file's delimiter and line end,
 *   `fastMode` where the data allows it (D0350 has no quotes; DXI quotes its text fields, so there
 *   fast mode would keep the quotes in the values and is off);
 * - `lineScan`: `Buffer.indexOf` of the line ends only, counting lines: the floor of any decoder;
 * - `decode` (for the stream measures): the whole-buffer decode of the same codec;
 * - `join` (for encode): one template string per record, joined with the line end, to latin1 bytes;
 * - `decode` (for `d0350.decode.noCodegen`): the same decode in a child process alike but where code
 *   generation from strings is allowed, timed round by round with the one where it is forbidden.
 *
 * Inputs: valid files (MPANs and MPRNs with correct check digits, the three current flags, effective
 * dates spread over three years from 2021-11-04) from a seeded generator, encoded by the library.
 *
 * @since 0.1.0
 */
import { fork, type ChildProcess } from 'node:child_process'
import Papa from 'papaparse'
import { either as E } from 'fp-ts'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'
import * as CalendarDate from '../../src/identifiers/CalendarDate'
import type { Flag } from '../../src/identifiers/Flag'
import { MIN_SAMPLE_NS, mbPerSecond, median, random, sideBySide, type Cases, type Context, type Measure } from '../lib'

// ---------------------------------------------------------------------------------------------
// inputs
// ---------------------------------------------------------------------------------------------

/** Bytes per encoded D0350 body line (`DSF|` 13 `|A|` 8 `|` LF) and DXI one (`"E45",` 10 `,"A",` 8 LF, 10-digit MPRNs). */
const D0350_LINE = 30
const DXI_LINE = 30

const FLAGS: ReadonlyArray<Flag> = ['A', 'N', 'I']
const FIRST_DAY = CalendarDate.daysFromCivil(2021, 11, 4)
const DAYS = 3 * 365

const digits = (next: () => number, n: number): string => {
  let s = ''
  for (let i = 0; i < n; i++) s += String(next() % 10)
  return s
}

/**
 * A valid D0350 file value of about `bytes` bytes, the same for the same seed.
 *
 * @example
 * d0350File(3000).records.length // 100
 * @since 0.1.0
 * @category inputs
 */
export const d0350File = (bytes: number, seed = 350): D0350.D0350File => {
  const next = random(seed)
  const n = Math.max(1, Math.floor(bytes / D0350_LINE))
  const records: D0350.D0350Record[] = new Array(n)
  for (let i = 0; i < n; i++) {
    records[i] = {
      mpanCore: MpanCore.complete(String(10 + (next() % 14)) + digits(next, 10)),
      flag: FLAGS[next() % 3]!,
      effectiveFrom: CalendarDate.civilFromDays(FIRST_DAY + (next() % DAYS)),
    }
  }
  return D0350.make({ header: { fileId: '0000000001', toParticipant: 'LOND', createdAt: '20211104120000' }, records, completedAt: '20211104120500' })
}

/**
 * A valid DXI file value of about `bytes` bytes (10-digit MPRNs), the same for the same seed.
 *
 * @example
 * dxiFile(3000).records.length // 100
 * @since 0.1.0
 * @category inputs
 */
export const dxiFile = (bytes: number, seed = 45): Dxi.DxiFile => {
  const next = random(seed)
  const n = Math.max(1, Math.floor(bytes / DXI_LINE))
  const records: Array<Dxi.DxiFile['records'][number]> = new Array(n)
  for (let i = 0; i < n; i++) {
    records[i] = {
      mprn: Mprn.complete(String(1 + (next() % 9)) + digits(next, 7)),
      flag: FLAGS[next() % 3]!,
      effectiveFrom: CalendarDate.civilFromDays(FIRST_DAY + (next() % DAYS)),
    }
  }
  return Dxi.make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records })
}

// ---------------------------------------------------------------------------------------------
// peers
// ---------------------------------------------------------------------------------------------

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')

/**
 * The naive decoder: the latin1 text split on LF, each line split on the delimiter. No checks.
 *
 * @example
 * split(new TextEncoder().encode('a|b|\nc|'), '|') // [['a', 'b', ''], ['c', '']]
 * @since 0.1.0
 * @category peers
 */
export const split = (bytes: Uint8Array, delimiter: string): string[][] => {
  const lines = latin1(bytes).split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map((l) => l.split(delimiter))
}

/**
 * Papa Parse on the latin1 text: no header, the given delimiter, LF, fast mode when asked.
 *
 * @example
 * papaparse(new TextEncoder().encode('a|b|\n'), '|', true) // [['a', 'b', '']]
 * @since 0.1.0
 * @category peers
 */
export const papaparse = (bytes: Uint8Array, delimiter: string, fastMode: boolean): string[][] =>
  Papa.parse<string[]>(latin1(bytes), { delimiter, newline: '\n', header: false, fastMode, skipEmptyLines: true, dynamicTyping: false }).data

/**
 * The floor: the number of lines, found by `Buffer.indexOf` of LF.
 *
 * @example
 * lineScan(new TextEncoder().encode('a\nb\n')) // 2
 * @since 0.1.0
 * @category peers
 */
export const lineScan = (bytes: Uint8Array): number => {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let lines = 0
  let at = b.indexOf(10)
  while (at !== -1) {
    lines++
    at = b.indexOf(10, at + 1)
  }
  return lines
}

/**
 * The naive D0350 encoder: one template string per line, joined, to latin1 bytes.
 *
 * @example
 * joinD0350(d0350File(300)).length === D0350.encode(d0350File(300)).length // true
 * @since 0.1.0
 * @category peers
 */
export const joinD0350 = (f: D0350.D0350File): Uint8Array => {
  const h = f.header
  const t = f.trailer
  const lines = [
    `ZHV|${h.fileId}|${h.flowVersion}|${h.fromRole}|${h.fromParticipant}|${h.toRole}|${h.toParticipant}|${h.createdAt}|${h.sendingApplication}|${h.receivingApplication}|${h.broadcast}|${h.testDataFlag}|`,
    ...f.records.map((r) => `DSF|${r.mpanCore}|${r.flag}|${r.effectiveFrom}|`),
    `ZPT|${t.fileId}|${t.groupCount}|${t.checksum}|${t.flowCount}|${t.completedAt}|`,
  ]
  return Buffer.from(lines.join(f.eol) + (f.finalNewline ? f.eol : ''), 'latin1')
}

/**
 * The naive DXI encoder: one template string per line, joined, to latin1 bytes.
 *
 * @example
 * joinDxi(dxiFile(300)).length === Dxi.encode(dxiFile(300)).length // true
 * @since 0.1.0
 * @category peers
 */
export const joinDxi = (f: Dxi.DxiFile): Uint8Array => {
  const h = f.header
  const lines = [
    `"A00",${h.organisationId},"${h.fileType}",${h.creationDate},${h.creationTime},${h.generationNumber}`,
    ...f.records.map((r) => `"E45",${r.mprn},"${r.flag}",${r.effectiveFrom}`),
    `"Z99",${f.trailer.recordCount}`,
  ]
  return Buffer.from(lines.join(f.eol) + (f.finalNewline ? f.eol : ''), 'latin1')
}

/**
 * A byte source of fixed-size chunks (views, no copies), as a file stream would give.
 *
 * @example
 * for await (const c of chunked(new Uint8Array(10), 4)) c.length // 4, 4, 2
 * @since 0.1.0
 * @category inputs
 */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array, void, undefined> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

/** Stream chunk size: what `fs.createReadStream` gives. */
export const STREAM_CHUNK = 64 * 1024

/**
 * Consumes a stream decoder's items as an application would (records used, then dropped); the
 * number of records, or -1 when the end carries an error.
 *
 * @example
 * await drain(D0350.decodeStream(chunked(D0350.encode(d0350File(300)), 64))) // 10
 * @since 0.1.0
 * @category peers
 */
export const drain = async (items: AsyncIterable<{ readonly type: string; readonly records?: ReadonlyArray<unknown>; readonly diagnostics?: ReadonlyArray<{ readonly severity: string }> }>): Promise<number> => {
  let n = 0
  for await (const item of items) {
    if (item.records !== undefined) n += item.records.length
    if (item.diagnostics !== undefined && item.diagnostics.some((d) => d.severity === 'error')) return -1
  }
  return n
}

// ---------------------------------------------------------------------------------------------
// cases
// ---------------------------------------------------------------------------------------------

/**
 * The cases of a decode measure over some bytes: `ours` is the library's decode, then the peers.
 *
 * @example
 * decodeCases('d0350', D0350.encode(d0350File(300))).ours() // right(file)
 * @since 0.1.0
 * @category cases
 */
export const decodeCases = (kind: 'd0350' | 'dxi', bytes: Uint8Array): Cases =>
  kind === 'd0350'
    ? {
        ours: () => D0350.decode(bytes),
        split: () => split(bytes, '|'),
        papaparse: () => papaparse(bytes, '|', true),
        lineScan: () => lineScan(bytes),
      }
    : {
        ours: () => Dxi.decode(bytes),
        split: () => split(bytes, ','),
        papaparse: () => papaparse(bytes, ',', false),
        lineScan: () => lineScan(bytes),
      }

/**
 * The cases of a stream measure: `ours` drains the stream decoder over 64 KiB chunks; `decode` is the whole-buffer decode.
 *
 * @example
 * await streamCases('dxi', Dxi.encode(dxiFile(300))).ours() // 10
 * @since 0.1.0
 * @category cases
 */
export const streamCases = (kind: 'd0350' | 'dxi', bytes: Uint8Array): Cases =>
  kind === 'd0350'
    ? { ours: () => drain(D0350.decodeStream(chunked(bytes, STREAM_CHUNK))), decode: () => D0350.decode(bytes) }
    : { ours: () => drain(Dxi.decodeStream(chunked(bytes, STREAM_CHUNK))), decode: () => Dxi.decode(bytes) }

/**
 * The cases of an encode measure: the library's encode and the naive join.
 *
 * @example
 * encodeCases({ kind: 'd0350', file: d0350File(300) }).join() // the same bytes as ours()
 * @since 0.1.0
 * @category cases
 */
export const encodeCases = (input: { readonly kind: 'd0350'; readonly file: D0350.D0350File } | { readonly kind: 'dxi'; readonly file: Dxi.DxiFile }): Cases =>
  input.kind === 'd0350'
    ? { ours: () => D0350.encode(input.file), join: () => joinD0350(input.file) }
    : { ours: () => Dxi.encode(input.file), join: () => joinDxi(input.file) }

// ---------------------------------------------------------------------------------------------
// measures
// ---------------------------------------------------------------------------------------------

/**
 * Input size of the codec measures in quick mode (CI): smaller than the context's default so that
 * `npm run bench:quick` stays under a minute with the engine measures on a 2-core machine. Not
 * smaller: below about 2.5 MB the naive peers' garbage dies young and they run 3–4× faster than on
 * real files (measured: `split` 60 MB/s at 2.2 MB, 15–25 MB/s from 3 MB up), which would make the
 * ratios meaningless; and it spans more than one 2 MiB piece (`Lines.PIECE_SIZE`), as real files
 * do. Timed runs stay at the context's (at least 5).
 *
 * @example
 * QUICK_BYTES // 3_000_000
 * @since 0.1.0
 * @category inputs
 */
export const QUICK_BYTES = 3_000_000

/** The input size a codec measure aims at: the context's, capped at {@link QUICK_BYTES} in quick mode. */
const sizeOf = (ctx: Context): number => (ctx.quick ? Math.min(ctx.bytes, QUICK_BYTES) : ctx.bytes)

// Inputs are built once per size and shared by the measures of a run.
const memo = new Map<string, unknown>()
const once = <A>(key: string, make: () => A): A => {
  if (!memo.has(key)) memo.set(key, make())
  return memo.get(key) as A
}
const d0350Input = (ctx: Context) => once(`d0350:${sizeOf(ctx)}`, () => {
  const file = d0350File(sizeOf(ctx))
  return { file, bytes: D0350.encode(file) }
})
const dxiInput = (ctx: Context) => once(`dxi:${sizeOf(ctx)}`, () => {
  const file = dxiFile(sizeOf(ctx))
  return { file, bytes: Dxi.encode(file) }
})

/** Each case's MB/s over `bytes`, timed side by side; `ours` apart, the rest as peers. */
const rates = async (ctx: Context, cases: Cases, bytes: number) => {
  const ns = await sideBySide(cases, ctx)
  const peers: Record<string, number> = {}
  for (const [name, t] of Object.entries(ns)) if (name !== 'ours') peers[name] = mbPerSecond(bytes, t)
  return { ours: mbPerSecond(bytes, ns.ours!), peers }
}

const mustDecode = (name: string, r: E.Either<unknown, unknown>): void => {
  if (E.isLeft(r)) throw new Error(`${name}: the bench input does not decode`)
}

// ---------------------------------------------------------------------------------------------
// the decode where code generation is forbidden
// ---------------------------------------------------------------------------------------------

/** A child process running `bench/noCodegenChild.ts`, timing the default D0350 decode on request. */
interface DecodeChild {
  /** Nanoseconds per decode, timed in the child over `repeats` decodes. */
  readonly time: (repeats: number) => Promise<number>
  readonly stop: () => void
}

/** Starts a child; `forbid`: with `--disallow-code-generation-from-strings` (checked: it must refuse `new Function`). */
const startDecodeChild = (bytes: number, forbid: boolean): Promise<DecodeChild> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = fork('scripts/run-ts.mjs', ['bench/noCodegenChild.ts'], {
      execArgv: forbid ? ['--disallow-code-generation-from-strings'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    let waiting: ((ns: number) => void) | null = null
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) reject(new Error(`d0350.decode.noCodegen: a child exited with ${code}`))
    })
    child.on('message', (m: { ready?: boolean; codegen?: boolean; rightly?: boolean; ns?: number }) => {
      if (m.ready === true) {
        if (m.codegen !== !forbid) reject(new Error(`d0350.decode.noCodegen: a child ${forbid ? 'could' : 'could not'} generate code from strings`))
        else if (m.rightly !== true) reject(new Error('d0350.decode.noCodegen: a child could not decode the input'))
        else resolve({
          time: (repeats) => new Promise((r) => {
            waiting = r
            child.send({ repeats })
          }),
          stop: () => child.disconnect(),
        })
      } else if (m.ns !== undefined && waiting !== null) {
        const w = waiting
        waiting = null
        w(m.ns)
      }
    })
    child.send({ bytes })
  })

/**
 * Times the default D0350 decode in two child processes alike but for one flag: one started with
 * `--disallow-code-generation-from-strings` (`ours`), one without (`decode`), round by round: warm-up
 * rounds, then three times `runs` rounds, the order alternating; each sample repeats the decode to at least
 * {@link MIN_SAMPLE_NS}. Two children rather than one child against this process: both heaps then
 * hold only the input, as a user's process would. Medians, as MB/s.
 */
const noCodegenRates = async (ctx: Context, bytes: Uint8Array) => {
  // each child builds the input this process built (same generator, same aimed size)
  const size = bytes.length
  const forbidden = await startDecodeChild(sizeOf(ctx), true)
  const allowed = await startDecodeChild(sizeOf(ctx), false).catch((e: unknown) => {
    forbidden.stop()
    throw e
  })
  try {
    let repeats = 1
    const ours: number[] = []
    const peer: number[] = []
    // a round is two short samples: three times the context's rounds cost little and steady the medians
    const runs = 3 * ctx.runs
    for (let round = 0; round < ctx.warmup + runs; round++) {
      let there: number
      let here: number
      if (round % 2 === 0) {
        there = await forbidden.time(repeats)
        here = await allowed.time(repeats)
      } else {
        here = await allowed.time(repeats)
        there = await forbidden.time(repeats)
      }
      if (round >= ctx.warmup) {
        ours.push(there)
        peer.push(here)
      } else repeats = Math.min(64, Math.max(1, Math.ceil(MIN_SAMPLE_NS / Math.max(here, 1))))
    }
    return { ours: mbPerSecond(size, median(ours)), peers: { decode: mbPerSecond(size, median(peer)) } }
  } finally {
    forbidden.stop()
    allowed.stop()
  }
}

const decodeGoals = [{ peer: 'split', atLeast: 4 }, { peer: 'lineScan', atLeast: 0.1 }] as const
const streamGoals = [{ peer: 'decode', atLeast: 0.8 }] as const
const encodeGoals = [{ peer: 'join', atLeast: 2 }] as const

/**
 * The codec measures.
 *
 * @example
 * measures.map((m) => m.name) // ['d0350.decode', 'd0350.decode.noCodegen', 'd0350.decodeStream', 'd0350.encode', 'dxi.decode', …]
 * @since 0.1.0
 * @category measures
 */
export const measures: ReadonlyArray<Measure> = [
  {
    name: 'd0350.decode',
    unit: 'MB/s',
    goals: decodeGoals,
    run: async (ctx) => {
      const { bytes } = d0350Input(ctx)
      mustDecode('d0350.decode', D0350.decode(bytes))
      return rates(ctx, decodeCases('d0350', bytes), bytes.length)
    },
  },
  {
    name: 'd0350.decode.noCodegen',
    unit: 'MB/s',
    goals: [{ peer: 'decode', atLeast: 0.9 }],
    run: async (ctx) => noCodegenRates(ctx, d0350Input(ctx).bytes),
  },
  {
    name: 'd0350.decodeStream',
    unit: 'MB/s',
    goals: streamGoals,
    run: async (ctx) => {
      const { bytes } = d0350Input(ctx)
      return rates(ctx, streamCases('d0350', bytes), bytes.length)
    },
  },
  {
    name: 'd0350.encode',
    unit: 'MB/s',
    goals: encodeGoals,
    run: async (ctx) => {
      const { file, bytes } = d0350Input(ctx)
      return rates(ctx, encodeCases({ kind: 'd0350', file }), bytes.length)
    },
  },
  {
    name: 'dxi.decode',
    unit: 'MB/s',
    goals: decodeGoals,
    run: async (ctx) => {
      const { bytes } = dxiInput(ctx)
      mustDecode('dxi.decode', Dxi.decode(bytes))
      return rates(ctx, decodeCases('dxi', bytes), bytes.length)
    },
  },
  {
    name: 'dxi.decodeStream',
    unit: 'MB/s',
    goals: streamGoals,
    run: async (ctx) => {
      const { bytes } = dxiInput(ctx)
      return rates(ctx, streamCases('dxi', bytes), bytes.length)
    },
  },
  {
    name: 'dxi.encode',
    unit: 'MB/s',
    goals: encodeGoals,
    run: async (ctx) => {
      const { file, bytes } = dxiInput(ctx)
      return rates(ctx, encodeCases({ kind: 'dxi', file }), bytes.length)
    },
  },
]
