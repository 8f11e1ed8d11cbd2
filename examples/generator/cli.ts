/**
 * Writes a generated sample to files without holding it: `inventory.json` (one meter point or device
 * a line), `events.ndjson`, `registered.csv` (a registry extract of the snapshot's flags with
 * discrepancies planted) and `manifest.json` (the options that regenerate all of it, a summary, and
 * every planted bad event and discrepancy). The bundled demo data in `examples/data/` was written by
 * `writeSample('examples/data', bundledOptions)`; a test regenerates it and compares bytes.
 *
 * @since 0.1.0
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parseArgs } from 'node:util'
import * as Generate from './generate'
import * as Registry from './registry'
import type * as Random from './Random'

/** How the registry extract is made: its seed and rates; `false` writes none. @since 0.1.0 @category model */
export type RegistryOptions = { readonly seed: Random.Seed; readonly rates?: Registry.Rates } | false

/** What {@link writeSample} wrote. @since 0.1.0 @category model */
export interface Written {
  readonly files: ReadonlyArray<string>
  readonly summary: Generate.Summary
  readonly planted: ReadonlyArray<Generate.Planted>
  readonly registryPlanted: ReadonlyArray<Registry.PlantedDiscrepancy>
}

/** The manifest written next to the data. @since 0.1.0 @category model */
export interface Manifest {
  readonly description: string
  readonly options: Generate.ResolvedOptions
  readonly registry: { readonly seed: Random.Seed; readonly rates: Registry.Rates } | null
  readonly summary: Generate.Summary
  readonly planted: ReadonlyArray<Generate.Planted>
  readonly registryPlanted: ReadonlyArray<Registry.PlantedDiscrepancy>
}

/**
 * The options of the bundled demo data: about 10,000 meter points and 15,000 devices, March 2024
 * (across the clock change of 31 March).
 *
 * @since 0.1.0
 * @category constants
 */
export const bundledOptions: Generate.Options = { seed: 'dcc-flags-demo', meterPoints: 10_000, startDate: '2024-03-01', days: 31 }

/** The registry options of the bundled demo data. @since 0.1.0 @category constants */
export const bundledRegistry: RegistryOptions = { seed: 'dcc-flags-demo-registry', rates: Registry.defaultRates }

