import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDatabase, createDatabase, getDatabase, toArrayLiteral } from "./client";
import { findMigrationsDir, readLocalMigrations } from "./migrate";
import { assertLocalDatabaseUrl, databaseKinds, openTestDatabase, type TestDatabase } from "./testing";

const ACCOUNT = "123456789012";
const localNames = readLocalMigrations(findMigrationsDir()).map((migration) => migration.name);

describe.each(databaseKinds())("createDatabase on %s", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    expect(db.kind).toBe(kind);
    await db.prisma.account.create({ data: { id: ACCOUNT, source: "caller" } });
    await db.prisma.instance.create({
      data: {
        id: "i-0001",
        accountId: ACCOUNT,
        region: "us-east-1",
        state: "running",
        httpTokens: "optional",
        tags: { Team: "payments", Name: "api" },
        firstSeenAt: new Date("2026-01-01T00:00:00.123Z"),
        lastSeenAt: new Date("2026-01-02T00:00:00Z"),
      },
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("round-trips an account and an instance through Prisma", async () => {
    const account = await db.prisma.account.findUniqueOrThrow({ where: { id: ACCOUNT }, include: { instances: true } });
    expect(account).toMatchObject({ id: ACCOUNT, name: null, source: "caller" });
    expect(account.firstSeenAt).toBeInstanceOf(Date);
    expect(account.instances).toEqual([
      expect.objectContaining({
        id: "i-0001",
        tags: { Team: "payments", Name: "api" },
        firstSeenAt: new Date("2026-01-01T00:00:00.123Z"),
        metricsKnownFrom: null,
      }),
    ]);
  });

  it("runs Prisma's array filters, groupBy, BigInt ids and interactive transactions", async () => {
    const change = await db.prisma.instanceSettingsChange.create({
      data: { instanceId: "i-0001", observedAt: new Date(), httpTokens: "required" },
    });
    expect(typeof change.id).toBe("bigint");
    expect(
      await db.prisma.instance.count({ where: { id: { in: ["i-0001", "i-none"] }, httpTokens: { in: ["optional"] } } }),
    ).toBe(1);
    const grouped = await db.prisma.instance.groupBy({ by: ["accountId"], _count: { _all: true } });
    expect(grouped).toEqual([{ accountId: ACCOUNT, _count: { _all: 1 } }]);
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.account.update({ where: { id: ACCOUNT }, data: { name: "rolled back" } });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: ACCOUNT } })).name).toBeNull();
  });

  it("accepts array parameters in Prisma raw SQL, enum arrays included (bulk upsert with unnest)", async () => {
    const hours = [new Date("2026-03-01T00:00:00Z"), new Date("2026-03-01T01:00:00.250Z")];
    const upsert = () =>
      db.prisma.$executeRawUnsafe(
        `INSERT INTO metric_point (instance_id, metric, period, "timestamp", value)
         SELECT * FROM unnest($1::text[], $2::"MetricName"[], $3::int[], $4::timestamp(3)[], $5::float8[])
         ON CONFLICT (instance_id, metric, period, "timestamp") DO UPDATE SET value = EXCLUDED.value`,
        ["i-0001", "i-0001"],
        ["MetadataNoToken", "MetadataNoTokenRejected"],
        [3600, 3600],
        hours,
        [2.5, 1],
      );
    expect(await upsert()).toBe(2);
    expect(await upsert()).toBe(2);
    const points = await db.prisma.metricPoint.findMany({ orderBy: { timestamp: "asc" } });
    expect(points.map((point) => [point.metric, point.timestamp, point.value])).toEqual([
      ["MetadataNoToken", hours[0], 2.5],
      ["MetadataNoTokenRejected", hours[1], 1],
    ]);
  });

  it("gives raw SQL the same pool/instance, with array parameters and the same value types on both drivers", async () => {
    const inserted = await db.raw.query<{ day: Date }>(
      `INSERT INTO daily_rollup (account_id, region, day, v1_calls)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::float8[]) RETURNING day`,
      [
        [ACCOUNT, ACCOUNT],
        ["us-east-1", "eu-west-1"],
        ["2026-03-01", new Date("2026-03-02T00:00:00Z")],
        [1.5, 0],
      ],
    );
    expect(inserted.rowCount).toBe(2);
    expect(inserted.rows.map((row) => row.day)).toEqual([
      new Date("2026-03-01T00:00:00Z"),
      new Date("2026-03-02T00:00:00Z"),
    ]);
    expect(await db.prisma.dailyRollup.count()).toBe(2);

    const { rows } = await db.raw.query<{
      n: bigint;
      seen: Date;
      days: Date[];
      names: string[];
      tags: unknown;
      big: bigint[];
    }>(
      `SELECT count(*) AS n, max(i.first_seen_at) AS seen, array_agg(r.day ORDER BY r.day) AS days,
              array_agg(r.region ORDER BY r.day) AS names, max(i.tags::text)::jsonb AS tags, ARRAY[9007199254740993]::int8[] AS big
         FROM daily_rollup r JOIN instance i ON i.account_id = r.account_id WHERE r.region = ANY($1)`,
      [["us-east-1", "eu-west-1", 'odd "quoted", name']],
    );
    expect(rows).toEqual([
      {
        n: 2n,
        seen: new Date("2026-01-01T00:00:00.123Z"),
        days: [new Date("2026-03-01T00:00:00Z"), new Date("2026-03-02T00:00:00Z")],
        names: ["us-east-1", "eu-west-1"],
        tags: { Team: "payments", Name: "api" },
        big: [9007199254740993n],
      },
    ]);
  });

  it("writes and reads timestamps as UTC whatever the process time zone", async () => {
    const tz = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const at = new Date("2026-06-01T12:34:56.789Z");
      await db.raw.query(`UPDATE instance SET launch_time = $1 WHERE id = 'i-0001'`, [at]);
      expect((await db.prisma.instance.findUniqueOrThrow({ where: { id: "i-0001" } })).launchTime).toEqual(at);
      const { rows } = await db.raw.query<{ launch_time: Date; text: string }>(
        `SELECT launch_time, launch_time::text AS text FROM instance WHERE id = 'i-0001'`,
      );
      expect(rows[0]).toEqual({ launch_time: at, text: "2026-06-01 12:34:56.789" });
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("runs raw transactions: committed on success, rolled back on error", async () => {
    await expect(
      db.raw.transaction(async (tx) => {
        await tx.query(`UPDATE account SET name = 'inside' WHERE id = $1`, [ACCOUNT]);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: ACCOUNT } })).name).toBeNull();
    const locked = await db.raw.transaction(async (tx) => {
      const { rows } = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(42) AS locked`);
      await tx.query(`UPDATE account SET name = 'committed' WHERE id = $1`, [ACCOUNT]);
      return rows[0]?.locked;
    });
    expect(locked).toBe(true);
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: ACCOUNT } })).name).toBe("committed");
  });

  // Only PostgreSQL has separate connections; PGlite is one session by design.
  if (kind === "postgres")
    it("lends a dedicated session whose advisory locks other connections see", async () => {
      await db.raw.session(async (session) => {
        await session.query(`SELECT pg_advisory_lock(4242)`);
        const other = await db.raw.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(4242) AS locked`);
        expect(other.rows[0]?.locked).toBe(false);
      });
      // The session's connection is closed, which released its lock.
      const after = await db.raw.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(4242) AS locked, pg_advisory_unlock(4242)`,
      );
      expect(after.rows[0]?.locked).toBe(true);
    });
});

describe("array literals", () => {
  it("quotes elements as node-postgres does", () => {
    expect(toArrayLiteral(["a", 'b"c', "d\\e", null, "NULL", "x,y", "{}"])).toBe(
      '{"a","b\\"c","d\\\\e",NULL,"NULL","x,y","{}"}',
    );
    expect(toArrayLiteral([1, 2.5, true, 10n])).toBe('{"1","2.5","true","10"}');
    expect(
      toArrayLiteral([
        [1, 2],
        [3, null],
      ]),
    ).toBe('{{"1","2"},{"3",NULL}}');
    expect(toArrayLiteral([new Date("2026-01-01T00:00:00Z"), { a: 1 }, new Uint8Array([1, 255])])).toBe(
      '{"2026-01-01T00:00:00.000Z","{\\"a\\":1}","\\\\x01ff"}',
    );
  });
});

describe("test database URLs", () => {
  it("accepts only local servers", () => {
    for (const url of [
      "postgresql://app:app@127.0.0.1:5432/app",
      "postgres://app@localhost/app",
      "postgresql://app@[::1]:5432/app",
      "postgresql:///app",
      "postgresql://app@%2Fvar%2Frun%2Fpostgresql/app",
      "postgresql:///app?host=/var/run/postgresql",
    ]) {
      expect(() => assertLocalDatabaseUrl(url)).not.toThrow();
    }
    for (const url of [
      "postgresql://app:secret@db.example.com:5432/app",
      "postgresql://app:secret@10.0.0.5/app",
      "postgresql://app:secret@127.0.0.1/app?host=prod.internal",
    ]) {
      expect(() => assertLocalDatabaseUrl(url)).toThrow(/must point at a local server/);
      expect(() => assertLocalDatabaseUrl(url)).not.toThrow(/secret/);
    }
    expect(() => assertLocalDatabaseUrl("mysql://localhost/app")).toThrow(/postgresql:\/\//);
  });
});

describe("embedded PGlite on disk", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "imds-pglite-"));
  const lockFile = path.join(dir, "imds-pglite.lock");
  afterAll(async () => {
    await closeDatabase();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is refused while another live process holds the directory", async () => {
    writeFileSync(lockFile, `${process.ppid}\n`);
    await expect(createDatabase({ pgliteDir: dir, log: () => undefined })).rejects.toThrow(
      new RegExp(`in use by process ${process.ppid}.*single-process.*DATABASE_URL`, "s"),
    );
  });

  it("takes over a lock left by a process that exited, persists data, and refuses a second instance", async () => {
    writeFileSync(lockFile, "99999999\n");
    const first = await createDatabase({ pgliteDir: dir, log: () => undefined });
    try {
      expect(first.kind).toBe("pglite");
      expect(first.migrations?.applied).toEqual(localNames);
      await first.prisma.account.create({ data: { id: ACCOUNT, source: "config" } });
      await expect(createDatabase({ pgliteDir: dir })).rejects.toThrow(
        /already open in this process.*getDatabase\(\)/s,
      );
    } finally {
      await first.close();
    }
    expect(existsSync(lockFile)).toBe(false);

    const reopened = await createDatabase({ pgliteDir: dir, log: () => undefined });
    try {
      expect(reopened.migrations).toEqual({ applied: [], alreadyApplied: localNames, unknownApplied: [] });
      expect(await reopened.prisma.account.findUnique({ where: { id: ACCOUNT } })).toMatchObject({ source: "config" });
    } finally {
      await reopened.close();
    }
  });

  it("is shared through getDatabase(), configured by PGLITE_DIR, and reopened after closeDatabase()", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("PGLITE_DIR", dir);
    const first = getDatabase();
    expect(getDatabase()).toBe(first);
    const db = await first;
    expect(db.kind).toBe("pglite");
    expect(await db.prisma.account.count()).toBe(1);
    expect(existsSync(lockFile)).toBe(true);
    await closeDatabase();
    expect(existsSync(lockFile)).toBe(false);
    const again = getDatabase();
    expect(again).not.toBe(first);
    await (await again).close();
    expect(getDatabase()).not.toBe(again);
    await closeDatabase();
  });
});

describe.runIf(databaseKinds().includes("postgres"))("PostgreSQL pool", () => {
  it("applies migrations on open and closes its connections", async () => {
    const empty = await openTestDatabase("postgres", { migrate: false });
    try {
      const db = await createDatabase({ url: empty.url ?? "", log: () => undefined });
      expect(db.migrations?.applied).toEqual(localNames);
      await db.prisma.account.create({ data: { id: ACCOUNT, source: "caller" } });
      await db.close();
      await db.close();
      const admin = new pg.Client({ connectionString: empty.url ?? "" });
      await admin.connect();
      const others = await admin.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      await admin.end();
      expect(others.rows[0]?.n).toBe(0);
    } finally {
      await empty.close();
    }
  });
});
