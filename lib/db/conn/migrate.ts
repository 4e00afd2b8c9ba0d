import { createHash, randomUUID } from "node:crypto";
import { sha256Hex } from "@/lib/domain/hash";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Applies prisma/migrations the way `prisma migrate deploy` does, without the native schema engine:
// same `_prisma_migrations` table and rows, same advisory lock key, so `prisma migrate status`
// on a machine that has the engine agrees with what the app applied.

/** Prisma Migrate's own advisory lock key: the app and a real `prisma migrate deploy` exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// Verbatim from Prisma's PostgreSQL connector (create_migrations_table).
export const PRISMA_MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export type Row = Record<string, unknown>;

/** One connection's worth of SQL: parameterised queries and multi-statement scripts. */
export interface SqlQueryable {
  query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /** Runs a script of one or more statements, without parameters. */
  exec(sql: string): Promise<void>;
}

/** A dedicated connection that can also run a transaction on itself. */
export interface SqlSession extends SqlQueryable {
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

/** Anything that can lend a dedicated session: `Database.raw` from ./client. */
export interface MigrationTarget {
  session<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
}

export type MigrationErrorCode =
  | "MIGRATIONS_DIR_NOT_FOUND"
  | "MIGRATION_FILE_MISSING"
  | "PROVIDER_MISMATCH"
  | "DATABASE_NOT_EMPTY"
  | "FAILED_MIGRATION_RECORDED"
  | "CHECKSUM_MISMATCH"
  | "LOCK_TIMEOUT"
  | "MIGRATION_FAILED";

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export interface LocalMigration {
  name: string;
  /** The migration.sql file exactly as stored. */
  script: string;
  /** sha256 hex of the file's bytes, as Prisma records it. */
  checksum: string;
}

export interface MigrationResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied before this call. */
  alreadyApplied: string[];
  /** Recorded as applied in the database but absent from the directory (a newer release ran here). */
  unknownApplied: string[];
}

export interface ApplyMigrationsOptions {
  migrationsDir?: string;
  /** How long to wait for another migrator (another app process, `prisma migrate deploy`). */
  lockTimeoutMs?: number;
  log?: (message: string) => void;
}

interface MigrationRow extends Row {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

export { sha256Hex };

/**
 * Prisma's own comparison: tolerant of CRLF/LF conversion by git, and of the non-zero-padded hex
 * that an old schema engine wrote (prisma-engines#1887).
 */
export function checksumMatches(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const rendered =
      recorded.length !== 0 && recorded.length !== 64
        ? Array.from(digest, (byte) => byte.toString(16)).join("")
        : digest.toString("hex");
    return rendered === recorded;
  });
}

function moduleDir(): string | undefined {
  try {
    return import.meta.url.startsWith("file:") ? path.dirname(fileURLToPath(import.meta.url)) : undefined;
  } catch {
    // Bundlers may rewrite import.meta.url; the cwd candidates still apply.
    return undefined;
  }
}

function ancestors(start: string): string[] {
  const out: string[] = [];
  let current = path.resolve(start);
  for (;;) {
    out.push(current);
    const parent = path.dirname(current);
    if (parent === current) return out;
    current = parent;
  }
}

/**
 * The project root: the nearest directory holding prisma/migrations, searched from the cwd (what
 * `next start`, tsx and vitest use) and then from this module's location (bundled server chunks).
 */
export function findProjectRoot(): string | undefined {
  const starts = [process.cwd(), moduleDir()].filter((dir): dir is string => dir !== undefined);
  for (const start of starts) {
    for (const dir of ancestors(start)) {
      if (existsSync(path.join(dir, "prisma", "migrations"))) return dir;
    }
  }
  return undefined;
}

export function findMigrationsDir(): string {
  const root = findProjectRoot();
  if (root === undefined) {
    throw new MigrationError(
      "MIGRATIONS_DIR_NOT_FOUND",
      `No prisma/migrations directory found above ${process.cwd()}${moduleDir() ? ` or ${moduleDir()}` : ""}. ` +
        "Run from the project root, or pass migrationsDir.",
    );
  }
  return path.join(root, "prisma", "migrations");
}

