// Collection benchmark (not part of CI): `npm run bench:collect`. Needs PostgreSQL (BENCH_DATABASE_URL or
// TEST_DATABASE_URL, a local server). Prints ratios measured in this one run; record them in bench/RESULTS.md.
//
// 1. A standalone simulator (its own process, so RSS below is the collector's) with 100,000 instances over
//    10 accounts x 10 regions, 30 ms per call, EC2 token buckets on.
// 2. One collection run for one day of metrics: wall time, API calls per API against the floor
//    (ceil(n/1000) DescribeInstances pages and ceil(2n/500) GetMetricData calls per account-region), peak RSS.
// 3. Ingest: the collector's write path (unnest upserts, in its batches and transactions) against a raw COPY of
//    the same rows into the same server, each into a fresh database.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { listTargetAccounts } from "@/lib/aws/accounts";
import { cloudTrailClient, simulatorContext } from "@/lib/aws/context";
import type { InstanceRecord } from "@/lib/domain/imds";
import { INSTANCES_PER_WRITE } from "@/lib/collector/collect-metrics";
import { collectRegionHistory } from "@/lib/collector/collect-history";
import { runPool } from "@/lib/collector/pool";
import { runCollection } from "@/lib/collector/run-collection";
import { saveInstances } from "@/lib/db/write/instances";
import { writeMetricWindow, type MetricPointRow } from "@/lib/db/write/metrics";
import { openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { collectedDataTransaction } from "@/lib/db/conn/write-transaction";
import { DAY_MS, epochDay, floorDay } from "@/lib/domain/time";
import { httpTokensOf } from "@/lib/domain/imds";

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 100_000);
const ACCOUNTS = 10;
const REGIONS = 10;
const LATENCY_MS = 30;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function startSimulatorProcess(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "lib/simulator/cli.ts",
      "--instances",
      String(INSTANCES),
      "--accounts",
      String(ACCOUNTS),
      "--regions",
      String(REGIONS),
      "--latency",
      String(LATENCY_MS),
      "--token-buckets",
      "--port",
      String(port),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes(`127.0.0.1:${port}`)) resolve();
    });
  });
  return child;
}

