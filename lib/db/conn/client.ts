import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite, type Transaction as PGliteTransaction } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import {
  applyMigrations,
  findProjectRoot,
  type MigrationResult,
  type MigrationTarget,
  type Row,
  type SqlQueryable,
} from "./migrate";
import { processSlot } from "@/lib/core/process-slot";

export type { MigrationResult, Row, SqlQueryable, SqlSession } from "./migrate";

export type DatabaseKind = "postgres" | "pglite";

/** Direct SQL on the same pool (PostgreSQL) or instance (PGlite) that Prisma uses. */
export interface RawSql extends SqlQueryable, MigrationTarget {
  /**
   * BEGIN … COMMIT on one connection. On PGlite it holds the whole instance: inside fn use only tx,
   * since any other query (Prisma's included) waits for the transaction to end.
   */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

export interface Database {
  readonly kind: DatabaseKind;
  readonly prisma: PrismaClient;
  readonly raw: RawSql;
  /** What opening applied; null when opened with `migrate: false`. */
  readonly migrations: MigrationResult | null;
  /** Idempotent. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgresql:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory (relative to the project root), or "memory://". Default `.data/pglite`. */
  pgliteDir?: string;
  /** Apply pending migrations on open. Default true. */
  migrate?: boolean;
  migrationsDir?: string;
  /** PostgreSQL pool size. Default 10. */
  poolMax?: number;
  log?: (message: string) => void;
}

export const DEFAULT_PGLITE_DIR = ".data/pglite";
const PGLITE_LOCK_FILE = "imds-pglite.lock";

const defaultLog = (message: string) => console.info(`[db] ${message}`);

// ---------------------------------------------------------------------------------------------
// Values in and out of raw SQL, made the same on both drivers.

/**
 * Dates go as ISO-8601 UTC: `timestamp` columns ignore the zone, so they store the UTC wall time
 * Prisma uses, whatever the process time zone (node-postgres would send local time).
 */
function normalizeParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(normalizeParam);
  return value;
}

const normalizeParams = (params: readonly unknown[] | undefined): unknown[] => (params ?? []).map(normalizeParam);