/** The migrations directory's migrations, in Prisma's order (directory name). */
export function readLocalMigrations(migrationsDir: string): LocalMigration[] {
  if (!existsSync(migrationsDir)) {
    throw new MigrationError("MIGRATIONS_DIR_NOT_FOUND", `Migrations directory ${migrationsDir} does not exist`);
  }
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  if (existsSync(lockPath)) {
    const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lockPath, "utf8"))?.[1];
    if (provider !== undefined && provider !== "postgresql") {
      throw new MigrationError("PROVIDER_MISMATCH", `${lockPath} is for "${provider}", not "postgresql"`);
    }
  }
  const names = readdirSync(migrationsDir)
    .filter((name) => statSync(path.join(migrationsDir, name)).isDirectory())
    .sort();
  return names.map((name) => {
    const file = path.join(migrationsDir, name, "migration.sql");
    if (!existsSync(file)) {
      throw new MigrationError("MIGRATION_FILE_MISSING", `Migration directory ${name} has no migration.sql (${file})`);
    }
    const bytes = readFileSync(file);
    return { name, script: bytes.toString("utf8"), checksum: sha256Hex(bytes) };
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquireLock(session: SqlSession, timeoutMs: number, log: (message: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let warned = false;
  for (;;) {
    const { rows } = await session.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY}) AS locked`,
    );
    if (rows[0]?.locked) return;
    if (Date.now() >= deadline) {
      const holder = await session.query<{ pid: number }>(
        `SELECT pid FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = ${PRISMA_MIGRATE_LOCK_KEY}
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      const pid = holder.rows[0]?.pid;
      throw new MigrationError(
        "LOCK_TIMEOUT",
        `Timed out after ${timeoutMs} ms waiting for the migration lock (pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY}))` +
          (pid === undefined ? "" : `, held by server process ${pid}`) +
          ". Another migrator is running or a stale session holds it.",
      );
    }
    if (!warned) {
      log("Waiting for another migrator to release the migration lock");
      warned = true;
    }
    await sleep(200);
  }
}

