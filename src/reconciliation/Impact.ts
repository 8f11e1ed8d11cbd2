/**
 * Impact analysis (docs/rules.md section 7): given the final flags of the same meter points under several
 * policies, counts each policy's flags and, for every ordered pair of policies, the matrix of final
 * flags (how many meter points are `A` under `legacySec` but `N` under `mp077`). Renders as an aligned
 * text table ({@link format}) or a self-contained HTML page ({@link toHtml}: inline CSS and SVG, no
 * script, nothing fetched).
 *
 * @since 0.1.0
 */
import type { Flag } from '../identifiers/Flag'
import { MeterPointKey } from '../identifiers'

/** A flag, or `none` for a meter point without one. @since 0.1.0 @category model */
export type Label = 'none' | Flag

/**
 * Row and column order of every table.
 *
 * @example
 * labels[0] // 'none'
 * @since 0.1.0
 * @category constants
 */
export const labels: ReadonlyArray<Label> = ['none', 'A', 'I', 'N', 'S', 'W']

/**
 * The label of a flag or null.
 *
 * @example
 * labelOf(null) // 'none'
 * @since 0.1.0
 * @category conversions
 */
export const labelOf = (flag: Flag | null): Label => (flag === null ? 'none' : flag)

/** One policy's final flags. @since 0.1.0 @category model */
export interface Finals {
  readonly policy: string
  /** Meter point and final flag; a meter point absent here has no flag under this policy. */
  readonly flags: Iterable<readonly [string, Flag | null]>
  /**
   * Of those final flags, the ones carried over from the inventory (never set by this policy), by
   * flag: a replay starts every policy from the stored flags, so these are the stored flags' share,
   * reported apart from the policy's own (absent: not known, nothing reported).
   */
  readonly carried?: LabelCounts
}

/** Count of meter points per label. @since 0.1.0 @category model */
export type LabelCounts = Readonly<Record<Label, number>>

/** Meter points by label under `first` (rows) and under `second` (columns). @since 0.1.0 @category model */
export interface Matrix {
  readonly first: string
  readonly second: string
  readonly counts: Readonly<Record<Label, LabelCounts>>
}

/** @since 0.1.0 @category model */
export interface Report {
  readonly policies: ReadonlyArray<string>
  /** Distinct meter points named by any policy. */
  readonly meterPoints: number
  /** Per policy (in the order given), the count of each final flag. */
  readonly flagCounts: ReadonlyArray<{ readonly policy: string; readonly counts: LabelCounts }>
  /** Every ordered pair of distinct policies, first by the first policy, then the second. */
  readonly matrices: ReadonlyArray<Matrix>
  /** Per policy, the part of its final flags carried over from the inventory (when the finals gave it). */
  readonly carriedOver?: ReadonlyArray<{ readonly policy: string; readonly counts: LabelCounts }>
}

// A flag's digit (0 = none) and its policy share one 32-bit value: policy * BASE + digit.
const BASE = 6
const MAX_POLICIES = 20

const digitOf = (flag: Flag | null): number => {
  switch (flag) {
    case null: return 0
    case 'A': return 1
    case 'I': return 2
    case 'N': return 3
    case 'S': return 4
    case 'W': return 5
    default: throw new Error(`impact: ${JSON.stringify(flag)} is not a flag`)
  }
}

const zeros = (): Record<Label, number> => ({ none: 0, A: 0, I: 0, N: 0, S: 0, W: 0 })

/**
 * Joins the policies' final flags by meter point and counts them. A meter point missing from one
 * policy's finals counts as `none` there; a meter point listed twice in one policy's finals keeps
 * its later flag. Policy names must be distinct, at most 20, and every id a digit string of 1–13
 * characters (as every MPAN core and MPRN is): programmer errors otherwise, which throw.
 *
 * @example
 * const r = impact([
 *   { policy: 'legacySec', flags: [['1200023305967', 'A']] },
 *   { policy: 'mp077', flags: [['1200023305967', 'N']] },
 * ])
 * r.matrices[0].counts.A.N // 1
 * @since 0.1.0
 * @category analysis
 */
