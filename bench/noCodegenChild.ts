/**
 * A child process of the `d0350.decode.noCodegen` measure: started with
 * `node --disallow-code-generation-from-strings` (as a content security policy would run the
 * library), or without it for the peer, it builds the D0350 input the bench builds for its size and
 * times the default decode on request, reporting its own nanoseconds (so the figures leave the
 * message round trip out).
 *
 * Protocol (IPC, `process.send`): the parent sends `{ bytes }` once, then `{ repeats }` per sample;
 * the child answers `{ ready, codegen, rightly }` once, then `{ ns }` (nanoseconds per decode).
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import * as D0350 from '../src/wire/dtc/D0350'
import { d0350File } from './measures/codecs'
import { fullGc, timeOnce } from './lib'

const codegenAllowed = (): boolean => {
  try {
    // the check itself: this process must refuse it
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('return 1')
    return true
  } catch {
    return false
  }
}

let input: Uint8Array | null = null
process.on('message', (m: { bytes?: number; repeats?: number }) => {
  void (async () => {
    if (m.bytes !== undefined) {
      input = D0350.encode(d0350File(m.bytes))
      process.send!({ ready: true, codegen: codegenAllowed(), rightly: E.isRight(D0350.decode(input)) })
      return
    }
    const bytes = input!
    const repeats = m.repeats ?? 1
    fullGc()
    let ns = 0
    for (let i = 0; i < repeats; i++) ns += await timeOnce(() => D0350.decode(bytes))
    process.send!({ ns: ns / repeats })
  })()
})
process.on('disconnect', () => process.exit(0))
