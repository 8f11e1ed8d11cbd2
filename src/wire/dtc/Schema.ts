/**
 * DTC (Data Transfer Catalogue) layouts as data: item specs, group specs and flow schemas. The engine
 * in `Dtc` reads any flow described here, so a corrected D0350 layout, or another flow, is a value
 * to pass in rather than code to write.
 *
 * The `ZHV` header and `ZPT` trailer follow docs/formats.md exactly and are shared by every flow.
 *
 * @since 0.1.0
 */

/**
 * Which characters a text item may hold. `any` accepts every byte (the framer still reports bytes
 * outside printable ASCII); no class admits `|`, since it ends the item.
 *
 * @example
 * const c: CharClass = 'upperAlphanumeric' // [A-Z0-9]
 * @since 0.1.0
 * @category model
 */
export type CharClass = 'digit' | 'upperAlphanumeric' | 'alphanumeric' | 'printable' | 'any'

/**
 * What an item holds, and so how it is checked:
 * - `text`: `minLength`–`maxLength` characters of `charClass` (`invalid_field`);
 * - `count`: a decimal count without leading zeros, read as a number (`invalid_field`);
 * - `date` / `timestamp`: a real `YYYYMMDD` / `YYYYMMDDHHMMSS` (`invalid_date`);
 * - `mpanCore`: 13 digits (`invalid_field`) with a correct check digit (`bad_check_digit`);
 * - `flag`: a DCC Service Flag, `A`, `N` or `I`, `S`/`W` only with `legacyFlags` (`invalid_flag`);
 * - `constant`: exactly `value` (`invalid_field`).
 *
 * @example
 * const k: ItemKind = text('alphanumeric', 1, 10)
 * @since 0.1.0
 * @category model
 */
export type ItemKind =
  | { readonly _tag: 'text'; readonly charClass: CharClass; readonly minLength: number; readonly maxLength: number }
  | { readonly _tag: 'count' }
  | { readonly _tag: 'date' }
  | { readonly _tag: 'timestamp' }
  | { readonly _tag: 'mpanCore' }
  | { readonly _tag: 'flag' }
  | { readonly _tag: 'constant'; readonly value: string }

/**
 * One item of a record. An optional item may be empty (`||`); a mandatory one may not.
 *
 * @example
 * const s: ItemSpec = item('effectiveFrom', 'Effective From Date', 'J1834', kind('date'))
 * @since 0.1.0
 * @category model
 */
export interface ItemSpec {
  /** camelCase name: the key in typed values and the field name in diagnostics. */
  readonly name: string
  /** The DTC name, used in messages. */
  readonly label: string
  /** The DTC data item id (e.g. `J0003`), or null where it is not known. */
  readonly dataItem: string | null
  readonly kind: ItemKind
  readonly optional: boolean
}

/**
 * One body group: its 3-character id, its level (1 = a flow instance), its parent group id (null
 * at level 1) and its items in order.
 *
 * @example
 * const g: GroupSpec = { id: 'DSF', label: 'DCC Service Flag', level: 1, parent: null, items: [] }
 * @since 0.1.0
 * @category model
 */
export interface GroupSpec {
  readonly id: string
  readonly label: string
  readonly level: number
  readonly parent: string | null
  readonly items: ReadonlyArray<ItemSpec>
}

/**
 * A whole flow: its id and version (e.g. `D0350`, `001`), the `ZHV` header and `ZPT` trailer item
 * specs, and the body groups.
 *
 * @example
 * const s: FlowSchema = flow('D0350', '001', [])
 * @since 0.1.0
 * @category model
 */
export interface FlowSchema {
  readonly flowId: string
  readonly version: string
  readonly header: ReadonlyArray<ItemSpec>
  readonly trailer: ReadonlyArray<ItemSpec>
  readonly groups: ReadonlyArray<GroupSpec>
}

/**
 * The group id of every DTC file's header.
 *
 * @example
 * HEADER_ID // 'ZHV'
 * @since 0.1.0
 * @category constants
 */