async function ensureMigrationsTable(session: SqlSession): Promise<void> {
  await session.transaction(async (tx) => {
    const exists = await tx.query<{ found: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS found`);
    if (exists.rows[0]?.found) return;
    // Like `prisma migrate deploy` (P3005): never migrate over tables we did not create.
    const tables = await tx.query<{ name: string }>(
      `SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1 LIMIT 5`,
    );
    if (tables.rows.length > 0) {
      throw new MigrationError(
        "DATABASE_NOT_EMPTY",
        `The database schema is not empty (tables: ${tables.rows.map((row) => row.name).join(", ")}) ` +
          "and has no _prisma_migrations table. Baseline it (prisma migrate resolve --applied <name>) " +
          "or point DATABASE_URL at an empty database.",
      );
    }
    await tx.exec(PRISMA_MIGRATIONS_TABLE_DDL);
  });
}

function validateHistory(
  local: LocalMigration[],
  rows: MigrationRow[],
): MigrationResult & { pending: LocalMigration[] } {
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    throw new MigrationError(
      "FAILED_MIGRATION_RECORDED",
      `Migration ${failed.map((row) => `\`${row.migration_name}\``).join(", ")} is recorded as failed in _prisma_migrations ` +
        "(started, never finished). Fix the database by hand, then mark it with " +
        "`prisma migrate resolve --rolled-back <name>` (or --applied) before starting again." +
        (failed[0]?.logs ? `\nRecorded error: ${failed[0].logs}` : ""),
    );
  }
  const applied = rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null);
  const localByName = new Map(local.map((migration) => [migration.name, migration]));
  const modified = applied.filter((row) => {
    const file = localByName.get(row.migration_name);
    return file !== undefined && !checksumMatches(file.script, row.checksum);
  });
  if (modified.length > 0) {
    throw new MigrationError(
      "CHECKSUM_MISMATCH",
      `Migration ${modified.map((row) => `\`${row.migration_name}\``).join(", ")} was modified after it was applied ` +
        "(its migration.sql no longer matches the checksum in _prisma_migrations). Restore the original file " +
        "and put the change in a new migration.",
    );
  }
  const appliedNames = new Set(applied.map((row) => row.migration_name));
  return {
    applied: [],
    alreadyApplied: local.filter((migration) => appliedNames.has(migration.name)).map((migration) => migration.name),
    unknownApplied: [...appliedNames].filter((name) => !localByName.has(name)),
    pending: local.filter((migration) => !appliedNames.has(migration.name)),
  };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${error.message} (SQLSTATE ${code})` : error.message;
}

/** Applies one migration and its `_prisma_migrations` row atomically; false if someone else already did. */
async function applyOne(session: SqlSession, migration: LocalMigration): Promise<boolean> {
  return session.transaction(async (tx) => {
    // Re-checked inside the transaction: an embedded PGlite is one session, so its advisory lock is
    // re-entrant and does not exclude a second migrator in the same process.
    const done = await tx.query(
      `SELECT 1 FROM _prisma_migrations WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      [migration.name],
    );
    if (done.rows.length > 0) return false;
    const id = randomUUID();
    await tx.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await tx.exec(migration.script);
    await tx.query(
      `UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1 WHERE id = $1`,
      [id],
    );
    return true;
  });
}

/**
 * Applies pending migrations in order, each in its own transaction, holding Prisma Migrate's
 * advisory lock so concurrent app processes apply each migration once. Refuses a history with a
 * failed migration or an applied migration whose file changed.
 */
export async function applyMigrations(
  target: MigrationTarget,
  options: ApplyMigrationsOptions = {},
): Promise<MigrationResult> {
  const local = readLocalMigrations(options.migrationsDir ?? findMigrationsDir());
  const log = options.log ?? (() => undefined);
  const lockTimeoutMs = options.lockTimeoutMs ?? 120_000;

  return target.session(async (session) => {
    await acquireLock(session, lockTimeoutMs, log);
    try {
      await ensureMigrationsTable(session);
      const { rows } = await session.query<MigrationRow>(
        `SELECT id, checksum, migration_name, finished_at, rolled_back_at, started_at, logs
         FROM _prisma_migrations ORDER BY started_at`,
      );
      const { pending, ...result } = validateHistory(local, rows);
      for (const migration of pending) {
        try {
          if (await applyOne(session, migration)) {
            result.applied.push(migration.name);
            log(`Applied migration ${migration.name}`);
          } else {
            result.alreadyApplied.push(migration.name);
          }
        } catch (error) {
          // The transaction rolled back, so the attempt is recorded as rolled back: visible in
          // `prisma migrate status` history, and retried once the file is fixed.
          let recording = "";
          try {
            await session.query(
              `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, rolled_back_at, applied_steps_count)
               VALUES ($1, $2, $3, $4, clock_timestamp(), clock_timestamp(), 0)`,
              [randomUUID(), migration.checksum, migration.name, describeError(error)],
            );
          } catch (recordError) {
            recording = ` (recording the failure in _prisma_migrations also failed: ${describeError(recordError)})`;
          }
          throw new MigrationError(
            "MIGRATION_FAILED",
            `Migration ${migration.name} failed and was rolled back: ${describeError(error)}${recording}`,
            { cause: error },
          );
        }
      }
      return result;
    } finally {
      // A failed unlock must not hide the migration's own error; the session's end releases it anyway.
      await session
        .query(`SELECT pg_advisory_unlock(${PRISMA_MIGRATE_LOCK_KEY})`)
        .catch((unlockError: unknown) =>
          console.error(`[db] could not release the migration lock: ${describeError(unlockError)}`),
        );
    }
  });
}