const writeChunks = (file: string, chunks: Iterable<string>): void => {
  const fd = fs.openSync(file, 'w')
  try {
    for (const chunk of chunks) fs.writeSync(fd, chunk, null, 'latin1')
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Generates a sample straight into `dir` (created if needed): `inventory.json`, `events.ndjson`,
 * `registered.csv` (unless `registry` is false) and `manifest.json`. Memory holds the homes' state
 * and, for the registry extract, one row per flagged meter point.
 *
 * @example
 * writeSample('/tmp/sample', { seed: 1, meterPoints: 1000, startDate: '2024-03-01', days: 31 })
 * @since 0.1.0
 * @category destructors
 */
export const writeSample = (dir: string, options: Generate.Options, registry: RegistryOptions = { seed: String(options.seed) + '-registry' }): Written => {
  const resolved = Generate.resolve(options)
  fs.mkdirSync(dir, { recursive: true })
  const files: Array<string> = []
  const inventoryFile = path.join(dir, 'inventory.json')
  writeChunks(inventoryFile, Generate.inventoryChunks(resolved))
  files.push(inventoryFile)

  const planted: Array<Generate.Planted> = []
  const scenarios: Partial<Record<Generate.ScenarioKind, number>> = {}
  const eventsByType: Record<string, number> = {}
  let lineCount = 0
  const eventsFile = path.join(dir, 'events.ndjson')
  writeChunks(
    eventsFile,
    (function* () {
      let buf = ''
      for (const line of Generate.lines(resolved, {
        planted: (p) => planted.push(p),
        scenario: (k) => (scenarios[k] = (scenarios[k] ?? 0) + 1),
      })) {
        lineCount++
        const type = 'malformed' in line ? 'malformed' : line.type
        eventsByType[type] = (eventsByType[type] ?? 0) + 1
        buf += Generate.toLine(line) + '\n'
        if (buf.length > 65536) (yield buf, (buf = ''))
      }
      yield buf
    })(),
  )
  files.push(eventsFile)

  let registryPlanted: ReadonlyArray<Registry.PlantedDiscrepancy> = []
  if (registry !== false) {
    const rates = registry.rates ?? Registry.defaultRates
    // Extra rows must name meter points the inventory does not hold, flagged or not.
    const inventoryIds = new Set<string>()
    const rows = Registry.fromInventory(
      (function* () {
        for (const mp of Generate.meterPointRecords(resolved)) inventoryIds.add(mp.id), yield mp
      })(),
    )
    const extract = Registry.plantDiscrepancies(rows, registry.seed, rates, (id) => inventoryIds.has(id))
    registryPlanted = extract.planted
    const registryFile = path.join(dir, 'registered.csv')
    fs.writeFileSync(registryFile, Registry.toCsv(extract.rows), 'latin1')
    files.push(registryFile)
  }

  const plantedByKind: Partial<Record<Generate.BadKind, number>> = {}
  for (const p of planted) plantedByKind[p.kind] = (plantedByKind[p.kind] ?? 0) + 1
  const summary: Generate.Summary = {
    homes: Generate.homesFor(resolved),
    ...Generate.snapshotCounts(resolved),
    lines: lineCount,
    eventsByType,
    scenarios,
    planted: plantedByKind,
  }
  const manifest: Manifest = {
    description:
      'Generated sample data (examples/generator): regenerate with writeSample(dir, options, registry). ' +
      'Every flag in inventory.json is what the mp077 policy derives from the linked meters; events.ndjson holds the planted bad lines listed below; ' +
      'registered.csv is the snapshot\'s flags with the discrepancies listed below.',
    options: resolved,
    registry: registry === false ? null : { seed: registry.seed, rates: registry.rates ?? Registry.defaultRates },
    summary,
    planted,
    registryPlanted,
  }
  const manifestFile = path.join(dir, 'manifest.json')
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n', 'latin1')
  files.push(manifestFile)
  return { files, summary, planted, registryPlanted }
}

/**
 * The sample generator's command line (`npm run sample -- [DIR] [--meter-points N] [--days N]
 * [--start YYYY-MM-DD] [--seed S] [--no-registry]`, run by `examples/generator/run.ts`). Without
 * options it writes the bundled demo data into `examples/data`. Returns the process exit code: 0
 * written, 2 on a usage error (an unknown option, a value that is not a whole number or a date).
 *
 * @example
 * main(['/tmp/sample', '--meter-points', '1000000'])
 * @since 0.1.0
 * @category destructors
 */
export const main = (argv: ReadonlyArray<string>, log: (s: string) => void = (s) => process.stderr.write(s + '\n')): number => {
  const usage = 'usage: npm run sample -- [DIR] [--meter-points N] [--days N] [--start YYYY-MM-DD] [--seed S] [--no-registry]'
  let options: Generate.Options = bundledOptions
  let registry: RegistryOptions = bundledRegistry
  let dir = 'examples/data'
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        'meter-points': { type: 'string' },
        days: { type: 'string' },
        start: { type: 'string' },
        seed: { type: 'string' },
        'no-registry': { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    })
    if (positionals.length > 1) throw new Error(`one DIR, got ${positionals.length}`)
    dir = positionals[0] ?? dir
    const whole = (name: string, v: string): number => {
      if (!/^[0-9]+$/.test(v)) throw new Error(`--${name} must be a whole number, got ${JSON.stringify(v)}`)
      return Number(v)
    }
    if (values['meter-points'] !== undefined) options = { ...options, meterPoints: whole('meter-points', values['meter-points']) }
    if (values.days !== undefined) options = { ...options, days: whole('days', values.days) }
    if (values.start !== undefined) options = { ...options, startDate: values.start }
    if (values.seed !== undefined) {
      options = { ...options, seed: values.seed }
      registry = { seed: `${values.seed}-registry` }
    }
    if (values['no-registry'] === true) registry = false
    Generate.resolve(options) // checks the options before anything is written
  } catch (e) {
    log(`${usage}\n${(e as Error).message}`)
    return 2
  }
  const written = writeSample(dir, options, registry)
  log(`wrote ${written.files.join(', ')}: ${written.summary.meterPoints} meter points, ${written.summary.devices} devices, ${written.summary.lines} event lines (${written.planted.length} planted bad)`)
  return 0
}
