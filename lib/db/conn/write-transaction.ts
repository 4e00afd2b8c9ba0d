import type { RawSql } from "./client";
import type { Queryable } from "./types";

/**
 * A transaction for collected data. synchronous_commit=off skips the WAL flush wait at commit: a
 * crash can lose the last moments of commits, never consistency, and each batch carries its own
 * "known through" mark, so whatever is lost is simply fetched again by the next run.
 */
export function collectedDataTransaction<T>(raw: RawSql, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return raw.transaction(async (tx) => {
    await tx.query("SET LOCAL synchronous_commit = off");
    return work(tx);
  });
}