export const impact = (finals: ReadonlyArray<Finals>): Report => {
  const k = finals.length
  if (k > MAX_POLICIES) throw new Error(`impact: at most ${MAX_POLICIES} policies, got ${k}`)
  const policies = finals.map((f) => f.policy)
  if (new Set(policies).size !== k) throw new Error(`impact: policy names must be distinct: ${policies.join(', ')}`)

  // Every (meter point, policy, flag) entry is keyed numerically and sorted once (stable, so within a
  // run of one meter point the policies come in order and a later entry of one policy wins).
  const list = new MeterPointKey.KeyList()
  finals.forEach(({ flags }, policy) => {
    for (const [meterPoint, flag] of flags) {
      const key = MeterPointKey.keyOf(meterPoint)
      if (key < 0) throw new Error(`impact: ${JSON.stringify(meterPoint)} is not a meter point id (1–13 digits)`)
      list.push(key, policy * BASE + digitOf(flag))
    }
  })
  const order = MeterPointKey.sortedOrder(list.keys, list.length)

  // cells[i][j][a * BASE + b]: meter points with digit a under policy i and b under policy j (i < j).
  const perPolicy = policies.map(() => new Array<number>(BASE).fill(0))
  const cells = policies.map((_, i) => policies.map((__, j) => (i < j ? new Array<number>(BASE * BASE).fill(0) : null)))
  const digits = new Array<number>(k).fill(0)
  let meterPoints = 0
  const count = (): void => {
    meterPoints++
    for (let i = 0; i < k; i++) {
      perPolicy[i]![digits[i]!]!++
      const row = cells[i]!
      const a = digits[i]! * BASE
      for (let j = i + 1; j < k; j++) row[j]![a + digits[j]!]!++
    }
    digits.fill(0)
  }
  for (let p = 0; p < order.length; p++) {
    const e = order[p]!
    if (p > 0 && list.keys[e] !== list.keys[order[p - 1]!]) count()
    const v = list.values[e]!
    digits[Math.floor(v / BASE)] = v % BASE
  }
  if (order.length > 0) count()

  const matrices: Matrix[] = []
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue
      const flat = i < j ? cells[i]![j]! : cells[j]![i]!
      const counts = {} as Record<Label, LabelCounts>
      labels.forEach((rowLabel, a) => {
        const row = zeros()
        labels.forEach((colLabel, b) => {
          row[colLabel] = i < j ? flat[a * BASE + b]! : flat[b * BASE + a]!
        })
        counts[rowLabel] = row
      })
      matrices.push({ first: policies[i]!, second: policies[j]!, counts })
    }
  }
  const flagCounts = policies.map((policy, i) => {
    const counts = zeros()
    labels.forEach((l, d) => {
      counts[l] = perPolicy[i]![d]!
    })
    return { policy, counts }
  })
  const carried = finals.some((f) => f.carried !== undefined)
    ? finals.map((f) => ({ policy: f.policy, counts: f.carried ?? zeros() }))
    : undefined
  return carried === undefined ? { policies, meterPoints, flagCounts, matrices } : { policies, meterPoints, flagCounts, matrices, carriedOver: carried }
}

/**
 * Labels worth a row and a column: `none`, `A`, `I`, `N` always; legacy `S`, `W` when any policy has them.
 *
 * @example
 * shownLabels(impact([{ policy: 'p', flags: [] }])) // ['none', 'A', 'I', 'N']
 * @since 0.1.0
 * @category destructors
 */
export const shownLabels = (report: Report): ReadonlyArray<Label> =>
  labels.filter((l) => l === 'none' || l === 'A' || l === 'I' || l === 'N' || report.flagCounts.some((p) => p.counts[l] > 0))

/** The note under the carried-over table. */
const CARRIED_NOTE = 'flags no event changed under the policy: the inventory\'s stored flags, whichever rules set them'

/**
 * The matrices of each unordered pair once (the first policy before the second in the report's
 * order); the reverse pair's matrix is its transpose.
 *
 * @example
 * pairs(impact([{ policy: 'a', flags: [] }, { policy: 'b', flags: [] }])).length // 1
 * @since 0.1.0
 * @category destructors
 */
export const pairs = (report: Report): ReadonlyArray<Matrix> =>
  report.matrices.filter((m) => report.policies.indexOf(m.first) < report.policies.indexOf(m.second))

const padLeft = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s)
const padRight = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length))

const table = (corner: string, columns: ReadonlyArray<string>, rows: ReadonlyArray<readonly [string, ReadonlyArray<number>]>): string[] => {
  const first = Math.max(corner.length, ...rows.map(([l]) => l.length))
  const widths = columns.map((c, j) => Math.max(c.length, ...rows.map(([, v]) => String(v[j]).length)))
  const line = (head: string, cells: ReadonlyArray<string>): string =>
    (padRight(head, first) + '  ' + cells.map((c, j) => padLeft(c, widths[j]!)).join('  ')).trimEnd()
  return [line(corner, columns), ...rows.map(([l, v]) => line(l, v.map(String)))]
}

