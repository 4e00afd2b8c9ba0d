// Dashboard API benchmark (not part of CI): `npm run bench:api`. Needs PostgreSQL (BENCH_DATABASE_URL or
// TEST_DATABASE_URL, a local server) and a production build (`npm run build`).
//
// 1. Seeds (once; reused while its marker row matches) a database with a simulated fleet of 100,000 instances and
//    365 days of metric history, collected by the real collector from the simulator.
// 2. Starts `next start` against it and drives each API route with autocannon at 50 connections on loopback;
//    p95 is computed from every response's own latency (autocannon's summary has no p95).
// 3. Measures the overview's first-load JavaScript: every script the served HTML loads, gzipped.
import { spawn, type ChildProcess } from "node:child_process";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import pg from "pg";
import { simulatorContext } from "@/lib/aws/context";
import { runCollection } from "@/lib/collector/run-collection";
import { createDatabase } from "@/lib/db/conn/client";
import { assertLocalDatabaseUrl } from "@/lib/db/conn/testing";
import { startSimulator } from "@/lib/simulator/server";

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 100_000);
const HISTORY_DAYS = 365;
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PORT = 3170;
const MARKER = `seed=1 instances=${INSTANCES} days=${HISTORY_DAYS}`;

async function benchDatabaseUrl(): Promise<string> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) {
    throw new Error(
      "bench:api needs PostgreSQL: set BENCH_DATABASE_URL to a local server, e.g. postgresql://app:app@127.0.0.1:5432/app",
    );
  }
  const url = assertLocalDatabaseUrl(server, "BENCH_DATABASE_URL");
  const admin = new pg.Client({ connectionString: url.href });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'imds_bench_api'");
    if (exists.rowCount === 0) await admin.query("CREATE DATABASE imds_bench_api");
  } finally {
    await admin.end();
  }
  url.pathname = "/imds_bench_api";
  return url.href;
}

/** Collects the fleet into the bench database unless it already holds this exact seed. */
async function seed(databaseUrl: string): Promise<void> {
  const database = await createDatabase({ url: databaseUrl, log: () => undefined });
  try {
    await database.raw.query(`CREATE TABLE IF NOT EXISTS bench_marker (marker text PRIMARY KEY)`);
    const marker = await database.raw.query(`SELECT marker FROM bench_marker`);
    if (marker.rows[0]?.marker === MARKER) {
      console.log(`Reusing the seeded database (${MARKER})`);
      return;
    }
    console.log(`Seeding ${INSTANCES} instances with ${HISTORY_DAYS} days of metrics (one-off; reused afterwards)...`);
    const started = performance.now();
    const simulator = await startSimulator({
      fleet: { seed: 1, instances: INSTANCES, accounts: 10, regions: 10, historyDays: HISTORY_DAYS },
    });
    try {
      const run = await runCollection(
        {
          db: database,
          aws: simulatorContext(simulator.url, 8),
          settings: {
            regions: [],
            accountIds: [],
            useOrganizations: true,
            assumeRoleName: "IMDSDashboardReadOnly",
            concurrency: 8,
            backfillDays: HISTORY_DAYS,
            hourlyHours: 48,
            readinessWindowDays: 14,
            historyDays: 90,
          },
          databaseUrl,
        },
        {
          trigger: "cli",
          onProgress: ({ done, total }) => process.stdout.write(`\r  ${done}/${total} account-regions`),
        },
      );
      console.log(
        `\n  run #${run.id} ${run.status}: ${run.metricPointsWritten} metric points in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      if (run.status !== "succeeded") throw new Error(`seeding run ended ${run.status}: ${run.error}`);
    } finally {
      await simulator.close();
    }
    await database.raw.query(`ANALYZE`);
    await database.raw.query(`DELETE FROM bench_marker`);
    await database.raw.query(`INSERT INTO bench_marker VALUES ($1)`, [MARKER]);
  } finally {
    await database.close();
  }
}

async function startServer(databaseUrl: string, extraEnv: Record<string, string>): Promise<ChildProcess> {
  const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AWS_MODE: "simulator",
      SIMULATOR_INSTANCES: "10",
      COLLECT_ON_START: "false",
      COLLECT_INTERVAL_MINUTES: "0",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "inherit"],
    // Its own process group, so stopping it also stops the next-server that npx starts.
    detached: true,
  });
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${PORT}/api/status`);
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  process.kill(-server.pid!, "SIGTERM");
  throw new Error("next start did not answer /api/status within 60 s (run `npm run build` first)");
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function load(
  path: string,
  seconds = SECONDS,
): Promise<{ p50: number; p95: number; p99: number; requests: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const instance = autocannon({ url: `http://127.0.0.1:${PORT}${path}`, connections: CONNECTIONS, duration: seconds });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (statusCode >= 400) errors++;
  });
  await instance;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    errors,
  };
}

