// An in-memory `Io` for running commands in-process: what they print is collected; files are read
// from the real disk (tests point commands at fixtures and temporary folders).
import { nodeIo, type Io } from '../../src/cli/Io'

export interface MemoryIo extends Io {
  readonly out: () => string
  readonly err: () => string
}

export const memoryIo = (): MemoryIo => {
  const out: string[] = []
  const err: string[] = []
  const real = nodeIo()
  return {
    ...real,
    stdout: (s) => {
      out.push(typeof s === 'string' ? s : Buffer.from(s).toString('latin1'))
    },
    flush: async () => undefined,
    stderr: (s) => {
      err.push(s)
    },
    stderrIsTty: false,
    out: () => out.join(''),
    err: () => err.join(''),
  }
}
