import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlerts, getAlert } from "@/lib/db/write/alerts";
import { listChangeEntries } from "@/lib/db/write/audit";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { EMPTY_DEFAULTS } from "@/lib/domain/region-defaults";
import type { AlertCondition } from "@/lib/domain/alerts";
import type { Actor } from "@/lib/core/actor";
import { formatIssues } from "@/lib/http/route";
import { acknowledgeAlert, acknowledgeAlerts, MAX_ALERTS_PER_ACKNOWLEDGE } from "./acknowledge-alert";
import type { AlertActionContext } from "./context";

// Bulk acknowledgement against a real database: all or nothing, one audit row per alert it
// acknowledges (as a single acknowledgement writes), 422 naming the bad id, viewers refused.

const OPERATOR: Actor = { id: "op-1", name: "Olga Operator", role: "operator", kind: "oidc" };
const VIEWER: Actor = { id: "v-1", name: "Vera Viewer", role: "viewer", kind: "oidc" };
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe.each(databaseKinds())("acknowledging alerts (%s)", (kind) => {
  let database: TestDatabase;
  const ctx = (actor: Actor = OPERATOR): AlertActionContext => ({ db: database, actor, now: () => NOW });
  /** Fresh alerts of this test (keys are unique, the database may be shared). */
  const fire = async (conditions: Partial<AlertCondition>[]) =>
    createAlerts(
      database.prisma,
      conditions.map((condition) => ({
        key: `test:${randomUUID()}`,
        type: "rejected",
        severity: "critical",
        accountId: "111111111111",
        region: "eu-west-1",
        instanceId: null,
        team: null,
        title: "IMDSv1 calls rejected",
        detail: {},
        ...condition,
      })),
      { runId: 1, now: new Date(NOW) },
    );

  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("acknowledges many alerts in one request, auditing each under one change id", async () => {
    const alerts = await fire([{}, {}, {}]);
    const ids = alerts.map((alert) => alert.id);
    const result = await acknowledgeAlerts({ ctx: ctx(), input: { alertIds: ids } });
    expect(result.acknowledged.map((alert) => alert.id)).toEqual(ids);
    expect(result.already).toEqual([]);
    for (const alert of result.acknowledged) {
      expect(alert).toMatchObject({ acknowledgedById: "op-1", acknowledgedByName: "Olga Operator" });
      expect(alert.acknowledgedAt).toBe(new Date(NOW).toISOString());
    }
    const rows = await listChangeEntries(database.prisma, result.changeId);
    expect(rows.map((row) => (row.after as { alert: string }).alert).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ action: "alert.acknowledge", status: "succeeded", actorId: "op-1" });
      expect(row.before).toMatchObject({ acknowledged: false });
    }

    // Again, with one new alert: the acknowledged ones keep their first acknowledgement, no new rows.
    const [fresh] = await fire([{}]);
    const again = await acknowledgeAlerts({ ctx: ctx(), input: { alertIds: [...ids, fresh!.id] } });
    expect(again.acknowledged.map((alert) => alert.id)).toEqual([fresh!.id]);
    expect(again.already.map((alert) => alert.id).sort()).toEqual([...ids].sort());
    expect(await listChangeEntries(database.prisma, again.changeId)).toHaveLength(1);
  });

  it("changes nothing when one id names no alert, and says which (422)", async () => {
    const [alert] = await fire([{}]);
    const error = await acknowledgeAlerts({
      ctx: ctx(),
      input: { alertIds: [alert!.id, "999999999999"] },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "ValidationFailed", status: 422 });
    expect((error as Error).message).toBe("alertIds[1]: alert 999999999999 does not exist");
    expect((await getAlert(database.prisma, alert!.id)).acknowledgedAt).toBeNull();
  });

  it("validates the list: not empty, capped, ids, no id twice (422 naming the field)", async () => {
    const issues = async (input: unknown) =>
      acknowledgeAlerts({ ctx: ctx(), input }).then(
        () => "accepted",
        (error: Parameters<typeof formatIssues>[0]) => formatIssues(error),
      );
    expect(await issues({ alertIds: [] })).toBe("alertIds: choose at least one alert");
    expect(await issues({})).toBe("alertIds: must be a list of alert ids");
    expect(await issues({ alertIds: ["12", "x"] })).toBe("alertIds[1]: must be an alert id");
    expect(await issues({ alertIds: ["12", "012"] })).toBe("alertIds[1]: alert 012 is listed twice");
    const tooMany = Array.from({ length: MAX_ALERTS_PER_ACKNOWLEDGE + 1 }, (_, index) => String(index + 1));
    expect(await issues({ alertIds: tooMany })).toBe(`alertIds: at most ${MAX_ALERTS_PER_ACKNOWLEDGE} alerts at once`);
  });

  it("refuses a viewer before writing anything", async () => {
    const [alert] = await fire([{}]);
    await expect(acknowledgeAlerts({ ctx: ctx(VIEWER), input: { alertIds: [alert!.id] } })).rejects.toMatchObject({
      code: "Forbidden",
    });
    expect((await getAlert(database.prisma, alert!.id)).acknowledgedAt).toBeNull();
  });

  it("accepts an open drift alert's observed defaults as its cell's baseline, as one acknowledgement does", async () => {
    const observed = { ...EMPTY_DEFAULTS, httpTokens: "required" };
    const region = `eu-test-${Math.floor(Math.random() * 1e6)}`;
    const [drift, single] = await fire([
      { type: "drift", severity: "warning", region, detail: { observed } },
      { region },
    ]);
    const result = await acknowledgeAlerts({ ctx: ctx(), input: { alertIds: [drift!.id] } });
    const baseline = await database.prisma.regionDefaultsBaseline.findUnique({
      where: { accountId_region: { accountId: "111111111111", region } },
    });
    expect(baseline).toMatchObject({ source: "accepted", defaults: observed });
    const [row] = await listChangeEntries(database.prisma, result.changeId);
    expect(baseline!.auditId?.toString()).toBe(row!.id);

    // The single route keeps its answer: the alert, acknowledged.
    const one = await acknowledgeAlert({ ctx: ctx(), input: { alertId: single!.id } });
    expect(one).toMatchObject({ id: single!.id, acknowledgedById: "op-1" });
    await expect(acknowledgeAlert({ ctx: ctx(), input: { alertId: "999999999998" } })).rejects.toMatchObject({
      code: "NotFound",
    });
  });
});