function trackPeakRss(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const ratio = (value: number, base: number) => (base === 0 ? "n/a" : (value / base).toFixed(3));

/** CPU seconds a process has used so far (user + system), from /proc. */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function collectBenchmark(database: TestDatabase, endpoint: string, simulatorPid: number) {
  const memory = trackPeakRss();
  const cpuBefore = process.cpuUsage();
  const simulatorCpuBefore = processCpuSeconds(simulatorPid);
  const started = performance.now();
  const run = await runCollection(
    {
      db: database,
      aws: simulatorContext(endpoint, 8),
      settings: {
        regions: [],
        accountIds: [],
        useOrganizations: true,
        assumeRoleName: "IMDSDashboardReadOnly",
        concurrency: 16,
        backfillDays: 1,
        hourlyHours: 24,
        readinessWindowDays: 14,
        // Measured on its own below: its floor is CloudTrail's 2 calls/s per account-region, not ours.
        historyDays: 0,
      },
      databaseUrl: database.url ?? undefined,
    },
    { trigger: "cli" },
  );
  const wallMs = performance.now() - started;
  // The run's row is finished before alerts are judged (still inside runCollection): the gap is the evaluation.
  const alertEvaluationMs = run.finishedAt ? Date.now() - Date.parse(run.finishedAt) : null;
  const peakRss = memory.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const collectorCpu = (cpu.user + cpu.system) / 1e6;
  const simulatorCpu = processCpuSeconds(simulatorPid) - simulatorCpuBefore;

  const cells = await database.raw.query(
    `SELECT account_id, region, COUNT(*) FILTER (WHERE terminated_at IS NULL)::int AS n FROM instance GROUP BY 1, 2`,
  );
  const byCell = new Map(cells.rows.map((row) => [`${row.account_id}/${row.region}`, Number(row.n)]));
  let describeFloor = 0;
  let metricFloor = 0;
  const unitRows = await database.raw.query(`SELECT account_id, region FROM collection_unit WHERE run_id = $1`, [
    run.id,
  ]);
  for (const unit of unitRows.rows) {
    const n = byCell.get(`${unit.account_id}/${unit.region}`) ?? 0;
    describeFloor += Math.max(1, Math.ceil(n / 1000));
    metricFloor += Math.ceil((2 * n) / 500);
  }
  const calls = (await database.prisma.collectionRun.findUniqueOrThrow({ where: { id: run.id } })).apiCalls as Record<
    string,
    number
  >;
  return { run, wallMs, alertEvaluationMs, peakRss, describeFloor, metricFloor, calls, collectorCpu, simulatorCpu };
}

/** The first CloudTrail history read of every account-region, at the collector's concurrency. */
async function historyBenchmark(database: TestDatabase, endpoint: string) {
  const ctx = simulatorContext(endpoint, 8);
  const calls = { lookupEvents: 0 };
  const units = await database.raw.query<{ account_id: string; region: string }>(
    `SELECT account_id, name AS region FROM region WHERE last_collected_at IS NOT NULL ORDER BY 1, 2`,
  );
  const accounts = await listTargetAccounts(ctx, {
    useOrganizations: true,
    accountIds: [],
    assumeRoleName: "IMDSDashboardReadOnly",
  });
  const accessById = new Map(accounts.map((account) => [account.id, account.access]));
  let events = 0;
  const started = performance.now();
  await runPool(units.rows, 16, async (unit) => {
    const cloudtrail = cloudTrailClient(ctx, accessById.get(unit.account_id)!, unit.region, () => calls.lookupEvents++);
    try {
      const result = await collectRegionHistory({
        db: database,
        cloudtrail,
        accountId: unit.account_id,
        region: unit.region,
        now: Date.now(),
        days: 90,
      });
      events += result.events;
    } finally {
      cloudtrail.destroy();
    }
  });
  return { wallMs: performance.now() - started, units: units.rowCount, events, calls: calls.lookupEvents };
}

/** Rows as the collector writes them, read back from the collected database. */
async function loadRows(database: TestDatabase) {
  const instances = await database.raw.query(`SELECT * FROM instance ORDER BY account_id, region, id`);
  const points = await database.raw.query(
    `SELECT instance_id, metric, period, timestamp, value FROM metric_point ORDER BY instance_id`,
  );
  return { instances: instances.rows, points: points.rows };
}

function asRecord(row: Record<string, unknown>): InstanceRecord {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    instanceId: String(row.id),
    availabilityZone: text(row.availability_zone),
    instanceType: text(row.instance_type),
    imageId: text(row.image_id),
    state: String(row.state),
    launchTime: row.launch_time ? new Date(String(row.launch_time)) : null,
    // safe because the column is JSONB of string values written by saveInstances
    tags: (typeof row.tags === "string" ? JSON.parse(row.tags) : row.tags) as Record<string, string>,
    name: text(row.name),
    team: text(row.team),
    environment: text(row.environment),
    launchTemplateId: text(row.launch_template_id),
    launchTemplateVersion: text(row.launch_template_version),
    httpTokens: httpTokensOf(row.http_tokens),
    httpPutResponseHopLimit: row.http_put_response_hop_limit === null ? null : Number(row.http_put_response_hop_limit),
    httpEndpoint: text(row.http_endpoint),
    httpProtocolIpv6: text(row.http_protocol_ipv6),
    instanceMetadataTags: text(row.instance_metadata_tags),
    metadataState: text(row.metadata_state),
  };
}

