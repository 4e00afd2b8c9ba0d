import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, floorDay, floorHour, HOUR_MS } from "@/lib/domain/time";
import { AppError } from "@/lib/core/app-error";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { DETAIL_DAYS, DETAIL_HOURS, getInstanceDetail, lastTokensChange } from "./instance-detail";
import { FIXTURE_NOW, seedInstanceFixture, type Fixture } from "./instance-list.fixture";

const today = floorDay(FIXTURE_NOW);
const thisHour = floorHour(FIXTURE_NOW);
const options = { now: FIXTURE_NOW, windowDays: 14 };

describe.each(databaseKinds())("instance detail on %s", (kind) => {
  let database: TestDatabase;
  let fixture: Fixture;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    fixture = await seedInstanceFixture(database.raw);
    const id = fixture.templatedId;
    const launched = fixture.instances.find((instance) => instance.id === id)!.launchTime!;
    // History: reconstructed from CloudTrail (launch, then switched to optional), then seen by a collection.
    await database.raw.query(
      `INSERT INTO instance_settings_change (instance_id, observed_at, previous_http_tokens, http_tokens, source, event_id)
       VALUES ($1, $2, NULL, 'required', 'cloudtrail', 'ev-1'), ($1, $3, 'required', 'optional', 'cloudtrail', 'ev-2')`,
      [id, launched, new Date(launched.getTime() + 3 * HOUR_MS)],
    );
    await database.raw.query(
      `INSERT INTO instance_settings_change (instance_id, observed_at, run_id, previous_http_tokens, http_tokens)
       VALUES ($1, $2, 1, NULL, 'optional')`,
      [id, new Date(FIXTURE_NOW - HOUR_MS)],
    );
    // Hourly: known up to the last complete hour, with calls two hours ago.
    await database.raw.query(`UPDATE instance SET hourly_known_through = $2 WHERE id = $1`, [id, new Date(thisHour)]);
    await database.raw.query(
      `INSERT INTO metric_point (instance_id, metric, period, timestamp, value)
       VALUES ($1, 'MetadataNoToken', 3600, $2, 5), ($1, 'MetadataNoTokenRejected', 3600, $2, 1)`,
      [id, new Date(thisHour - 2 * HOUR_MS)],
    );
  });
  afterAll(async () => {
    await database?.close();
  });

  it("is NotFound for an instance never collected", async () => {
    const error = await getInstanceDetail(database.raw, "i-0000000000000dead", options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(404);
    expect((error as AppError).message).toContain("i-0000000000000dead");
  });

  it("charts 90 complete days: calls on their days, zero on covered days, no data before coverage", async () => {
    const detail = await getInstanceDetail(database.raw, fixture.templatedId, options);
    expect(detail.daily).toHaveLength(DETAIL_DAYS);
    expect(detail.daily[0]!.at).toBe(new Date(today - DETAIL_DAYS * DAY_MS).toISOString());
    expect(detail.daily.at(-1)!.at).toBe(new Date(today - DAY_MS).toISOString());
    const at = (daysAgo: number) =>
      detail.daily.find((s) => s.at === new Date(today - daysAgo * DAY_MS).toISOString())!;
    const expected = fixture.expected.get(fixture.templatedId)!;
    expect(expected.v1Calls7d).toBeGreaterThan(0);
    expect(at(1).v1Calls).toBe(expected.v1Calls7d);
    expect(at(10).v1Calls).toBe(expected.v1Calls7d);
    expect(at(2).v1Calls).toBe(0);
    // Coverage starts 40 days ago: before that there is no data, which is not zero.
    expect(at(41).v1Calls).toBeNull();
    expect(at(40).v1Calls).toBe(0);
    const sum = detail.daily.slice(-30).reduce((total, s) => total + (s.v1Calls ?? 0), 0);
    expect(sum).toBe(expected.v1Calls30d);
  });

  it("charts 48 complete hours, known only up to where hourly metrics were read", async () => {
    const detail = await getInstanceDetail(database.raw, fixture.templatedId, options);
    expect(detail.hourly).toHaveLength(DETAIL_HOURS);
    expect(detail.hourly.at(-1)!.at).toBe(new Date(thisHour - HOUR_MS).toISOString());
    const twoHoursAgo = detail.hourly.find((s) => s.at === new Date(thisHour - 2 * HOUR_MS).toISOString())!;
    expect(twoHoursAgo).toMatchObject({ v1Calls: 5, rejectedCalls: 1 });
    expect(detail.hourly.at(-1)).toMatchObject({ v1Calls: 0, rejectedCalls: 0 });
    // Daily coverage ends yesterday (today is past the daily horizon): today's hours are still known,
    // since the instance reported yesterday.
    const setCoverageEnd = (day: number) =>
      database.raw.query(`UPDATE metric_coverage SET to_day = $2 WHERE instance_id = $1`, [
        fixture.templatedId,
        new Date(day).toISOString().slice(0, 10),
      ]);
    await setCoverageEnd(today - DAY_MS);
    try {
      const horizon = await getInstanceDetail(database.raw, fixture.templatedId, options);
      const todays = horizon.hourly.filter((s) => Date.parse(s.at) >= today);
      expect(todays.length).toBeGreaterThan(0);
      expect(todays.every((s) => s.v1Calls !== null)).toBe(true);
    } finally {
      await setCoverageEnd(today);
    }
    const other = await getInstanceDetail(database.raw, fixture.quietId, options);
    expect(other.hourly.every((s) => s.v1Calls === null)).toBe(true);
    const noData = await getInstanceDetail(database.raw, fixture.noDataId, options);
    expect(noData.daily.every((s) => s.v1Calls === null && s.rejectedCalls === null)).toBe(true);
  });

  it("lists the settings history newest first with its source, and explains HttpTokens from it", async () => {
    const detail = await getInstanceDetail(database.raw, fixture.templatedId, options);
    expect(detail.history.map((h) => [h.source, h.previousHttpTokens, h.httpTokens])).toEqual([
      ["observed", null, "optional"],
      ["cloudtrail", "required", "optional"],
      ["cloudtrail", null, "required"],
    ]);
    expect(detail.template).toMatchObject({ name: "web", versionNumber: 3, httpTokens: "required", isLatest: true });
    expect(detail.image).toEqual({ imageId: "ami-plain", name: null, imdsSupport: null });
    expect(detail.precedence.verdict).toBe("optional");
    expect(detail.precedence.decidedBy).toBe("modified-after-launch");
    expect(detail.precedence.summary).toMatch(
      /^optional because it was changed from required to optional on .* \(ModifyInstanceMetadataOptions in CloudTrail\)/,
    );
    expect(detail.precedence.steps.map((s) => s.source)).toEqual([
      "modified-after-launch",
      "launch-template",
      "regional-default",
      "ami",
      "ec2-default",
    ]);
    expect(detail.precedence.steps[1]!.text).toBe("launch template web v3 sets http_tokens=required");
  });

  it("gives the stored readiness and the verdict now with its reason", async () => {
    const detail = await getInstanceDetail(database.raw, fixture.templatedId, options);
    expect(detail.readiness.stored).toBe(fixture.instances.find((i) => i.id === fixture.templatedId)!.readiness);
    expect(detail.readiness.now.readiness).toBe("blocked");
    expect(detail.readiness.now.reason).toMatch(/^IMDSv1 calls on/);
    expect(detail.readiness.windowDays).toBe(14);
  });
});

