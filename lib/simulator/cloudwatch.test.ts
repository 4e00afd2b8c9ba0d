import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";
import { accountCredentials, clientSettings, DAY, errorOf, HOUR, TEST_NOW } from "./testing";
import type { MetricName } from "./types";

let sim: RunningSimulator;
/** The busiest account-region, so paging limits are reachable. */
let cell: { accountId: string; region: string };

beforeAll(async () => {
  sim = await startSimulator({ fleet: { seed: 5, instances: 3000, now: TEST_NOW }, clock: () => TEST_NOW });
  const biggest = [...sim.fleet.counts().byCell].sort((a, b) => b.instances - a.instances)[0];
  if (!biggest) throw new Error("empty fleet");
  cell = biggest;
});
afterAll(() => sim.close());

function cw(accountId = cell.accountId, region = cell.region): CloudWatchClient {
  return new CloudWatchClient(clientSettings(sim, region, accountCredentials(accountId)));
}

function query(id: string, instanceId: string, metric: MetricName, period: number, stat = "Sum"): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: "AWS/EC2", MetricName: metric, Dimensions: [{ Name: "InstanceId", Value: instanceId }] },
      Period: period,
      Stat: stat,
    },
  };
}

function running(): string[] {
  return sim.fleet
    .listInstances(cell.accountId, cell.region)
    .filter((v) => v.state === "running" && v.launchTime < TEST_NOW - 30 * DAY)
    .map((v) => v.instanceId);
}

const dayStart = Math.floor(TEST_NOW / DAY) * DAY - 2 * DAY;