async function firstLoadJsGzipped(path: string): Promise<{ bytes: number; scripts: number }> {
  const html = await (await fetch(`http://127.0.0.1:${PORT}${path}`)).text();
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)].map((match) => match[1]!);
  let bytes = 0;
  for (const source of new Set(sources)) {
    const body = Buffer.from(await (await fetch(new URL(source, `http://127.0.0.1:${PORT}`))).arrayBuffer());
    bytes += gzipSync(body, { level: 9 }).length;
  }
  return { bytes, scripts: new Set(sources).size };
}

function stopServer(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    server.once("exit", () => resolve());
    process.kill(-server.pid!, "SIGTERM");
  });
}

/**
 * Drives each route and prints its latencies next to the same run's floor: /api/health, a route
 * that does nothing, so "x floor" is what the route adds over Next.js itself on this (noisy) machine.
 */
async function loadRoutes(routes: string[]): Promise<void> {
  await load("/api/health", 3); // warm-up: the first requests compile the server's code paths
  const floor = await load("/api/health");
  console.log(
    `${"route".padEnd(56)} ${"requests".padStart(8)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)}  p95/target  p95/floor`,
  );
  const print = (route: string, result: Awaited<ReturnType<typeof load>>) => {
    const flag = result.errors ? `  (${result.errors} error responses)` : "";
    console.log(
      `${route.padEnd(56)} ${String(result.requests).padStart(8)} ${result.p50.toFixed(0).padStart(5)}ms ${result.p95.toFixed(0).padStart(5)}ms ${result.p99.toFixed(0).padStart(5)}ms  ${(result.p95 / 100).toFixed(2).padStart(10)}  ${(result.p95 / floor.p95).toFixed(2).padStart(9)}${flag}`,
    );
  };
  print("/api/health (floor: Next.js alone)", floor);
  for (const route of routes) print(route, await load(route));
}

async function main() {
  const databaseUrl = await benchDatabaseUrl();
  await seed(databaseUrl);
  // Twice: as served (reads cached until the data changes), then with the cache off, so every
  // request runs its queries: the cost of the first request after each collection.
  for (const [label, extraEnv] of [
    ["read cache on (as served)", {}],
    ["read cache off (READ_CACHE_ENTRIES=0: every request queries PostgreSQL)", { READ_CACHE_ENTRIES: "0" }],
  ] as const) {
    const server = await startServer(databaseUrl, extraEnv);
    try {
      const status = await (await fetch(`http://127.0.0.1:${PORT}/api/status`)).json();
      const account = status.accounts?.[0]?.id ?? "";
      const overview = await (await fetch(`http://127.0.0.1:${PORT}/api/overview`)).json();
      const team = overview.breakdowns?.teams?.[0]?.key ?? "";
      console.log(
        `\n${label}: ${CONNECTIONS} connections, ${SECONDS} s per route, ${INSTANCES} instances, ${HISTORY_DAYS} days (target p95 <= 100 ms)`,
      );
      await loadRoutes([
        "/api/status",
        "/api/overview?days=90",
        `/api/overview?days=365&account=${account}`,
        `/api/overview?days=90&team=${encodeURIComponent(team)}`,
        "/api/instances",
        "/api/instances?readiness=ready&sort=name",
        "/api/instances?q=web&httpTokens=optional",
        "/api/regions",
      ]);
      if (label.startsWith("read cache on")) {
        const js = await firstLoadJsGzipped("/");
        console.log(
          `\nOverview first-load JS: ${(js.bytes / 1024).toFixed(1)} KiB gzipped in ${js.scripts} scripts (target <= 250 KB; ratio ${(js.bytes / 250_000).toFixed(2)})`,
        );
      }
    } finally {
      await stopServer(server);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