describe("lastTokensChange", () => {
  const row = (at: string, source: "observed" | "cloudtrail", from: string | null, to: string) => ({
    id: at,
    at,
    source,
    runId: null,
    previousHttpTokens: from,
    httpTokens: to,
    httpPutResponseHopLimit: null,
    httpEndpoint: null,
  });
  const launch = new Date("2026-10-01T00:00:00Z");

  it("skips first sightings, hop-limit-only rows and the CloudTrail launch row", () => {
    expect(
      lastTokensChange(
        [
          row("2026-11-20T00:00:00.000Z", "observed", null, "optional"),
          row("2026-11-10T00:00:00.000Z", "observed", "optional", "optional"),
          row("2026-10-01T00:00:00.000Z", "cloudtrail", null, "optional"),
        ],
        launch,
      ),
    ).toBeNull();
  });

  it("takes the newest real change", () => {
    expect(
      lastTokensChange(
        [
          row("2026-11-20T00:00:00.000Z", "observed", "optional", "required"),
          row("2026-11-02T00:00:00.000Z", "cloudtrail", null, "optional"),
        ],
        launch,
      ),
    ).toEqual({ at: new Date("2026-11-20T00:00:00.000Z"), from: "optional", to: "required", source: "observed" });
    expect(lastTokensChange([row("2026-11-02T00:00:00.000Z", "cloudtrail", null, "optional")], launch)).toEqual({
      at: new Date("2026-11-02T00:00:00.000Z"),
      from: null,
      to: "optional",
      source: "cloudtrail",
    });
  });
});
