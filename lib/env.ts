import { z } from "zod";

// The one validated configuration. Every variable is listed in .env.example and the README.
// Read once at start; a bad value stops the process with a message naming the variable and the fix.

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "use true or false" })
    .optional()
    .transform((value) => (value === undefined ? fallback : ["true", "1", "yes"].includes(value)));

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({ code: "custom", message: `"${value}" is not a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    });

const list = (item: z.ZodType<string>, what: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const items = (value ?? "").split(",").map((part) => part.trim()).filter(Boolean);
      for (const entry of items) {
        if (!item.safeParse(entry).success) {
          ctx.addIssue({ code: "custom", message: `"${entry}" is not ${what}` });
          return z.NEVER;
        }
      }
      return items;
    });

const regionName = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/);
const accountId = z.string().regex(/^\d{12}$/);

export const EnvSchema = z.object({
  AWS_MODE: z.enum(["auto", "aws", "simulator"], { error: "use auto, aws or simulator" }).default("auto"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "must be a postgresql:// URL (or unset for the embedded database)" })
    .optional(),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: integer(3000, 1, 65535),

  AWS_REGIONS: list(regionName, "an AWS region name like us-east-1"),
  AWS_ACCOUNT_IDS: list(accountId, "a 12-digit AWS account id"),
  AWS_USE_ORGANIZATIONS: z.enum(["auto", "true", "false"], { error: "use auto, true or false" }).default("auto"),
  AWS_ASSUME_ROLE_NAME: z
    .string()
    .regex(/^[\w+=,.@/-]{1,64}$/, { error: "must be an IAM role name (letters, digits, +=,.@_-)" })
    .default("IMDSDashboardReadOnly"),
  AWS_MAX_ATTEMPTS: integer(8, 1, 20),

  COLLECT_INTERVAL_MINUTES: integer(60, 0, 10_080),
  COLLECT_ON_START: flag(true),
  COLLECT_CONCURRENCY: integer(4, 1, 64),
  METRICS_BACKFILL_DAYS: integer(90, 1, 455),
  METRICS_HOURLY_HOURS: integer(48, 1, 336),
  HISTORY_DAYS: integer(90, 0, 90),
  READINESS_WINDOW_DAYS: integer(14, 1, 90),
  READ_CACHE_ENTRIES: integer(500, 0, 100_000),

  SIMULATOR_ENDPOINT: z.url({ error: "must be a URL like http://127.0.0.1:4566" }).optional(),
  SIMULATOR_PORT: integer(0, 0, 65535),
  SIMULATOR_SEED: integer(1, 0, 2 ** 31 - 1),
  SIMULATOR_INSTANCES: integer(2000, 0, 1_000_000),
  SIMULATOR_ACCOUNTS: integer(3, 1, 100),
  SIMULATOR_REGIONS: integer(4, 1, 20),
  SIMULATOR_LATENCY_MS: integer(0, 0, 10_000),
});

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as they do in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "config");
      const given = source[name];
      return `${name}: ${issue.message}${given === undefined ? "" : ` (got "${given}")`}`;
    }),
  );
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