export const HEADER_ID = 'ZHV'

/**
 * The group id of every DTC file's trailer.
 *
 * @example
 * TRAILER_ID // 'ZPT'
 * @since 0.1.0
 * @category constants
 */
export const TRAILER_ID = 'ZPT'

/**
 * A text kind.
 *
 * @example
 * text('alphanumeric', 1, 10) // { _tag: 'text', charClass: 'alphanumeric', minLength: 1, maxLength: 10 }
 * @since 0.1.0
 * @category constructors
 */
export const text = (charClass: CharClass, minLength: number, maxLength: number): ItemKind => ({ _tag: 'text', charClass, minLength, maxLength })

/**
 * A kind without parameters.
 *
 * @example
 * kind('date') // { _tag: 'date' }
 * @since 0.1.0
 * @category constructors
 */
export const kind = (tag: 'count' | 'date' | 'timestamp' | 'mpanCore' | 'flag'): ItemKind => ({ _tag: tag })

/**
 * A constant kind.
 *
 * @example
 * constant('D0350001') // { _tag: 'constant', value: 'D0350001' }
 * @since 0.1.0
 * @category constructors
 */
export const constant = (value: string): ItemKind => ({ _tag: 'constant', value })

/**
 * A mandatory item.
 *
 * @example
 * item('mpanCore', 'MPAN Core', 'J0003', kind('mpanCore'))
 * @since 0.1.0
 * @category constructors
 */
export const item = (name: string, label: string, dataItem: string | null, k: ItemKind): ItemSpec => ({ name, label, dataItem, kind: k, optional: false })

/**
 * An optional item (may be empty).
 *
 * @example
 * optionalItem('broadcast', 'Broadcast', null, text('upperAlphanumeric', 1, 1))
 * @since 0.1.0
 * @category constructors
 */
export const optionalItem = (name: string, label: string, dataItem: string | null, k: ItemKind): ItemSpec => ({ name, label, dataItem, kind: k, optional: true })

/**
 * The `ZHV` header items of a flow (docs/formats.md), given its flow and version, e.g. `D0350001`.
 *
 * @example
 * header('D0350001').length // 11
 * @since 0.1.0
 * @category constructors
 */
export const header = (flowAndVersion: string): ReadonlyArray<ItemSpec> => [
  item('fileId', 'File Identifier', null, text('alphanumeric', 1, 10)),
  item('flowVersion', 'Data Flow and Version', null, constant(flowAndVersion)),
  item('fromRole', 'From Role Code', null, text('upperAlphanumeric', 1, 1)),
  item('fromParticipant', 'From Participant Id', null, text('upperAlphanumeric', 4, 4)),
  item('toRole', 'To Role Code', null, text('upperAlphanumeric', 1, 1)),
  item('toParticipant', 'To Participant Id', null, text('upperAlphanumeric', 4, 4)),
  item('createdAt', 'File Creation Timestamp', null, kind('timestamp')),
  optionalItem('sendingApplication', 'Sending Application Id', null, text('alphanumeric', 1, 5)),
  optionalItem('receivingApplication', 'Receiving Application Id', null, text('alphanumeric', 1, 5)),
  optionalItem('broadcast', 'Broadcast', null, text('upperAlphanumeric', 1, 1)),
  item('testDataFlag', 'Test Data Flag', null, text('upperAlphanumeric', 1, 4)),
]

/**
 * The `ZPT` trailer items (docs/formats.md). The checksum is kept as read and never verified.
 *
 * @example
 * trailer.map((i) => i.name) // ['fileId', 'groupCount', 'checksum', 'flowCount', 'completedAt']
 * @since 0.1.0
 * @category constants
 */
export const trailer: ReadonlyArray<ItemSpec> = [
  item('fileId', 'File Identifier', null, text('alphanumeric', 1, 10)),
  item('groupCount', 'Total Group Count', null, kind('count')),
  optionalItem('checksum', 'Checksum', null, text('any', 0, Number.MAX_SAFE_INTEGER)),
  item('flowCount', 'Flow Count', null, kind('count')),
  item('completedAt', 'File Completion Timestamp', null, kind('timestamp')),
]

