import pg from "pg";
import { describe, expect, it } from "vitest";
import { COLLECTION_LOCK_KEY, tryAcquireCollectionLock } from "./lock";
import { databaseKinds, openTestDatabase } from "./testing";

describe("collection lock", () => {
  it("is exclusive within a process and free again after release", async () => {
    const first = await tryAcquireCollectionLock(undefined);
    expect(first).not.toBeNull();
    expect(await tryAcquireCollectionLock(undefined)).toBeNull();
    await first!.release();
    const again = await tryAcquireCollectionLock(undefined);
    expect(again).not.toBeNull();
    await again!.release();
  });

  it.runIf(databaseKinds().includes("postgres"))("is a server-side advisory lock other processes see", async () => {
    const database = await openTestDatabase("postgres");
    const other = new pg.Client({ connectionString: database.url! });
    await other.connect();
    const tryLock = async () =>
      (
        await other.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [
          COLLECTION_LOCK_KEY,
        ])
      ).rows[0]!.locked;
    try {
      const held = await tryAcquireCollectionLock(database.url!);
      expect(held).not.toBeNull();
      expect(await tryLock()).toBe(false);
      await held!.release();
      expect(await tryLock()).toBe(true);
      await other.query("SELECT pg_advisory_unlock($1::bigint)", [COLLECTION_LOCK_KEY]);
    } finally {
      await other.end();
      await database.close();
    }
  });
});