describe("GetMetricData", () => {
  it("gives a daily sum equal to its 24 hourly sums and to the ground truth", async () => {
    const blocked = running()
      .filter((id) => sim.fleet.instanceTruth(id).category === "blocked")
      .slice(0, 5);
    expect(blocked.length).toBe(5);
    for (const id of blocked) {
      const [daily, hourly] = await Promise.all(
        [86400, 3600].map((period) =>
          cw().send(
            new GetMetricDataCommand({
              StartTime: new Date(dayStart),
              EndTime: new Date(dayStart + DAY),
              MetricDataQueries: [query("q", id, "MetadataNoToken", period)],
            }),
          ),
        ),
      );
      const d = daily?.MetricDataResults?.[0];
      const h = hourly?.MetricDataResults?.[0];
      expect(d?.StatusCode).toBe("Complete");
      expect(d?.Values).toHaveLength(1);
      expect(h?.Values).toHaveLength(24);
      const truth = sim.fleet.metricSum(id, "MetadataNoToken", dayStart, dayStart + DAY);
      expect(truth).toBeGreaterThan(0);
      expect(d?.Values?.[0]).toBe(truth);
      expect(h?.Values?.reduce((s, v) => s + v, 0)).toBe(truth);
      // Newest first by default.
      expect(h?.Timestamps?.[0]?.getTime()).toBe(dayStart + 23 * HOUR);
    }
  });

  it("supports ScanBy TimestampAscending and sub-hour periods that add up to the hour", async () => {
    const id = running().find((i) => sim.fleet.instanceTruth(i).category === "blocked") ?? "";
    const out = await cw().send(
      new GetMetricDataCommand({
        StartTime: new Date(dayStart + 10 * HOUR),
        EndTime: new Date(dayStart + 11 * HOUR),
        ScanBy: "TimestampAscending",
        MetricDataQueries: [query("five", id, "MetadataNoToken", 300), query("hour", id, "MetadataNoToken", 3600)],
      }),
    );
    const [five, hour] = out.MetricDataResults ?? [];
    expect(five?.Timestamps?.map((t) => t.getTime())).toEqual(
      Array.from({ length: 12 }, (_, k) => dayStart + 10 * HOUR + k * 300_000),
    );
    expect(five?.Values?.reduce((s, v) => s + v, 0)).toBe(hour?.Values?.[0]);
  });

  it("omits periods when the instance was not running, and answers unknown metrics with empty Complete results", async () => {
    const stopped = sim.fleet.listInstances(cell.accountId, cell.region).find((v) => v.state === "stopped");
    const stopTime = (stopped && sim.fleet.findInstance(stopped.instanceId)?.stopTime) ?? 0;
    const out = await cw().send(
      new GetMetricDataCommand({
        StartTime: new Date(stopTime - 5 * DAY),
        EndTime: new Date(stopTime + 5 * DAY),
        MetricDataQueries: [
          query("stopped", stopped?.instanceId ?? "", "MetadataNoToken", 86400),
          query("avg", running()[0] ?? "", "MetadataNoToken", 86400, "Average"),
          {
            Id: "cpu",
            MetricStat: {
              Metric: {
                Namespace: "AWS/EC2",
                MetricName: "CPUUtilization",
                Dimensions: [{ Name: "InstanceId", Value: running()[0] }],
              },
              Period: 86400,
              Stat: "Sum",
            },
          },
        ],
      }),
    );
    const [s, avg, cpu] = out.MetricDataResults ?? [];
    expect(s?.Timestamps?.length).toBe(
      sim.fleet.metricSeries(
        stopped?.instanceId ?? "",
        "MetadataNoToken",
        stopTime - 5 * DAY,
        stopTime + 5 * DAY,
        86400,
      ).timestamps.length,
    );
    expect(s?.Timestamps?.every((t) => t.getTime() < stopTime)).toBe(true);
    expect(s?.Timestamps?.length).toBeGreaterThan(0);
    expect(s?.Timestamps?.length).toBeLessThan(10);
    expect(avg).toMatchObject({ Id: "avg", Values: [], StatusCode: "Complete" });
    expect(cpu).toMatchObject({ Id: "cpu", Values: [], StatusCode: "Complete" });
  });

  it("has no data for an instance of another account (CloudWatch is per account)", async () => {
    const id = running()[0] ?? "";
    const other = sim.fleet.activeAccounts().find((a) => a.id !== cell.accountId)?.id ?? "";
    const out = await cw(other, cell.region).send(
      new GetMetricDataCommand({
        StartTime: new Date(dayStart),
        EndTime: new Date(dayStart + DAY),
        MetricDataQueries: [query("q", id, "MetadataNoToken", 3600)],
      }),
    );
    expect(out.MetricDataResults?.[0]?.Values).toEqual([]);
  });

  it("validates query count, ids, period and time range", async () => {
    const id = running()[0] ?? "";
    const base = { StartTime: new Date(dayStart), EndTime: new Date(dayStart + DAY) };
    const tooMany = await errorOf(() =>
      cw().send(
        new GetMetricDataCommand({
          ...base,
          MetricDataQueries: Array.from({ length: 501 }, (_, i) => query(`q${i}`, id, "MetadataNoToken", 86400)),
        }),
      ),
    );
    expect(tooMany.name).toBe("InvalidParameterValueException");
    expect(tooMany.Code).toBe("InvalidParameterValue");
    expect(tooMany.message).toMatch(/500/);
    const fiveHundred = await cw().send(
      new GetMetricDataCommand({
        ...base,
        MetricDataQueries: Array.from({ length: 500 }, (_, i) => query(`q${i}`, id, "MetadataNoToken", 86400)),
      }),
    );
    expect(fiveHundred.MetricDataResults).toHaveLength(500);
    for (const badId of ["Q1", "1q", "q-1", id]) {
      const err = await errorOf(() =>
        cw().send(
          new GetMetricDataCommand({ ...base, MetricDataQueries: [query(badId, id, "MetadataNoToken", 86400)] }),
        ),
      );
      expect(err.Code, badId).toBe("InvalidParameterValue");
    }
    const period = await errorOf(() =>
      cw().send(new GetMetricDataCommand({ ...base, MetricDataQueries: [query("q", id, "MetadataNoToken", 90)] })),
    );
    expect(period.Code).toBe("InvalidParameterValue");
    const range = await errorOf(() =>
      cw().send(
        new GetMetricDataCommand({
          StartTime: base.EndTime,
          EndTime: base.StartTime,
          MetricDataQueries: [query("q", id, "MetadataNoToken", 3600)],
        }),
      ),
    );
    // GetMetricData (unlike GetMetricStatistics) answers ValidationError for this.
    expect(range.Code).toBe("ValidationError");
    expect(range.$metadata?.httpStatusCode).toBe(400);
  });

  it("returns PartialData and a NextToken beyond 100,800 datapoints, and the pages add up to the ground truth", async () => {
    const ids = running().slice(0, 250);
    expect(ids).toHaveLength(250);
    const start = TEST_NOW - 10 * DAY - 3 * HOUR;
    const end = start + 10 * DAY;
    const queries = ids.flatMap((id, i) => [
      query(`a${i}`, id, "MetadataNoToken", 3600),
      query(`b${i}`, id, "MetadataNoTokenRejected", 3600),
    ]);
    const pages: { results: MetricDataResult[]; token?: string }[] = [];
    let NextToken: string | undefined;
    do {
      const out = await cw().send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date(end),
          MetricDataQueries: queries,
          NextToken,
        }),
      );
      pages.push({ results: out.MetricDataResults ?? [], token: out.NextToken });
      NextToken = out.NextToken;
    } while (NextToken && pages.length < 5);
    expect(pages).toHaveLength(2);
    const count = (rs: MetricDataResult[]) => rs.reduce((s, r) => s + (r.Values?.length ?? 0), 0);
    expect(count(pages[0]?.results ?? [])).toBe(100_800);
    expect(pages[0]?.results.some((r) => r.StatusCode === "PartialData")).toBe(true);
    expect(pages[1]?.results.every((r) => r.StatusCode === "Complete")).toBe(true);

    const merged = new Map<string, { t: number[]; v: number[] }>();
    for (const page of pages) {
      for (const r of page.results) {
        const m = merged.get(r.Id ?? "") ?? { t: [], v: [] };
        m.t.push(...(r.Timestamps ?? []).map((t) => t.getTime()));
        m.v.push(...(r.Values ?? []));
        merged.set(r.Id ?? "", m);
      }
    }
    expect(merged.size).toBe(500);
    ids.forEach((id, i) => {
      for (const [key, metric] of [
        [`a${i}`, "MetadataNoToken"],
        [`b${i}`, "MetadataNoTokenRejected"],
      ] as const) {
        const truth = sim.fleet.metricSeries(id, metric, start, end, 3600);
        const got = merged.get(key);
        expect(got?.t).toEqual([...truth.timestamps].reverse());
        expect(got?.v).toEqual([...truth.values].reverse());
      }
    });
    const bad = await errorOf(() =>
      cw().send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date(end),
          MetricDataQueries: queries.slice(1),
          NextToken: pages[0]?.token,
        }),
      ),
    );
    expect(bad.Code).toBe("InvalidNextToken");
  });
});