/**
 * The report as aligned text: flags per policy, then for each pair of policies its matrix (rows:
 * flag under the first, columns: flag under the second) followed by every meter point count that
 * differs between them, as `A under legacySec, N under mp077: 1234`.
 *
 * @example
 * format(impact([{ policy: 'legacySec', flags: [['1200023305967', 'A']] }, { policy: 'mp077', flags: [['1200023305967', 'N']] }]))
 * // includes 'A under legacySec, N under mp077: 1'
 * @since 0.1.0
 * @category destructors
 */
export const format = (report: Report): string => {
  const shown = shownLabels(report)
  const out: string[] = [
    `Impact over ${report.meterPoints} meter point${report.meterPoints === 1 ? '' : 's'}: ${report.policies.join(', ')}`,
    '',
    'Final flags per policy',
    ...table('policy', shown, report.flagCounts.map((p) => [p.policy, shown.map((l) => p.counts[l])] as const)),
  ]
  if (report.carriedOver !== undefined) {
    out.push('', `Of which carried over from the inventory (${CARRIED_NOTE})`)
    out.push(...table('policy', shown, report.carriedOver.map((p) => [p.policy, shown.map((l) => p.counts[l])] as const)))
  }
  for (const m of pairs(report)) {
    out.push('', `${m.first} (rows) against ${m.second} (columns)`)
    out.push(...table(`${m.first} \\ ${m.second}`, shown, shown.map((r) => [r, shown.map((c) => m.counts[r][c])] as const)))
    const changed: string[] = []
    for (const r of shown) for (const c of shown) if (r !== c && m.counts[r][c] > 0) changed.push(`  ${r} under ${m.first}, ${c} under ${m.second}: ${m.counts[r][c]}`)
    const same = shown.reduce((n, l) => n + m.counts[l][l], 0)
    out.push(`same flag under both: ${same}; different: ${report.meterPoints - same}`, ...changed)
  }
  return out.join('\n') + '\n'
}

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<a & "b">') // '&lt;a &amp; &quot;b&quot;&gt;'
 * @since 0.1.0
 * @category destructors
 */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'))

// Colour-blind-safe palette (Okabe–Ito), cycled per policy.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000']

const niceStep = (max: number): number => {
  if (max <= 4) return 1
  const raw = max / 4
  const p = Math.pow(10, Math.floor(Math.log10(raw)))
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p
  return 10 * p
}

