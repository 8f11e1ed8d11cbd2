/**
 * The command line's edge: every read, write, clock-free progress line and exit code goes through an
 * `Io` value, so commands run the same in-process (tests) and as the `dcc-flags` bin.
 *
 * @since 0.1.0
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { once } from 'node:events'
import { InputError, errnoOf, isSystemError } from './Errors'

/** @since 0.1.0 @category model */
export interface Io {
  readonly stdout: (s: string | Uint8Array) => void
  /** Resolves once standard output has taken what was written (back-pressure for long outputs). */
  readonly flush: () => Promise<void>
  readonly stderr: (s: string) => void
  /** Raw bytes of a file, or of standard input for `-`. */
  readonly readBytes: (file: string) => Promise<Uint8Array>
  /** The bytes of a file, or of standard input for `-`, as a stream of chunks. */
  readonly readStream: (file: string) => AsyncIterable<Uint8Array>
  /**
   * Writes a file atomically: to a temporary name in the same folder ({@link partialOf}), renamed
   * when complete; a temporary file left by a killed run is replaced by the next write.
   */
  readonly writeFileAtomic: (file: string, bytes: Uint8Array | string) => void
  readonly mkdirp: (dir: string) => void
  /** Whether standard error is a terminal (progress is shown only then). */
  readonly stderrIsTty: boolean
  /** Milliseconds from some fixed point; used only to decide when to show progress, never in output. */
  readonly monotonicMs: () => number
}


const readStdin = async (): Promise<Uint8Array> => {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/**
 * The temporary name a file is written under before it is renamed into place: hidden, next to it.
 *
 * @example
 * import { partialOf } from './Io'
 * partialOf('out/impact.html') // 'out/.impact.html.dcc-flags-partial'
 * @since 0.2.0
 * @category utils
 */
export const partialOf = (file: string): string => path.join(path.dirname(file), `.${path.basename(file)}.dcc-flags-partial`)

/**
 * The process's own `Io`.
 *
 * @example
 * const io = nodeIo()
 * io.stderr('hello\n')
 * @since 0.1.0
 * @category constructors
 */
export const nodeIo = (): Io => ({
  stdout: (s) => {
    process.stdout.write(s)
  },
  flush: async () => {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain')
  },
  stderr: (s) => {
    process.stderr.write(s)
  },
  readBytes: async (file) => {
    if (file === '-') return readStdin()
    try {
      const b = fs.readFileSync(file)
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
    } catch (e) {
      throw new InputError(`${file}: cannot read (${errnoOf(e)})`)
    }
  },
  readStream: (file) =>
    (async function* () {
      const source = file === '-' ? process.stdin : fs.createReadStream(file, { highWaterMark: 1 << 20 })
      try {
        for await (const chunk of source) yield chunk as Uint8Array
      } catch (e) {
        if (isSystemError(e)) throw new InputError(`${file === '-' ? 'standard input' : file}: cannot read (${errnoOf(e)})`)
        throw e
      }
    })(),
  writeFileAtomic: (file, bytes) => {
    // One temporary name per target (no process id in it): what a killed run left is replaced, and
    // so cleaned up, by the next write of the same file.
    const tmp = partialOf(file)
    try {
      fs.rmSync(tmp, { force: true })
      const fd = fs.openSync(tmp, 'wx')
      try {
        fs.writeFileSync(fd, bytes)
        fs.fsyncSync(fd)
      } finally {
        fs.closeSync(fd)
      }
      fs.renameSync(tmp, file)
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true })
      } catch {
        /* nothing left to clean */
      }
      throw e
    }
  },
  mkdirp: (dir) => {
    fs.mkdirSync(dir, { recursive: true })
  },
  stderrIsTty: process.stderr.isTTY === true,
  monotonicMs: () => performance.now(),
})

/**
 * Progress on standard error for runs over a second, only when it is a terminal.
 *
 * @example
 * const p = progress(nodeIo(), 'replay')
 * p.tick(1000, 50000); p.done()
 * @since 0.1.0
 * @category constructors
 */
export const progress = (io: Io, label: string) => {
  const start = io.monotonicMs()
  let last = start
  let shown = false
  return {
    tick(done: number, total?: number): void {
      if (!io.stderrIsTty) return
      const now = io.monotonicMs()
      if (now - start < 1000 || now - last < 250) return
      last = now
      shown = true
      io.stderr(`\r${label}: ${done.toLocaleString('en-GB')}${total === undefined ? '' : ` / ${total.toLocaleString('en-GB')}`}   `)
    },
    done(): void {
      if (shown) io.stderr('\n')
    },
  }
}
