import type { Queryable } from "@/lib/db/conn/types";

export interface AccountRow {
  id: string;
  name: string | null;
  state: string | null;
  source: string;
}

export async function saveAccounts(db: Queryable, accounts: AccountRow[], seenAt: Date): Promise<void> {
  if (accounts.length === 0) return;
  await db.query(
    `INSERT INTO account (id, name, state, source, first_seen_at, last_seen_at)
     SELECT id, name, state, source, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, name, state, source)
     ON CONFLICT (id) DO UPDATE SET
       name = COALESCE(EXCLUDED.name, account.name), state = EXCLUDED.state,
       source = EXCLUDED.source, last_seen_at = EXCLUDED.last_seen_at`,
    [
      accounts.map((a) => a.id),
      accounts.map((a) => a.name),
      accounts.map((a) => a.state),
      accounts.map((a) => a.source),
      seenAt,
    ],
  );
}
