// `npm run sample -- [DIR] [options]`: the generator's command line as a process (see `main` in ./cli).
import { main } from './cli'

process.exitCode = main(process.argv.slice(2))
