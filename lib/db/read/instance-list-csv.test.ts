import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/contracts/csv";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import type { InstanceListFilters } from "./instance-list";
import { INSTANCE_CSV_COLUMNS, streamInstancesCsv } from "./instance-list-csv";
import { FIXTURE_NOW, seedInstanceFixture, type Fixture } from "./instance-list.fixture";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for await (const chunk of stream) {
    text += decoder.decode(chunk, { stream: true });
    chunks += 1;
  }
  return { text: text + decoder.decode(), chunks };
}

describe.each(databaseKinds())("instances CSV export on %s", (kind) => {
  let database: TestDatabase;
  let fixture: Fixture;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    fixture = await seedInstanceFixture(database.raw);
  });
  afterAll(async () => {
    await database?.close();
  });

  it.each<[string, InstanceListFilters]>([
    ["no filter", {}],
    ["optional in one account", { httpTokens: ["optional"], accountIds: ["111111111111"] }],
    ["stopped payments instances", { states: ["stopped"], teams: ["payments"] }],
    ["blocked or unknown", { readiness: ["blocked", "unknown"] }],
  ])("holds exactly the filtered rows (%s), streamed page by page", async (_name, filters) => {
    const stream = await streamInstancesCsv(database.raw, {
      filters,
      sort: "name",
      dir: "desc",
      now: FIXTURE_NOW,
      pageSize: 7,
    });
    const { text, chunks } = await readAll(stream);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(INSTANCE_CSV_COLUMNS.map((column) => column.header));
    const expected = fixture.instances.filter((instance) => fixture.matches(instance, filters));
    expect(expected.length).toBeGreaterThan(0);
    const ids = rows.slice(1).map((row) => row[0]);
    expect(ids).toHaveLength(expected.length);
    expect([...ids].sort()).toEqual(expected.map((instance) => instance.id).sort());
    // The first chunk carries the header and the first page; each further page is one chunk.
    expect(chunks).toBe(Math.max(1, Math.ceil(expected.length / 7)));
  });

  it("escapes cells (an account name with a comma and quotes survives) and writes no-data as empty", async () => {
    const { text } = await readAll(
      await streamInstancesCsv(database.raw, { filters: {}, sort: "id", dir: "asc", now: FIXTURE_NOW }),
    );
    expect(text).toContain(`"prod, ""main"""`);
    const rows = parseCsv(text);
    const header = rows[0]!;
    const column = (name: string) => header.indexOf(name);
    const byId = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect(byId.get(fixture.ids[0])![column("account_name")]).toBe(`prod, "main"`);
    expect(byId.get(fixture.noDataId)![column("v1_calls_7d")]).toBe("");
    expect(byId.get(fixture.quietId)![column("v1_calls_7d")]).toBe("0");
    const templated = byId.get(fixture.templatedId)!;
    expect(templated[column("launch_template")]).toBe("web v3");
    expect(templated[column("template_default_v1")]).toBe("allows v1");
    expect(templated[column("template_latest_v1")]).toBe("v2 only");
  });

  it("writes only the header when nothing matches", async () => {
    const { text } = await readAll(
      await streamInstancesCsv(database.raw, {
        filters: { q: "no-such-instance" },
        sort: "id",
        dir: "asc",
        now: FIXTURE_NOW,
      }),
    );
    expect(parseCsv(text)).toEqual([INSTANCE_CSV_COLUMNS.map((column) => column.header)]);
  });
});