/**
 * 0-based position of the File Identifier in the `ZPT` items (compared with the header's).
 *
 * @example
 * trailer[TRAILER_FILE_ID]!.name // 'fileId'
 * @since 0.1.0
 * @category constants
 */
export const TRAILER_FILE_ID = 0

/**
 * 0-based position of the Total Group Count in the `ZPT` items.
 *
 * @example
 * trailer[TRAILER_GROUP_COUNT]!.name // 'groupCount'
 * @since 0.1.0
 * @category constants
 */
export const TRAILER_GROUP_COUNT = 1

/**
 * 0-based position of the Flow Count in the `ZPT` items.
 *
 * @example
 * trailer[TRAILER_FLOW_COUNT]!.name // 'flowCount'
 * @since 0.1.0
 * @category constants
 */
export const TRAILER_FLOW_COUNT = 3

/**
 * 0-based position of the File Identifier in the `ZHV` items.
 *
 * @example
 * header('D0350001')[HEADER_FILE_ID]!.name // 'fileId'
 * @since 0.1.0
 * @category constants
 */
export const HEADER_FILE_ID = 0

/**
 * A flow schema with the standard `ZHV`/`ZPT`.
 *
 * @example
 * const s = flow('D0350', '001', [])
 * s.header[1]!.kind // { _tag: 'constant', value: 'D0350001' }
 * @since 0.1.0
 * @category constructors
 */
export const flow = (flowId: string, version: string, groups: ReadonlyArray<GroupSpec>): FlowSchema => ({
  flowId,
  version,
  header: header(flowId + version),
  trailer,
  groups,
})

/**
 * A programmer-error check of a schema: group ids are 3 characters, unique, not `ZHV`/`ZPT`, levels
 * start at 1 and every parent exists one level up; item names are unique within a record.
 * Returns the problems found (empty when the schema is usable).
 *
 * @example
 * problems(flow('D0350', '001', [{ id: 'DSF', label: 'x', level: 2, parent: null, items: [] }]))
 * // ['group DSF: level 2 needs a parent']
 * @since 0.1.0
 * @category checks
 */
export const problems = (schema: FlowSchema): ReadonlyArray<string> => {
  const out: string[] = []
  const byId = new Map<string, GroupSpec>()
  for (const g of schema.groups) {
    if (g.id.length !== 3 || g.id.includes('|')) out.push(`group ${g.id}: id must be 3 characters without "|"`)
    if (g.id === HEADER_ID || g.id === TRAILER_ID) out.push(`group ${g.id}: id is reserved`)
    if (byId.has(g.id)) out.push(`group ${g.id}: duplicate id`)
    byId.set(g.id, g)
  }
  for (const g of schema.groups) {
    if (!Number.isInteger(g.level) || g.level < 1) out.push(`group ${g.id}: level must be an integer ≥ 1`)
    else if (g.level === 1 && g.parent !== null) out.push(`group ${g.id}: level 1 has no parent`)
    else if (g.level > 1) {
      const p = g.parent === null ? undefined : byId.get(g.parent)
      if (g.parent === null) out.push(`group ${g.id}: level ${g.level} needs a parent`)
      else if (p === undefined) out.push(`group ${g.id}: unknown parent ${g.parent}`)
      else if (p.level !== g.level - 1) out.push(`group ${g.id}: parent ${p.id} is not one level up`)
    }
  }
  for (const [where, items] of [['ZHV', schema.header], ['ZPT', schema.trailer], ...schema.groups.map((g) => [g.id, g.items] as const)] as const) {
    const names = new Set<string>()
    for (const i of items) {
      if (names.has(i.name)) out.push(`${where}: duplicate item name ${i.name}`)
      names.add(i.name)
    }
  }
  if (schema.header.length !== 11) out.push('ZHV: must have 11 items')
  if (schema.trailer.length !== 5) out.push('ZPT: must have 5 items')
  return out
}