const chart = (report: Report, shown: ReadonlyArray<Label>): string => {
  const k = Math.max(report.policies.length, 1)
  const max = Math.max(0, ...report.flagCounts.flatMap((p) => shown.map((l) => p.counts[l])))
  const step = niceStep(max)
  const axisMax = Math.max(step, Math.ceil(max / step) * step)
  // Bars and the margin widen with the longest number so every value label fits (GB counts run to 8 digits).
  const bar = Math.max(22, Math.ceil(String(max).length * 6.5) + 4)
  const gap = 18
  const groupWidth = k * bar + gap
  const left = Math.max(70, String(axisMax).length * 7 + 36)
  const top = 24
  const height = 220
  const width = left + shown.length * groupWidth + 20
  const legendY = top + height + 52
  const total = legendY + 18 * k + 8
  const y = (v: number): number => top + height - (v / axisMax) * height
  const parts: string[] = [
    `<svg class="chart" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">Final flags per policy (meter points)</title>`,
  ]
  for (let v = 0; v <= axisMax; v += step) {
    parts.push(`<line x1="${left}" y1="${y(v).toFixed(1)}" x2="${width - 10}" y2="${y(v).toFixed(1)}" class="grid"/>`,
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" class="tick" text-anchor="end">${v}</text>`)
  }
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + height}" class="axis"/>`,
    `<line x1="${left}" y1="${top + height}" x2="${width - 10}" y2="${top + height}" class="axis"/>`,
    `<text x="16" y="${top + height / 2}" class="label" text-anchor="middle" transform="rotate(-90 16 ${top + height / 2})">meter points</text>`)
  shown.forEach((l, g) => {
    const x0 = left + gap / 2 + g * groupWidth
    report.flagCounts.forEach((p, i) => {
      const v = p.counts[l]
      const x = x0 + i * bar
      parts.push(`<rect class="bar" x="${x}" y="${y(v).toFixed(1)}" width="${bar - 2}" height="${(top + height - y(v)).toFixed(1)}" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeHtml(`${l} under ${p.policy}: ${v}`)}</title></rect>`,
        `<text x="${x + (bar - 2) / 2}" y="${(y(v) - 3).toFixed(1)}" class="value" text-anchor="middle">${v}</text>`)
    })
    parts.push(`<text x="${x0 + (k * bar) / 2}" y="${top + height + 16}" class="tick" text-anchor="middle">${escapeHtml(l)}</text>`)
  })
  parts.push(`<text x="${left + (width - left) / 2}" y="${top + height + 36}" class="label" text-anchor="middle">final flag</text>`)
  report.policies.forEach((p, i) => {
    const ly = legendY + i * 18
    parts.push(`<rect class="key" x="${left}" y="${ly - 10}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`,
      `<text x="${left + 18}" y="${ly}" class="tick">${escapeHtml(p)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('\n')
}

const htmlTable = (caption: string, corner: string, columns: ReadonlyArray<string>, rows: ReadonlyArray<readonly [string, ReadonlyArray<number>]>, diagonal: boolean): string => {
  const head = `<tr><th scope="col">${escapeHtml(corner)}</th>${columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr>`
  const body = rows.map(([label, values], r) =>
    `<tr><th scope="row">${escapeHtml(label)}</th>${values.map((v, c) => `<td class="${diagonal && r === c ? 'same' : v > 0 ? 'diff' : 'zero'}">${v}</td>`).join('')}</tr>`).join('\n')
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`
}

const CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#222;max-width:70rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0}caption{text-align:left;font-weight:600;padding-bottom:.3rem}
th,td{border:1px solid #bbb;padding:.25rem .6rem}td{text-align:right;font-variant-numeric:tabular-nums}
th[scope=row]{text-align:left}td.same{background:#eef5ee}td.diff{background:#fdecd2;font-weight:600}td.zero{color:#999}
.chart .grid{stroke:#e4e4e4}.chart .axis{stroke:#333}.chart text{font-size:11px;fill:#222}.chart .label{font-size:12px}
.chart .value{font-size:10px}p.note{color:#555}`

/**
 * The report as one self-contained HTML page: inline CSS, an inline SVG bar chart of each policy's
 * final flags (axes labelled, each bar with its value), and each pair's matrix as a table. No script
 * and no external reference of any kind; every piece of text is escaped.
 *
 * @example
 * toHtml(impact([{ policy: 'mp077', flags: [['1200023305967', 'A']] }]), { title: 'Impact' }).startsWith('<!DOCTYPE html>') // true
 * @since 0.1.0
 * @category destructors
 */
export const toHtml = (report: Report, options: { readonly title: string }): string => {
  const shown = shownLabels(report)
  const sections = pairs(report).map((m) => {
    const same = shown.reduce((n, l) => n + m.counts[l][l], 0)
    return `<section>\n<h2>${escapeHtml(m.first)} against ${escapeHtml(m.second)}</h2>\n` +
      `<p>Rows: final flag under ${escapeHtml(m.first)}; columns: under ${escapeHtml(m.second)}. Same flag under both: ${same}; different: ${report.meterPoints - same}.</p>\n` +
      htmlTable(`${m.first} (rows) against ${m.second} (columns)`, `${m.first} \\ ${m.second}`, shown,
        shown.map((r) => [r, shown.map((c) => m.counts[r][c])] as const), true) + '\n</section>'
  })
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(options.title)}</h1>`,
    `<p>${report.meterPoints} meter point${report.meterPoints === 1 ? '' : 's'} under ${report.policies.length} polic${report.policies.length === 1 ? 'y' : 'ies'}: ${report.policies.map(escapeHtml).join(', ')}. &ldquo;none&rdquo;: no flag.</p>`,
    '<section>',
    '<h2>Final flags per policy</h2>',
    chart(report, shown),
    htmlTable('Final flags per policy (meter points)', 'policy', shown, report.flagCounts.map((p) => [p.policy, shown.map((l) => p.counts[l])] as const), false),
    report.carriedOver === undefined
      ? ''
      : htmlTable(`Of which carried over from the inventory (${CARRIED_NOTE})`, 'policy', shown,
        report.carriedOver.map((p) => [p.policy, shown.map((l) => p.counts[l])] as const), false),
    '</section>',
    ...sections,
    report.policies.length > 2 ? '<p class="note">Each pair appears once; the reverse pair&rsquo;s matrix is its transpose.</p>' : '',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].filter((s) => s !== '').join('\n') + '\n'
}