describe("ListMetrics", () => {
  it("pages 500 at a time through exactly the instances with data in the last 14 days", async () => {
    const expected = sim.fleet
      .listInstances(cell.accountId, cell.region)
      .filter((v) => sim.fleet.metricSum(v.instanceId, "MetadataNoToken", TEST_NOW - 14 * DAY, TEST_NOW) !== null)
      .map((v) => v.instanceId);
    expect(expected.length).toBeGreaterThan(250);
    const listed: string[] = [];
    let pages = 0;
    let NextToken: string | undefined;
    do {
      const out = await cw().send(
        new ListMetricsCommand({ Namespace: "AWS/EC2", Dimensions: [{ Name: "InstanceId" }], NextToken }),
      );
      pages++;
      expect(out.Metrics?.length ?? 0).toBeLessThanOrEqual(500);
      for (const m of out.Metrics ?? []) listed.push(`${m.MetricName}:${m.Dimensions?.[0]?.Value}`);
      NextToken = out.NextToken;
    } while (NextToken);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.sort()).toEqual(
      expected.flatMap((id) => [`MetadataNoToken:${id}`, `MetadataNoTokenRejected:${id}`]).sort(),
    );

    const one = await cw().send(
      new ListMetricsCommand({
        MetricName: "MetadataNoTokenRejected",
        Dimensions: [{ Name: "InstanceId", Value: expected[0] }],
      }),
    );
    expect(one.Metrics).toEqual([
      {
        Namespace: "AWS/EC2",
        MetricName: "MetadataNoTokenRejected",
        Dimensions: [{ Name: "InstanceId", Value: expected[0] }],
      },
    ]);
    expect((await cw().send(new ListMetricsCommand({ Namespace: "AWS/Lambda" }))).Metrics).toEqual([]);
  });
});

describe("wire formats", () => {
  const auth = (service: string) =>
    `AWS4-HMAC-SHA256 Credential=ASIASIM0${cell.accountId}/20261122/${cell.region}/${service}/aws4_request, SignedHeaders=host, Signature=x`;

  it("answers JSON errors with x-amzn-query-error and a __type", async () => {
    const res = await fetch(sim.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "GraniteServiceVersion20100801.GetMetricData",
        authorization: auth("monitoring"),
      },
      body: JSON.stringify({ MetricDataQueries: [], StartTime: 1, EndTime: 2 }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-query-error")).toBe("MissingParameter;Sender");
    expect(res.headers.get("x-amzn-requestid")).toBeTruthy();
    const body: unknown = await res.json();
    expect(body).toMatchObject({
      __type: expect.stringContaining("MissingRequiredParameterException"),
      message: expect.any(String),
    });
  });

  it("serves the form-encoded query protocol with ISO timestamps and XML replies", async () => {
    const id = running()[0] ?? "";
    const form = new URLSearchParams({
      Action: "GetMetricData",
      Version: "2010-08-01",
      StartTime: new Date(dayStart).toISOString(),
      EndTime: new Date(dayStart + DAY).toISOString(),
      "MetricDataQueries.member.1.Id": "m0",
      "MetricDataQueries.member.1.MetricStat.Metric.Namespace": "AWS/EC2",
      "MetricDataQueries.member.1.MetricStat.Metric.MetricName": "MetadataNoToken",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name": "InstanceId",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value": id,
      "MetricDataQueries.member.1.MetricStat.Period": "86400",
      "MetricDataQueries.member.1.MetricStat.Stat": "Sum",
    });
    const res = await fetch(sim.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth("monitoring") },
      body: form.toString(),
    });
    const xml = await res.text();
    expect(res.status).toBe(200);
    expect(xml).toContain(
      '<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><GetMetricDataResult><MetricDataResults><member>',
    );
    expect(xml).toContain(
      `<Timestamps><member>${new Date(dayStart).toISOString().replace(".000Z", "Z")}</member></Timestamps>`,
    );
    expect(xml).toContain(
      `<Values><member>${sim.fleet.metricSum(id, "MetadataNoToken", dayStart, dayStart + DAY)}</member></Values>`,
    );

    form.set("MetricDataQueries.member.1.MetricStat.Period", "61");
    const bad = await fetch(sim.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth("monitoring") },
      body: form.toString(),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>InvalidParameterValue<\/Code>/,
    );
  });
});
