import type { Db } from "./types";

// The data version is a sequence, advanced without locks by every write the dashboard's reads
// depend on: read caches (lib/http/read-cache.ts) compare it instead of re-running queries.
// The collector advances it when a run starts, when each account-region unit is done and when the
// run ends: each follows the unit's committed writes, so a reader that sees the new version sees
// them. (Not on every phase change: at 16 units at a time that doubled the queries on a busy pool.)

/** Marks that collected data changed; call after the change has committed. */
export async function noteDataChanged(db: Db): Promise<void> {
  await db.$queryRawUnsafe(`SELECT nextval('data_version')`);
}

/** The current data version, as text ("0" before any change). */
export async function readDataVersion(db: Db): Promise<string> {
  const [row] = await db.$queryRawUnsafe<{ version: string }[]>(
    `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS version FROM data_version`,
  );
  return row?.version ?? "0";
}
