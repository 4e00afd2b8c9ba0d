// `npm run simulator -- --instances 100000 --port 4566 ...`: serves a simulated fleet until
// SIGINT/SIGTERM. Every flag is validated with a message naming it.
import { parseArgs } from "node:util";
import type { DeniedAccountRegion, SimulatorKnobs } from "./knobs";
import { FLEET_REGION_NAMES } from "./regions";
import { SIMULATOR_ACCESS_KEY_ID, SIMULATOR_SECRET_ACCESS_KEY, startSimulator } from "./server";

const USAGE = `Usage: npm run simulator -- [options]
  --port N             port on 127.0.0.1 (default 4566; 0 picks a free one)
  --instances N        instances in the fleet (default 2000)
  --seed N             fleet seed (default 1)
  --accounts N         active accounts, the first is the management account (default 3)
  --regions N          first N of: ${FLEET_REGION_NAMES.join(", ")} (default 4)
  --history-days N     days of migration history (default 120)
  --latency MS         added latency per call
  --token-buckets      enforce EC2's per account x region x API token buckets
  --throttle R         share of EC2/CloudWatch calls throttled (0..1)
  --errors R           share of EC2/CloudWatch calls failing with a 500 (0..1)
  --deny ACCOUNT:REGION[:CODE][:OPERATION,...]  refuse EC2 and CloudWatch there, or only the named operations
                       (repeatable; CODE UnauthorizedOperation|AccessDenied; e.g. 111122223333:us-east-1:DescribeRegions)`;

export class FlagError extends Error {}

function integer(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new FlagError(`--${flag} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

function rate(flag: string, raw: string | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new FlagError(`--${flag} must be a number from 0 to 1 (got "${raw}")`);
  }
  return n;
}

function deny(raw: string): DeniedAccountRegion {
  const m =
    /^(\d{12}):([a-z]{2}(?:-[a-z]+)+-\d)(?::(UnauthorizedOperation|AccessDenied))?(?::([A-Z][A-Za-z]+(?:,[A-Z][A-Za-z]+)*))?$/.exec(
      raw,
    );
  if (!m?.[1] || !m[2]) {
    throw new FlagError(
      `--deny must look like 111122223333:us-east-1, 111122223333:us-east-1:AccessDenied or 111122223333:us-east-1:DescribeRegions (got "${raw}")`,
    );
  }
  const code = m[3] === "AccessDenied" || m[3] === "UnauthorizedOperation" ? m[3] : undefined;
  return { accountId: m[1], region: m[2], ...(code ? { code } : {}), ...(m[4] ? { operations: m[4].split(",") } : {}) };
}

export interface CliConfig {
  port: number;
  fleet: { seed: number; instances: number; accounts: number; regions: number; historyDays: number };
  knobs: Partial<SimulatorKnobs>;
}

export function parseCli(argv: string[]): CliConfig | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        instances: { type: "string" },
        seed: { type: "string" },
        accounts: { type: "string" },
        regions: { type: "string" },
        "history-days": { type: "string" },
        latency: { type: "string" },
        "token-buckets": { type: "boolean" },
        throttle: { type: "string" },
        errors: { type: "string" },
        deny: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new FlagError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return "help";
  return {
    port: integer("port", v.port, 4566, 0, 65535),
    fleet: {
      seed: integer("seed", v.seed, 1, 0, 2 ** 31 - 1),
      instances: integer("instances", v.instances, 2000, 0, 2_000_000),
      accounts: integer("accounts", v.accounts, 3, 1, 1000),
      regions: integer("regions", v.regions, 4, 1, FLEET_REGION_NAMES.length),
      historyDays: integer("history-days", v["history-days"], 120, 1, 400),
    },
    knobs: {
      latencyMs: integer("latency", v.latency, 0, 0, 600_000),
      tokenBuckets: v["token-buckets"] ?? false,
      throttleRate: rate("throttle", v.throttle),
      serverErrorRate: rate("errors", v.errors),
      denied: (v.deny ?? []).map(deny),
    },
  };
}

async function main(): Promise<void> {
  let config: CliConfig | "help";
  try {
    config = parseCli(process.argv.slice(2));
  } catch (err) {
    if (err instanceof FlagError) {
      console.error(`simulator: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (config === "help") {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const sim = await startSimulator({ port: config.port, fleet: config.fleet, knobs: config.knobs });
  const counts = sim.fleet.counts();
  const env = `AWS_ENDPOINT_URL=${sim.url} AWS_ACCESS_KEY_ID=${SIMULATOR_ACCESS_KEY_ID} AWS_SECRET_ACCESS_KEY=${SIMULATOR_SECRET_ACCESS_KEY}`;
  console.log(
    [
      `IMDS simulator listening on ${sim.url} (fleet built in ${Math.round(performance.now() - started)} ms)`,
      `  ${counts.instances} instances (${counts.byHttpTokens.required} required, ${counts.byHttpTokens.optional} optional), seed ${sim.fleet.seed}`,
      `  regions: ${sim.fleet.regions.join(", ")}`,
      `  accounts:`,
      ...sim.fleet.accounts.map(
        (a) =>
          `    ${a.id}  ${a.name}${a.isManagement ? " (management; the base access key)" : ""}${a.state !== "ACTIVE" ? ` [${a.state}]` : ""}`,
      ),
      `  credentials: ${SIMULATOR_ACCESS_KEY_ID} / any secret; AssumeRole into arn:aws:iam::<account>:role/<name> for other accounts`,
      ``,
      `Try:`,
      `  ${env} aws ec2 describe-instances --region ${sim.fleet.regions[0] ?? "us-east-1"}`,
    ].join("\n"),
  );
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\nsimulator: ${signal} received, closing`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("simulator: close failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("lib/simulator/cli.ts")) {
  main().catch((err: unknown) => {
    console.error("simulator: failed to start:", err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