function literalElement(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (Array.isArray(value)) return toArrayLiteral(value);
  if (value instanceof Uint8Array) return `"\\\\x${Buffer.from(value).toString("hex")}"`;
  const text =
    value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** A PostgreSQL array literal, quoted the way node-postgres quotes it. */
export function toArrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(literalElement).join(",")}}`;
}

/**
 * PGlite serializes parameters by their described type and turns arrays of types it does not know
 * (any enum[]) into "a,b", which PostgreSQL rejects. Sending array literals, as node-postgres does,
 * makes `$1::"MetricName"[]` work here too: in raw SQL and in Prisma's raw queries.
 */
function withArrayLiterals<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== "function") return value;
      if (property === "query") {
        return (sql: string, params?: unknown[], options?: unknown) =>
          value.call(
            object,
            sql,
            params?.map((param) => (Array.isArray(param) ? toArrayLiteral(param) : param)),
            options,
          );
      }
      if (property === "transaction") {
        return (callback: (tx: PGliteTransaction) => unknown) =>
          value.call(object, (tx: PGliteTransaction) => callback(withArrayLiterals(tx)));
      }
      // Bound to the real instance: PGlite keeps its state in private fields.
      return value.bind(object);
    },
  });
}

const OID = { int8: 20, int8Array: 1016, date: 1082, dateArray: 1182, timestamp: 1114, timestampArray: 1115 };

// `timestamp` holds UTC wall time (Prisma's convention); both drivers would read it as local time.
const parseTimestamp = (text: string): Date | string =>
  /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) ? new Date(`${text.replace(" ", "T")}Z`) : text;
const parseDate = (text: string): Date | string =>
  /^\d{4}-\d\d-\d\d$/.test(text) ? new Date(`${text}T00:00:00Z`) : text;

function parseFlatArray<T>(text: string, parse: (element: string) => T): (T | null)[] {
  if (text.startsWith("{{"))
    throw new Error(`raw SQL: multi-dimensional arrays of this type are not supported (${text.slice(0, 40)})`);
  if (text === "{}") return [];
  return text
    .slice(1, -1)
    .split(",")
    .map((element) => (element === "NULL" ? null : parse(element.startsWith('"') ? element.slice(1, -1) : element)));
}

/** int8 is bigint (as in Prisma), timestamp and date are UTC Dates: identical on both drivers. */
const RAW_PARSERS: Record<number, (text: string) => unknown> = {
  [OID.int8]: (text) => BigInt(text),
  [OID.int8Array]: (text) => parseFlatArray(text, BigInt),
  [OID.timestamp]: parseTimestamp,
  [OID.timestampArray]: (text) => parseFlatArray(text, parseTimestamp),
  [OID.date]: parseDate,
  [OID.dateArray]: (text) => parseFlatArray(text, parseDate),
};

const rawPgTypes: pg.CustomTypesConfig = {
  // safe because the override only replaces text-format parsers, which all take one string
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    (format ?? "text") === "text" && RAW_PARSERS[oid]
      ? RAW_PARSERS[oid]
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// ---------------------------------------------------------------------------------------------
// RawSql over each driver.

type PgRunner = pg.Pool | pg.PoolClient | pg.Client;

function pgQueryable(runner: PgRunner): SqlQueryable {
  return {
    async query<R extends object = Row>(sql: string, params?: readonly unknown[]) {
      const result = await runner.query<R & pg.QueryResultRow>({
        text: sql,
        values: normalizeParams(params),
        types: rawPgTypes,
      });
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string) {
      await runner.query(sql);
    },
  };
}

/** Runs fn between BEGIN and COMMIT on client; returns the error that left the connection unusable, if any. */
async function pgTransaction<T>(client: pg.PoolClient | pg.Client, fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  let result: T;
  try {
    result = await fn(pgQueryable(client));
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      throw new AggregateError([error, rollbackError], "Transaction failed and could not be rolled back", {
        cause: error,
      });
    }
    throw error;
  }
  await client.query("COMMIT");
  return result;
}

function rawForPostgres(pool: pg.Pool, url: string): RawSql {
  return {
    ...pgQueryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        return await pgTransaction(client, fn);
      } catch (error) {
        // A failed ROLLBACK/COMMIT leaves the connection in an unknown state: discard it.
        if (error instanceof AggregateError) failure = error;
        throw error;
      } finally {
        client.release(failure);
      }
    },
    async session(fn) {
      // Its own connection, not a pooled one: session state (advisory locks, SET) ends with it.
      const client = new pg.Client({ connectionString: url });
      client.on("error", (error) => console.error("[db] dedicated PostgreSQL session failed:", error));
      await client.connect();
      try {
        return await fn({ ...pgQueryable(client), transaction: (txFn) => pgTransaction(client, txFn) });
      } finally {
        await client.end();
      }
    },
  };
}

function pgliteQueryable(runner: Pick<PGlite | PGliteTransaction, "query" | "exec">): SqlQueryable {
  return {
    async query<R extends object = Row>(sql: string, params?: readonly unknown[]) {
      const result = await runner.query<R>(sql, normalizeParams(params), { parsers: RAW_PARSERS });
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await runner.exec(sql);
    },
  };
}

function rawForPGlite(pglite: PGlite): RawSql {
  const base = pgliteQueryable(pglite);
  const transaction = <T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> =>
    pglite.transaction((tx) => fn(pgliteQueryable(tx)));
  // PGlite is a single session: "a dedicated session" is that session.
  return { ...base, transaction, session: (fn) => fn({ ...base, transaction }) };
}

// ---------------------------------------------------------------------------------------------
// One PGlite per data directory: it is an in-process PostgreSQL with no guard of its own, and two
// instances (in one process or two) on one directory silently lose each other's writes.

const openPGliteDirs = processSlot<Set<string>>("pglite-dirs");
const sharedDatabase = processSlot<Promise<Database>>("database");
const shutdownHooked = processSlot<boolean>("database-shutdown-hooked");

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function lockDataDir(dir: string): () => void {
  const openDirs = (openPGliteDirs.value ??= new Set());
  if (openDirs.has(dir)) {
    throw new Error(
      `The PGlite data directory ${dir} is already open in this process. PGlite allows one instance per ` +
        "directory: share it through getDatabase() instead of calling createDatabase() again.",
    );
  }
  const lockFile = path.join(dir, PGLITE_LOCK_FILE);
  for (let attempt = 0; ; attempt += 1) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 2) throw error;
      const owner = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
      const justCreated = Date.now() - statSync(lockFile).mtimeMs < 10_000;
      if (
        (Number.isNaN(owner) && justCreated) ||
        (owner !== process.pid && !Number.isNaN(owner) && processIsAlive(owner))
      ) {
        throw new Error(
          `The PGlite data directory ${dir} is in use by process ${Number.isNaN(owner) ? "(starting)" : owner}. ` +
            "PGlite is single-process: stop that process (e.g. the dev server) first, or set DATABASE_URL to " +
            `use PostgreSQL when several processes need the database. (Lock file: ${lockFile})`,
        );
      }
      // Left by a process that has exited.
      rmSync(lockFile, { force: true });
    }
  }
  openDirs.add(dir);
  const removeLockFile = () => {
    try {
      if (readFileSync(lockFile, "utf8").trim() === String(process.pid)) rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT")
        console.error(`[db] could not remove ${lockFile}:`, error);
    }
  };
  process.once("exit", removeLockFile);
  return () => {
    process.off("exit", removeLockFile);
    openDirs.delete(dir);
    removeLockFile();
  };
}

// ---------------------------------------------------------------------------------------------

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

async function finishOpening(base: Omit<Database, "migrations">, options: DatabaseOptions): Promise<Database> {
  if (options.migrate === false) return { ...base, migrations: null };
  try {
    const migrations = await applyMigrations(base.raw, {
      migrationsDir: options.migrationsDir,
      log: options.log ?? defaultLog,
    });
    return { ...base, migrations };
  } catch (error) {
    await base
      .close()
      .catch((closeError: unknown) => console.error("[db] closing after a failed migration failed:", closeError));
    throw error;
  }
}

function openPostgres(url: string, options: DatabaseOptions): Omit<Database, "migrations"> {
  // JIT compiles whole-fleet aggregates for hundreds of ms and saves less than that here (measured
  // with bench/api.bench.ts): the dashboard's queries are short, so it is off for its connections.
  const pool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 10, options: "-c jit=off" });
  // An idle pooled connection dropped by the server must not crash the process; the pool replaces it.
  pool.on("error", (error) => console.error("[db] idle PostgreSQL connection failed:", error));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    raw: rawForPostgres(pool, url),
    close: once(async () => {
      try {
        await prisma.$disconnect();
      } finally {
        await pool.end();
      }
    }),
  };
}

/**
 * Wraps an already created PGlite (tests load one from a template dump). close() closes it and
 * then runs onClose.
 */
export async function openDatabaseOnPGlite(
  instance: PGlite,
  options: Omit<DatabaseOptions, "url" | "pgliteDir" | "poolMax"> & { onClose?: () => void } = {},
): Promise<Database> {
  const pglite = withArrayLiterals(instance);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return finishOpening(
    {
      kind: "pglite",
      prisma,
      raw: rawForPGlite(pglite),
      close: once(async () => {
        try {
          await prisma.$disconnect();
          await instance.close();
        } finally {
          options.onClose?.();
        }
      }),
    },
    options,
  );
}

function resolveDataDir(dir: string): string {
  return path.resolve(findProjectRoot() ?? process.cwd(), dir);
}

/** A PGlite with the extensions the migrations create (PGlite loads extensions at start only). */
export function createPGlite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<PGlite> {
  return PGlite.create({ ...options, extensions: { pg_trgm } });
}

/**
 * Opens PostgreSQL (through a pg Pool and @prisma/adapter-pg) when `url` is given, else the
 * embedded PGlite, and applies pending migrations unless `migrate: false`.
 */
export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) return finishOpening(openPostgres(options.url, options), options);

  const dirOption = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
  if (dirOption.startsWith("memory://"))
    return openDatabaseOnPGlite(await createPGlite({ dataDir: "memory://" }), options);

  const dir = resolveDataDir(dirOption);
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  let instance: PGlite;
  try {
    instance = await createPGlite({ dataDir: dir });
  } catch (error) {
    unlock();
    throw new Error(`Could not open the PGlite database in ${dir}`, { cause: error });
  }
  return openDatabaseOnPGlite(instance, { ...options, onClose: unlock });
}

// ---------------------------------------------------------------------------------------------
// The process's one database. Cached on globalThis so Next.js dev reloads reuse it (a second PGlite
// on the same directory would be refused).

async function openShared(forget: () => void): Promise<Database> {
  const config = env();
  defaultLog(
    config.DATABASE_URL
      ? `Using PostgreSQL at ${new URL(config.DATABASE_URL).host}`
      : `Using the embedded PGlite in ${config.PGLITE_DIR.startsWith("memory://") ? "memory" : resolveDataDir(config.PGLITE_DIR)}`,
  );
  const database = await createDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  hookShutdown();
  return {
    ...database,
    close: async () => {
      forget();
      await database.close();
    },
  };
}

/** The shared database configured by DATABASE_URL / PGLITE_DIR, opened and migrated on first use. */
export function getDatabase(): Promise<Database> {
  const cached = sharedDatabase.value;
  if (cached) return cached;
  const forget = () => {
    if (sharedDatabase.value === opening) sharedDatabase.value = undefined;
  };
  const opening: Promise<Database> = openShared(forget).catch((error: unknown) => {
    forget();
    throw error;
  });
  sharedDatabase.value = opening;
  return opening;
}

/** Closes the shared database if it was opened. */
export async function closeDatabase(): Promise<void> {
  const opening = sharedDatabase.value;
  sharedDatabase.value = undefined;
  if (opening) await (await opening).close();
}

function hookShutdown(): void {
  if (shutdownHooked.value) return;
  shutdownHooked.value = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      closeDatabase()
        .catch((error: unknown) => console.error("[db] closing the database on shutdown failed:", error))
        .finally(() => {
          // Re-raise for the default exit unless someone else (Next.js) handles the signal.
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
    });
  }
}
