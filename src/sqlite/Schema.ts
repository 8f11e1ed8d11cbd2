/**
 * The state database's schema (version 1): the tables, the storage codes of device types and
 * statuses, and the marks that tell our files from others (`PRAGMA application_id`) and say which
 * version wrote them (`PRAGMA user_version`), both checked on open.
 *
 * Laid out for GB scale (54 million meter points, 70 million devices):
 * - meter points keyed by their integer `MeterPointKey` (the table's rowid: no second index);
 * - devices keyed by the two 32-bit halves of their EUI-64 (a `WITHOUT ROWID` table), with their
 *   one or two links in the row and an index from meter point to device;
 * - the pending candidates found through a partial index on the rows whose (flag, effective-from)
 *   differs from what was last sent: a day's notify reads O(changes), not O(inventory). Which
 *   candidates are due is still the outbox's decision, never SQL's;
 * - flags as their letter, dates as `YYYYMMDD` integers, types and statuses as small codes (with
 *   lookup tables and a readable view, `device_view`, for people querying the file).
 *
 * @since 0.2.0
 */
import type { Model } from 'dcc-service-flags'
import type { Connection } from './Driver'

/**
 * The schema version this library writes and reads.
 *
 * @example
 * VERSION // 1
 * @since 0.2.0
 * @category constants
 */
export const VERSION = 1

/**
 * `PRAGMA application_id` of our files: `DCCF` in ASCII.
 *
 * @example
 * APPLICATION_ID.toString(16) // '44434346'
 * @since 0.2.0
 * @category constants
 */
export const APPLICATION_ID = 0x44434346

/**
 * The storage code of each device type. Codes are part of the file format: never renumber one.
 *
 * @example
 * typeCodes.ESME // 1
 * @since 0.2.0
 * @category constants
 */
export const typeCodes: Readonly<Record<Model.DeviceType, number>> = { ESME: 1, GSME: 2, CHF: 3, GPF: 4, PPMID: 5, HCALCS: 6, IHD: 7, CAD: 8 }

/**
 * The storage code of each SMI status. Codes are part of the file format: never renumber one.
 *
 * @example
 * statusCodes.Commissioned // 4
 * @since 0.2.0
 * @category constants
 */
export const statusCodes: Readonly<Record<Model.DeviceStatus, number>> = {
  Pending: 1, Whitelisted: 2, InstalledNotCommissioned: 3, Commissioned: 4, Suspended: 5,
  Recovery: 6, Recovered: 7, Withdrawn: 8, Decommissioned: 9,
}

const inverse = <K extends string>(codes: Readonly<Record<K, number>>): ReadonlyArray<K | undefined> => {
  const out: Array<K | undefined> = []
  for (const k of Object.keys(codes) as K[]) out[codes[k]] = k
  return out
}

/**
 * Device types by storage code (index 0 unused).
 *
 * @example
 * typeOfCode[2] // 'GSME'
 * @since 0.2.0
 * @category constants
 */
export const typeOfCode: ReadonlyArray<Model.DeviceType | undefined> = inverse(typeCodes)

/**
 * SMI statuses by storage code (index 0 unused).
 *
 * @example
 * statusOfCode[9] // 'Decommissioned'
 * @since 0.2.0
 * @category constants
 */
export const statusOfCode: ReadonlyArray<Model.DeviceStatus | undefined> = inverse(statusCodes)

/** The tables, created in one transaction by {@link create}; indexes that bulk loads build last are in {@link INDEXES}. */
const TABLES = `
CREATE TABLE setting (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE device_type (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE device_status (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

-- key: MeterPointKey.keyOf(id); flag/eff: the current pair; sent_*: the pair last sent (notified);
-- held_*: the pair an E46 RJ rejected, and why (null: not held)
CREATE TABLE meter_point (
  key         INTEGER PRIMARY KEY,
  flag        TEXT,
  eff         INTEGER,
  sent_flag   TEXT,
  sent_eff    INTEGER,
  held_flag   TEXT,
  held_eff    INTEGER,
  held_reason TEXT
);

-- hi/lo: the two 32-bit halves of the EUI-64; last_event_at: the instant of the last event applied,
-- in microseconds since the epoch; mp1/mp2: the keys of the meter points served, in link order
CREATE TABLE device (
  hi            INTEGER NOT NULL,
  lo            INTEGER NOT NULL,
  type          INTEGER NOT NULL REFERENCES device_type (code),
  status        INTEGER REFERENCES device_status (code),
  last_event_at INTEGER,
  mp1           INTEGER,
  mp2           INTEGER,
  PRIMARY KEY (hi, lo)
) WITHOUT ROWID;

CREATE TABLE event (id TEXT PRIMARY KEY) WITHOUT ROWID;

-- one row per command run that changed the database
CREATE TABLE run (
  id          INTEGER PRIMARY KEY,
  command     TEXT NOT NULL,
  clock       TEXT,
  recorded_at TEXT,
  summary     TEXT NOT NULL
);

-- the history of flag changes, in the order they were applied, with their causing event
CREATE TABLE change (
  seq       INTEGER PRIMARY KEY,
  run       INTEGER NOT NULL,
  mp        INTEGER NOT NULL,
  from_flag TEXT,
  to_flag   TEXT NOT NULL,
  eff       INTEGER NOT NULL,
  event_id  TEXT NOT NULL,
  policy    TEXT NOT NULL
);

-- the files notify wrote; placed = 0 while a committed run's files still wait in its staging folder
CREATE TABLE file (
  id       INTEGER PRIMARY KEY,
  run      INTEGER NOT NULL,
  name     TEXT NOT NULL UNIQUE,
  kind     TEXT NOT NULL,
  registry TEXT NOT NULL,
  number   INTEGER NOT NULL,
  records  INTEGER NOT NULL,
  bytes    INTEGER NOT NULL,
  sha256   TEXT NOT NULL,
  dir      TEXT NOT NULL,
  staging  TEXT NOT NULL,
  placed   INTEGER NOT NULL
);

-- what each file contained
CREATE TABLE notification (
  mp   INTEGER NOT NULL,
  file INTEGER NOT NULL,
  flag TEXT NOT NULL,
  eff  INTEGER NOT NULL,
  PRIMARY KEY (mp, file)
) WITHOUT ROWID;

-- the E46 response files applied (by the SHA-256 of their bytes) and each of their records
CREATE TABLE response (
  id           INTEGER PRIMARY KEY,
  run          INTEGER NOT NULL,
  sha256       TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  generation   TEXT NOT NULL,
  organisation TEXT NOT NULL,
  records      INTEGER NOT NULL
);
CREATE TABLE answer (
  response INTEGER NOT NULL,
  record   INTEGER NOT NULL,
  mp       INTEGER,
  mprn     TEXT NOT NULL,
  outcome  TEXT NOT NULL,
  flag     TEXT NOT NULL,
  eff      TEXT NOT NULL,
  result   TEXT NOT NULL,
  PRIMARY KEY (response, record)
) WITHOUT ROWID;

-- holds lifted by release
CREATE TABLE released (
  mp     INTEGER NOT NULL,
  run    INTEGER NOT NULL,
  flag   TEXT NOT NULL,
  eff    INTEGER NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (mp, run)
) WITHOUT ROWID;

CREATE VIEW device_view AS
  SELECT printf('%02X-%02X-%02X-%02X-%02X-%02X-%02X-%02X',
           (hi >> 24) & 255, (hi >> 16) & 255, (hi >> 8) & 255, hi & 255,
           (lo >> 24) & 255, (lo >> 16) & 255, (lo >> 8) & 255, lo & 255) AS id,
         t.name AS type, s.name AS status,
         strftime('%Y-%m-%dT%H:%M:%fZ', last_event_at / 1000000.0, 'unixepoch') AS last_event_at, mp1, mp2
  FROM device d JOIN device_type t ON t.code = d.type LEFT JOIN device_status s ON s.code = d.status;
`

