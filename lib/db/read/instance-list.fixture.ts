import { DAY_MS, floorDay } from "@/lib/domain/time";
import { DEFAULT_READINESS_WINDOW_DAYS, type InstanceListFilters } from "./instance-list";
import { refreshInstanceSummary } from "@/lib/db/write/instance-summary";
import { saveInstanceSearch } from "@/lib/db/write/instances";
import type { Queryable } from "@/lib/db/conn/types";

// A small hand-made fleet for the instance list and export tests: ties on every sort key (shared
// names, launch times, sums), nulls, metric data with and without coverage, templates and AMIs.

export const FIXTURE_NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const today = floorDay(FIXTURE_NOW);

export interface FixtureInstance {
  id: string;
  accountId: string;
  region: string;
  name: string | null;
  state: string;
  team: string | null;
  httpTokens: string;
  readiness: string | null;
  launchTime: Date | null;
  imageId: string;
  tags: Record<string, string>;
  launchTemplateId: string | null;
  launchTemplateVersion: string | null;
}

export interface Fixture {
  accounts: string[];
  instances: FixtureInstance[];
  ids: string[];
  expected: Map<string, { v1Calls7d: number | null; v1Calls30d: number | null; rejected7d: number | null }>;
  noDataId: string;
  quietId: string;
  templatedId: string;
  strictRegionTemplatedId: string;
  v2ImageId: string;
  taggedId: string;
  percentTagId: string;
  matches(instance: FixtureInstance, filters: InstanceListFilters): boolean;
}

const ACCOUNTS = ["111111111111", "222222222222"];
const REGIONS = ["us-east-1", "eu-west-1"];
const READINESS = ["done", "ready", "blocked", "broken", "unknown", null] as const;
const TEAMS = ["payments", "search", null] as const;
const N = 61;

