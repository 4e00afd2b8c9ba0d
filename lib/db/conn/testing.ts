import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDatabase, createPGlite, openDatabaseOnPGlite, type Database, type DatabaseKind } from "./client";
import { applyMigrations, findMigrationsDir, readLocalMigrations, sha256Hex } from "./migrate";

// Test databases: every call gets its own database, so tests never share or truncate tables.
// PGlite always; the local PostgreSQL too when TEST_DATABASE_URL is set (CI sets it).

export type { DatabaseKind } from "./client";

export interface TestDatabase extends Database {
  /** The created database's name (postgres) or "memory" (pglite). */
  readonly name: string;
  /** postgresql:// URL of the created database; null for PGlite. */
  readonly url: string | null;
}

export interface OpenTestDatabaseOptions {
  /** Apply prisma/migrations. Default true; false gives an empty database. */
  migrate?: boolean;
}

/** For `describe.each(databaseKinds())`. */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

function isLocalHost(host: string): boolean {
  // "" is libpq's default unix socket; a path is an explicit socket directory.
  return host === "" || host.startsWith("/") || LOCAL_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Tests create and drop databases, so they only ever talk to a server on this machine.
 * Throws (without echoing credentials) for any other host.
 */
export function assertLocalDatabaseUrl(value: string, variable = "TEST_DATABASE_URL"): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${variable} is not a valid URL (expected postgresql://user:password@127.0.0.1:5432/db)`);
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new Error(`${variable} must be a postgresql:// URL, not ${url.protocol}`);
  }
  const hosts = [url.hostname, ...url.searchParams.getAll("host"), ...url.searchParams.getAll("hostaddr")]
    .flatMap((host) => decodeURIComponent(host).split(","))
    .map((host) => host.trim());
  const remote = hosts.filter((host) => !isLocalHost(host));
  if (remote.length > 0) {
    throw new Error(
      `Refusing ${variable} with host ${remote.join(", ")}: tests create and drop databases, so it must point at ` +
        "a local server (localhost, 127.0.0.1, ::1 or a unix socket).",
    );
  }
  return url;
}

// PGlite's initdb takes seconds; loading a dumped data directory takes well under one. So an empty
// and a migrated template are built once and every test database is loaded from one. They are
// cached on disk too (keyed by PGlite version and migration checksums), shared by test workers.
const templates = new Map<boolean, Promise<Blob>>();

function templateFile(migrate: boolean): string {
  const require = createRequire(import.meta.url);
  const pglitePackage = path.join(path.dirname(require.resolve("@electric-sql/pglite")), "..", "package.json");
  const { version } = JSON.parse(readFileSync(pglitePackage, "utf8")) as { version: string };
  const migrations = migrate ? readLocalMigrations(findMigrationsDir()).map((m) => `${m.name}:${m.checksum}`) : [];
  const key = sha256Hex([version, ...migrations].join("\n")).slice(0, 16);
  return path.join(os.tmpdir(), "imds-pglite-templates", `${migrate ? "migrated" : "empty"}-${key}.tar`);
}

async function buildTemplate(migrate: boolean): Promise<Blob> {
  const file = templateFile(migrate);
  if (existsSync(file)) return new Blob([readFileSync(file)]);

  const instance = migrate
    ? await createPGlite({ loadDataDir: await template(false) })
    : await createPGlite({ dataDir: "memory://" });
  let dump: Blob;
  try {
    if (migrate) {
      const database = await openDatabaseOnPGlite(instance, { migrate: false });
      await applyMigrations(database.raw);
    }
    dump = await instance.dumpDataDir("none");
  } finally {
    await instance.close();
  }
  // Written aside and renamed, so a concurrent worker never reads half a file.
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  return dump;
}

function template(migrate: boolean): Promise<Blob> {
  let built = templates.get(migrate);
  if (!built) {
    built = buildTemplate(migrate).catch((error: unknown) => {
      templates.delete(migrate);
      throw error;
    });
    templates.set(migrate, built);
  }
  return built;
}

async function dropDatabase(server: URL, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: server.href });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh, isolated database of the given kind, migrated unless `migrate: false`. close() frees it
 * (for postgres: drops the database it created).
 */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: OpenTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (kind === "pglite") {
    const instance = await createPGlite({ loadDataDir: await template(migrate) });
    const database = await openDatabaseOnPGlite(instance, { migrate: false });
    return { ...database, name: "memory", url: null };
  }

  const configured = process.env.TEST_DATABASE_URL;
  if (!configured) throw new Error('openTestDatabase("postgres") needs TEST_DATABASE_URL (see databaseKinds())');
  const server = assertLocalDatabaseUrl(configured);
  const name = `imds_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server.href });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.href);
  url.pathname = `/${name}`;

  let database: Database;
  try {
    database = await createDatabase({ url: url.href, migrate, poolMax: 4, log: () => undefined });
  } catch (error) {
    await dropDatabase(server, name);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    ...database,
    name,
    url: url.href,
    close: () =>
      (closing ??= (async () => {
        try {
          await database.close();
        } finally {
          await dropDatabase(server, name);
        }
      })()),
  };
}