async function writePathIngest(
  rows: Awaited<ReturnType<typeof loadRows>>,
  now: number,
): Promise<{ ms: number; rows: number }> {
  const target = await openTestDatabase("postgres");
  try {
    const started = performance.now();
    const byCell = new Map<string, InstanceRecord[]>();
    const cellOf = new Map<string, string>();
    for (const row of rows.instances) {
      const key = `${row.account_id}/${row.region}`;
      const list = byCell.get(key) ?? [];
      list.push(asRecord(row));
      byCell.set(key, list);
      cellOf.set(String(row.id), key);
    }
    for (const [key, records] of byCell) {
      const [accountId, region] = key.split("/") as [string, string];
      await target.raw.query(`INSERT INTO account (id, source) VALUES ($1, 'config') ON CONFLICT DO NOTHING`, [
        accountId,
      ]);
      await collectedDataTransaction(target.raw, async (tx) =>
        saveInstances(tx, { accountId, region, records, seenAt: new Date(now), runId: null }),
      );
    }
    const pointsByInstance = new Map<string, MetricPointRow[]>();
    for (const row of rows.points) {
      const list = pointsByInstance.get(String(row.instance_id)) ?? [];
      list.push({
        instanceId: String(row.instance_id),
        metric: row.metric as MetricPointRow["metric"],
        period: Number(row.period),
        timestamp: new Date(String(row.timestamp) + (String(row.timestamp).endsWith("Z") ? "" : "Z")).getTime(),
        value: Number(row.value),
      });
      pointsByInstance.set(String(row.instance_id), list);
    }
    const ids = [...cellOf.keys()];
    const todayStart = floorDay(now);
    let coverageRows = 0;
    for (let start = 0; start < ids.length; start += INSTANCES_PER_WRITE) {
      const chunk = ids.slice(start, start + INSTANCES_PER_WRITE);
      const reportedDays = new Map(chunk.map((id) => [id, [epochDay(todayStart - DAY_MS)]]));
      coverageRows += chunk.length;
      await collectedDataTransaction(target.raw, async (tx) =>
        writeMetricWindow(tx, {
          instanceIds: chunk,
          replaced: [],
          points: chunk.flatMap((id) => pointsByInstance.get(id) ?? []),
          reportedDays,
          knownFrom: new Date(todayStart - DAY_MS),
          knownThrough: new Date(todayStart),
          hourlyKnownThrough: null,
        }),
      );
    }
    // saveInstances also records each new instance's first settings as a settings-change row.
    return { ms: performance.now() - started, rows: rows.instances.length * 2 + rows.points.length + coverageRows };
  } finally {
    await target.close();
  }
}

const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return "";
  const text =
    value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) || text === "" ? `"${text.replace(/"/g, '""')}"` : text;
};

async function copyRows(client: pg.Client, table: string, columns: string[], rows: unknown[][]) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from(rows.map((row) => row.map(csvField).join(",") + "\n")), stream);
}

async function copyIngest(
  rows: Awaited<ReturnType<typeof loadRows>>,
  now: number,
): Promise<{ ms: number; rows: number }> {
  const target = await openTestDatabase("postgres");
  const client = new pg.Client({ connectionString: target.url! });
  await client.connect();
  try {
    const accounts = [...new Set(rows.instances.map((row) => String(row.account_id)))];
    await client.query(`INSERT INTO account (id, source) SELECT unnest($1::text[]), 'config'`, [accounts]);
    const instanceColumns = Object.keys(rows.instances[0] ?? {});
    const todayStart = floorDay(now);
    const started = performance.now();
    await copyRows(
      client,
      "instance",
      instanceColumns,
      rows.instances.map((row) => instanceColumns.map((c) => row[c])),
    );
    await copyRows(
      client,
      "metric_point",
      ["instance_id", "metric", "period", "timestamp", "value"],
      rows.points.map((row) => [row.instance_id, row.metric, row.period, row.timestamp, row.value]),
    );
    await copyRows(
      client,
      "instance_settings_change",
      ["instance_id", "observed_at", "http_tokens", "http_put_response_hop_limit", "http_endpoint"],
      rows.instances.map((row) => [
        row.id,
        new Date(now),
        row.http_tokens,
        row.http_put_response_hop_limit,
        row.http_endpoint,
      ]),
    );
    const day = new Date(todayStart - DAY_MS).toISOString().slice(0, 10);
    await copyRows(
      client,
      "metric_coverage",
      ["instance_id", "from_day", "to_day"],
      rows.instances.map((row) => [row.id, day, day]),
    );
    return { ms: performance.now() - started, rows: rows.instances.length * 3 + rows.points.length };
  } finally {
    await client.end();
    await target.close();
  }
}

