import pg from "pg";
import { processSlot } from "@/lib/core/process-slot";

// Any fixed 64-bit key; it only has to differ from other advisory locks on the same database.
export const COLLECTION_LOCK_KEY = "7394001122334455";

const lockHeld = processSlot<boolean>("collection-lock-held");

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * The collection lock: a Postgres session advisory lock on its own connection (so it is released
 * by the server if this process dies), plus an in-process flag because an embedded PGlite is a
 * single session in which advisory locks are re-entrant. Returns null when another run holds it.
 */
export async function tryAcquireCollectionLock(databaseUrl: string | undefined): Promise<HeldLock | null> {
  if (lockHeld.value) return null;
  lockHeld.value = true;
  if (!databaseUrl) {
    return { release: async () => void (lockHeld.value = false) };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const result = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [
      COLLECTION_LOCK_KEY,
    ]);
    if (!result.rows[0]?.locked) {
      await client.end();
      lockHeld.value = false;
      return null;
    }
  } catch (error) {
    lockHeld.value = false;
    // The connect/query error is the one worth reporting; ending a broken client may fail too.
    await client.end().catch((endError: unknown) => console.warn("[db] closing the lock connection failed:", endError));
    throw error;
  }
  return {
    async release() {
      try {
        await client.query("SELECT pg_advisory_unlock($1::bigint)", [COLLECTION_LOCK_KEY]);
      } finally {
        lockHeld.value = false;
        await client.end();
      }
    },
  };
}