const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function seedInstanceFixture(db: Queryable): Promise<Fixture> {
  const seenAt = new Date(FIXTURE_NOW);
  for (const [index, id] of ACCOUNTS.entries()) {
    await db.query(`INSERT INTO account (id, name, source) VALUES ($1, $2, 'organizations')`, [
      id,
      index === 0 ? `prod, "main"` : null,
    ]);
    for (const region of REGIONS) {
      // Account 2's eu-west-1 requires tokens by default: unspecified template versions are v2-only there.
      const strict = index === 1 && region === "eu-west-1";
      await db.query(`INSERT INTO region (account_id, name, http_tokens) VALUES ($1, $2, $3)`, [
        id,
        region,
        strict ? "required" : null,
      ]);
      await db.query(
        `INSERT INTO image (account_id, region, image_id, imds_support, last_seen_at) VALUES
           ($1, $2, 'ami-plain', NULL, $3), ($1, $2, 'ami-v2', 'v2.0', $3)`,
        [id, region, seenAt],
      );
      await db.query(
        `INSERT INTO launch_template_version (account_id, region, launch_template_id, version_number,
           launch_template_name, is_default, is_latest, image_id, http_tokens, last_seen_at) VALUES
           ($1, $2, 'lt-0web', 1, 'web', false, false, 'ami-plain', 'optional', $3),
           ($1, $2, 'lt-0web', 2, 'web', true, false, 'ami-plain', NULL, $3),
           ($1, $2, 'lt-0web', 3, 'web', false, true, 'ami-plain', 'required', $3),
           ($1, $2, 'lt-0api', 1, 'api', true, true, 'ami-plain', NULL, $3)`,
        [id, region, seenAt],
      );
    }
  }

  const instances: FixtureInstance[] = [];
  for (let n = 0; n < N; n++) {
    const accountId = ACCOUNTS[Math.floor(n / 3) % 2]!;
    const region = REGIONS[Math.floor(n / 5) % 2]!;
    const tags: Record<string, string> = { Name: `web-${n % 5}` };
    if (n === 17) tags.CostCenter = "cost-center-77";
    if (n === 23) tags.Note = "100%_sure";
    instances.push({
      id: `i-${(n * 7919).toString(16).padStart(17, "0")}`,
      accountId,
      region,
      // Shared names and missing names make ties and nulls on the name sort.
      name: n % 6 === 5 ? null : `web-${n % 5}`,
      state: n % 4 === 3 ? "stopped" : "running",
      team: TEAMS[n % 3]!,
      httpTokens: n % 3 === 0 ? "required" : "optional",
      readiness: READINESS[n % READINESS.length]!,
      launchTime: n % 5 === 4 ? null : new Date(today - (n % 3) * DAY_MS),
      imageId: n % 7 === 2 ? "ami-v2" : "ami-plain",
      tags: n % 6 === 5 ? Object.fromEntries(Object.entries(tags).filter(([key]) => key !== "Name")) : tags,
      launchTemplateId: n % 4 === 1 ? "lt-0web" : n % 4 === 2 ? "lt-0api" : null,
      launchTemplateVersion: n % 4 === 1 ? "3" : n % 4 === 2 ? "1" : null,
    });
  }
  for (const instance of instances) {
    await db.query(
      `INSERT INTO instance (id, account_id, region, image_id, state, launch_time, name, team, tags,
         launch_template_id, launch_template_version, http_tokens, readiness, first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $14)`,
      [
        instance.id,
        instance.accountId,
        instance.region,
        instance.imageId,
        instance.state,
        instance.launchTime,
        instance.name,
        instance.team,
        JSON.stringify(instance.tags),
        instance.launchTemplateId,
        instance.launchTemplateVersion,
        instance.httpTokens,
        instance.readiness,
        seenAt,
      ],
    );
  }

  // Metrics: every third instance has no data at all; the rest are covered for 40 days, and some of
  // those have calls (ties on purpose: values repeat).
  const expected: Fixture["expected"] = new Map();
  const points: { id: string; metric: string; ts: number; value: number }[] = [];
  for (const [n, instance] of instances.entries()) {
    if (n % 3 === 2) {
      expected.set(instance.id, { v1Calls7d: null, v1Calls30d: null, rejected7d: null });
      continue;
    }
    await db.query(`INSERT INTO metric_coverage (instance_id, from_day, to_day) VALUES ($1, $2, $3)`, [
      instance.id,
      dayString(today - 40 * DAY_MS),
      dayString(today),
    ]);
    let v1Calls7d = 0;
    let v1Calls30d = 0;
    let rejected7d = 0;
    if (n % 5 !== 0) {
      // Calls on days 1, 10 and 35 before today, plus one today (partial day, outside every window).
      for (const daysAgo of [1, 10, 35, 0]) {
        const value = (n % 4) + 1;
        points.push({ id: instance.id, metric: "MetadataNoToken", ts: today - daysAgo * DAY_MS, value });
        if (daysAgo >= 1 && daysAgo <= 7) v1Calls7d += value;
        if (daysAgo >= 1 && daysAgo <= 30) v1Calls30d += value;
      }
      if (n % 7 === 1) {
        points.push({ id: instance.id, metric: "MetadataNoTokenRejected", ts: today - 2 * DAY_MS, value: 2 });
        rejected7d += 2;
      }
    }
    expected.set(instance.id, { v1Calls7d, v1Calls30d, rejected7d });
    await db.query(
      `UPDATE instance SET metrics_known_from = $2, metrics_known_through = $3, last_v1_call_at = $4,
         last_rejected_at = $5 WHERE id = $1`,
      [
        instance.id,
        new Date(today - 40 * DAY_MS),
        new Date(today),
        n % 5 !== 0 ? new Date(today) : null,
        n % 5 !== 0 && n % 7 === 1 ? new Date(today - 2 * DAY_MS) : null,
      ],
    );
  }
  await db.query(
    `INSERT INTO metric_point (instance_id, metric, period, timestamp, value)
     SELECT id, metric::"MetricName", 86400, ts, value
     FROM unnest($1::text[], $2::text[], $3::timestamp(3)[], $4::float8[]) AS t(id, metric, ts, value)`,
    [
      points.map((p) => p.id),
      points.map((p) => p.metric),
      points.map((p) => new Date(p.ts).toISOString()),
      points.map((p) => p.value),
    ],
  );

  // Like every writer of instance rows, the fixture keeps instance_search and instance_summary in step.
  await saveInstanceSearch(
    db,
    instances.map((instance) => instance.id),
  );
  const cells = await db.query<{ account_id: string; region: string }>(
    `SELECT DISTINCT account_id, region FROM instance`,
  );
  for (const cell of cells.rows) {
    await refreshInstanceSummary(db, {
      accountId: cell.account_id,
      region: cell.region,
      now: FIXTURE_NOW,
      windowDays: DEFAULT_READINESS_WINDOW_DAYS,
    });
  }

  const find = (predicate: (instance: FixtureInstance, n: number) => boolean) => instances.find(predicate)!.id;
  return {
    accounts: ACCOUNTS,
    instances,
    ids: instances.map((instance) => instance.id),
    expected,
    noDataId: find((_, n) => n % 3 === 2),
    quietId: find((_, n) => n % 3 !== 2 && n % 5 === 0),
    templatedId: find((i) => i.launchTemplateId === "lt-0web" && i.accountId === ACCOUNTS[0]),
    strictRegionTemplatedId: find(
      (i) => i.launchTemplateId === "lt-0api" && i.accountId === ACCOUNTS[1] && i.region === "eu-west-1",
    ),
    v2ImageId: find((i) => i.imageId === "ami-v2"),
    taggedId: instances[17]!.id,
    percentTagId: instances[23]!.id,
    matches(instance, filters) {
      const within = (value: string | null, list: readonly string[] | undefined) =>
        !list || list.length === 0 || (value !== null && list.includes(value));
      const readinessOk =
        !filters.readiness ||
        filters.readiness.length === 0 ||
        filters.readiness.includes(instance.readiness ?? "unknown");
      return (
        within(instance.accountId, filters.accountIds) &&
        within(instance.region, filters.regions) &&
        within(instance.httpTokens, filters.httpTokens) &&
        within(instance.state, filters.states) &&
        within(instance.team, filters.teams) &&
        readinessOk
      );
    },
  };
}
