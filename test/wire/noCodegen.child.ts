// Run by test/wire/generated.test.ts under `node --disallow-code-generation-from-strings`: the default
// codecs must decode and encode with their generated readers, where no code may be generated at run
// time, and give what their detailed paths give. Prints one JSON line.
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as Dxr from '../../src/wire/uklink/Dxr'
import * as DtcProgram from '../../src/wire/dtc/ReaderProgram'
import * as UkLinkProgram from '../../src/wire/uklink/ReaderProgram'
import * as UkLinkSchema from '../../src/wire/uklink/Schema'
import { readerOf } from '../../src/wire/reader/Readers'
import { compiler } from '../../src/wire/reader/Compile'

const text = (s: string) => new TextEncoder().encode(s)
let codegen = true
try {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('return 1')
} catch {
  codegen = false
}
const d0350 = text('ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\nDSF|1200023305967|A|20211104|\nDSF|1200023305968|N|20211104|\nZPT|1|2||2|20211104120000|\n')
const dxi = text('"A00",1234567890,"DXI",20211104,120000,1\n"E45",3938424403,"A",20211104\n"E45",1234567810,"I",20230229\n"Z99",2\n')
const dxr = text('"A00",1234567890,"DXR",20211104,120000,1\n"E46","AC",3938424403,"A",20211104\n"Z99",1\n')
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const detailed = {
  d0350: D0350.fromLayout(D0350.layout, { reader: 'detailed' }),
  dxi: Dxi.fromSchema(UkLinkSchema.dxiSchema(), { reader: 'detailed' }),
  dxr: Dxr.fromSchema(UkLinkSchema.dxrSchema(), { reader: 'detailed' }),
}
const good = text('ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\nDSF|1200023305967|A|20211104|\nZPT|1|1||1|20211104120000|\n')
process.stdout.write(JSON.stringify({
  codegen,
  readers: [
    readerOf(DtcProgram.programOf(D0350.layout.groups, [D0350.recordShape(D0350.layout)])) !== null,
    readerOf(UkLinkProgram.programOf(UkLinkSchema.E45)) !== null,
    readerOf(UkLinkProgram.programOf(UkLinkSchema.E46)) !== null,
  ],
  // compiling on request falls back to no reader, not to an exception
  compiled: readerOf(DtcProgram.programOf([{ ...D0350.layout.groups[0]!, id: 'XYZ' }], [null]), compiler),
  agree: [
    same(D0350.inspect(d0350), detailed.d0350.inspect(d0350)),
    same(Dxi.inspect(dxi), detailed.dxi.inspect(dxi)),
    same(Dxr.inspect(dxr), detailed.dxr.inspect(dxr)),
  ],
  roundTrip: Buffer.from(D0350.encode(D0350.inspect(good).file!)).equals(Buffer.from(good)),
}) + '\n')
