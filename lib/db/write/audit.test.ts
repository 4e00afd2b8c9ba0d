import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/contracts/csv";
import { completeAuditEntry, createAuditEntry, listAuditEntries } from "./audit";
import { AuditQuery } from "@/lib/contracts/audit-query";
import { streamAuditCsv } from "@/lib/db/read/audit-csv";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";

describe.each(databaseKinds())("audit trail on %s", (kind) => {
  let database: TestDatabase;
  const ids: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    for (let i = 0; i < 7; i++) {
      const entry = await createAuditEntry(database.prisma, {
        changeId: `change-${i % 3}`,
        requestedAt: new Date(Date.UTC(2026, 10, 22, 10, i)),
        actorId: i % 2 ? "local" : "op-1",
        actorName: i % 2 ? "Local user" : 'Olga, "ops"',
        action: "region-defaults.set",
        accountId: i < 4 ? "111111111111" : "222222222222",
        region: "eu-west-1",
        before: { httpTokens: null },
        after: { httpTokens: "required" },
      });
      ids.push(entry.id);
      if (i !== 6) {
        await completeAuditEntry(database.prisma, entry.id, {
          status: i === 5 ? "failed" : "succeeded",
          completedAt: new Date(Date.UTC(2026, 10, 22, 10, i, 1)),
          awsRequestId: `req-${i}`,
          errorCode: i === 5 ? "UnauthorizedOperation" : null,
        });
      }
    }
  });
  afterAll(async () => database?.close());

  it("pages newest first by keyset and filters by account, status and actor", async () => {
    const first = await listAuditEntries(database.prisma, AuditQuery.parse({ limit: "3" }));
    expect(first.entries.map((e) => e.id)).toEqual(ids.slice(4).reverse());
    const second = await listAuditEntries(database.prisma, AuditQuery.parse({ limit: "3", cursor: first.nextCursor }));
    expect(second.entries.map((e) => e.id)).toEqual(ids.slice(1, 4).reverse());
    const last = await listAuditEntries(database.prisma, AuditQuery.parse({ limit: "3", cursor: second.nextCursor }));
    expect(last.entries.map((e) => e.id)).toEqual([ids[0]]);
    expect(last.nextCursor).toBeNull();

    const filtered = await listAuditEntries(
      database.prisma,
      AuditQuery.parse({ account: "222222222222", status: "requested" }),
    );
    expect(filtered.entries.map((e) => e.id)).toEqual([ids[6]]);
    const byActor = await listAuditEntries(database.prisma, AuditQuery.parse({ actor: "local" }));
    expect(byActor.entries.every((e) => e.actorId === "local")).toBe(true);
    expect(byActor.entries).toHaveLength(3);
    expect(() => AuditQuery.parse({ status: "done" })).toThrow(/must be one of requested, succeeded, failed/);
  });

  it("exports the whole filtered set as CSV, flagging requested rows as outcome unknown", async () => {
    const { limit: _l, cursor: _c, ...filters } = AuditQuery.parse({ account: "222222222222" });
    const text = await new Response(streamAuditCsv(database.prisma, filters)).text();
    const rows = parseCsv(text);
    const at = (name: string) => rows[0]!.indexOf(name);
    expect(rows.slice(1).map((row) => [row[at("id")], row[at("outcome")], row[at("error_code")]])).toEqual([
      [ids[6], "outcome unknown", ""],
      [ids[5], "failed", "UnauthorizedOperation"],
      [ids[4], "succeeded", ""],
    ]);
    expect(rows[1]![at("actor_name")]).toBe('Olga, "ops"');
    expect(JSON.parse(rows[2]![at("after")]!)).toEqual({ httpTokens: "required" });
  });
});