async function main() {
  if (!process.env.TEST_DATABASE_URL && process.env.BENCH_DATABASE_URL)
    process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  if (!process.env.TEST_DATABASE_URL) {
    throw new Error(
      "bench:collect needs PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a local server, e.g. postgresql://app:app@127.0.0.1:5432/app",
    );
  }
  const port = await freePort();
  console.log(
    `Simulator: ${INSTANCES} instances, ${ACCOUNTS} accounts x ${REGIONS} regions, ${LATENCY_MS} ms per call, token buckets on`,
  );
  const simulator = await startSimulatorProcess(port);
  const database = await openTestDatabase("postgres");
  try {
    const result = await collectBenchmark(database, `http://127.0.0.1:${port}`, simulator.pid!);
    const { run, calls } = result;
    console.log(
      `\nCollection run #${run.id}: ${run.status}, ${run.instancesSeen} instances, ${run.metricPointsWritten} metric points`,
    );
    console.log(
      `  wall time            ${seconds(result.wallMs)} s  (target <= 60 s; ratio to target ${ratio(result.wallMs, 60_000)})`,
    );
    if (result.alertEvaluationMs !== null) {
      console.log(
        `  of which alerts      ${seconds(result.alertEvaluationMs)} s  (judged after the run, ${ratio(result.alertEvaluationMs, result.wallMs)} of the wall time)`,
      );
    }
    const describe = calls["EC2.DescribeInstances"] ?? 0;
    const metric = calls["CloudWatch.GetMetricData"] ?? 0;
    console.log(
      `  DescribeInstances    ${describe} calls, floor ${result.describeFloor}, ratio ${ratio(describe, result.describeFloor)} (target <= 1.05)`,
    );
    console.log(
      `  GetMetricData        ${metric} calls, floor ${result.metricFloor}, ratio ${ratio(metric, result.metricFloor)} (target <= 1.05)`,
    );
    for (const [operation, count] of Object.entries(calls).sort()) console.log(`    ${operation.padEnd(42)} ${count}`);
    console.log(`  peak RSS (collector) ${(result.peakRss / 1024 / 1024).toFixed(0)} MiB`);
    console.log(
      `  CPU during the run   collector ${result.collectorCpu.toFixed(1)} s, simulator ${result.simulatorCpu.toFixed(1)} s ` +
        `(2 cores = ${((2 * result.wallMs) / 1000).toFixed(0)} core-seconds available; PostgreSQL uses the rest)`,
    );

    const history = await historyBenchmark(database, `http://127.0.0.1:${port}`);
    const floorSeconds = history.calls / history.units / 2; // 2 LookupEvents per second per account-region
    console.log(
      `\nCloudTrail history, first read (90 days): ${seconds(history.wallMs)} s for ${history.units} account-regions, ` +
        `${history.events} events in ${history.calls} LookupEvents calls (rate-limit floor ~${floorSeconds.toFixed(1)} s per account-region)`,
    );

    const rows = await loadRows(database);
    const now = Date.now();
    const copy = await copyIngest(rows, now);
    const ours = await writePathIngest(rows, now);
    const ourRate = ours.rows / (ours.ms / 1000);
    const copyRate = copy.rows / (copy.ms / 1000);
    console.log(`\nIngest of ${rows.instances.length} instances + ${rows.points.length} metric points (+ coverage):`);
    console.log(`  collector write path ${ourRate.toFixed(0)} rows/s (${ours.rows} rows in ${seconds(ours.ms)} s)`);
    console.log(`  raw COPY             ${copyRate.toFixed(0)} rows/s (${copy.rows} rows in ${seconds(copy.ms)} s)`);
    console.log(`  ratio                ${ratio(ourRate, copyRate)} of COPY (target >= 0.5)`);
  } finally {
    await database.close();
    simulator.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