/**
 * The secondary indexes: created after a bulk load (building an index from sorted data is much
 * faster than keeping it up to date row by row).
 *
 * @example
 * INDEXES.includes('meter_point_unsent') // true
 * @since 0.2.0
 * @category constants
 */
export const INDEXES = `
CREATE INDEX device_by_mp1 ON device (mp1) WHERE mp1 IS NOT NULL;
CREATE INDEX device_by_mp2 ON device (mp2) WHERE mp2 IS NOT NULL;
CREATE INDEX meter_point_unsent ON meter_point (key)
  WHERE flag IS NOT NULL AND (sent_flag IS NOT flag OR sent_eff IS NOT eff);
CREATE INDEX meter_point_held ON meter_point (key) WHERE held_flag IS NOT NULL;
CREATE INDEX change_by_mp ON change (mp);
CREATE INDEX change_by_run ON change (run);
CREATE INDEX file_unplaced ON file (run) WHERE placed = 0;
CREATE INDEX file_by_run ON file (run);
CREATE INDEX notification_by_file ON notification (file);
CREATE INDEX answer_by_mp ON answer (mp) WHERE mp IS NOT NULL;
`

/**
 * The `WHERE` clause of the partial index `meter_point_unsent`: a query must repeat it word for
 * word for SQLite to use the index.
 *
 * @example
 * `SELECT key FROM meter_point WHERE ${UNSENT}`
 * @since 0.2.0
 * @category constants
 */
export const UNSENT = 'flag IS NOT NULL AND (sent_flag IS NOT flag OR sent_eff IS NOT eff)'

/**
 * Creates the tables (not {@link INDEXES}), fills the lookup tables and marks the file as ours, at
 * this {@link VERSION}. The caller holds the transaction.
 *
 * @example
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * create(connection)
 * @since 0.2.0
 * @category constructors
 */
export const create = (db: Connection): void => {
  db.exec(TABLES)
  const t = db.prepare('INSERT INTO device_type (code, name) VALUES (?, ?)')
  for (const [name, code] of Object.entries(typeCodes)) t.run(code, name)
  const s = db.prepare('INSERT INTO device_status (code, name) VALUES (?, ?)')
  for (const [name, code] of Object.entries(statusCodes)) s.run(code, name)
  db.pragma(`application_id = ${APPLICATION_ID}`)
  db.pragma(`user_version = ${VERSION}`)
}

/** What {@link check} found. @since 0.2.0 @category model */
export type Check =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'not_ours' | 'unknown_schema'; readonly message: string }

/**
 * Whether an open file is one of ours at a version we know. Only reads the file header.
 *
 * @example
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * check(connection) // { ok: true }
 * @since 0.2.0
 * @category checks
 */
export const check = (db: Connection): Check => {
  const app = Number(db.pragma('application_id', { simple: true }))
  const version = Number(db.pragma('user_version', { simple: true }))
  if (app !== APPLICATION_ID) {
    return { ok: false, code: 'not_ours', message: 'an SQLite database, but not a dcc-flags state database; it was left untouched' }
  }
  if (version !== VERSION) {
    const why = version > VERSION ? 'written by a newer version of dcc-flags' : 'an older layout this version cannot read'
    return { ok: false, code: 'unknown_schema', message: `schema version ${version} (${why}; this version knows ${VERSION}); it was left untouched` }
  }
  return { ok: true }
}
