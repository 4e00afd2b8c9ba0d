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
      const items = (value ?? "")
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
      for (const entry of items) {
        if (!item.safeParse(entry).success) {
          ctx.addIssue({ code: "custom", message: `"${entry}" is not ${what}` });
          return z.NEVER;
        }
      }
      return items;
    });

/** A Host header value: a DNS name or IP, optionally with a port (no scheme, no path). */
const hostWithPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/);
const regionName = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/);
const groupName = z.string().min(1);
const email = z.email();

/** 127.0.0.0/8, ::1 and localhost: the addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

const DURATION = /^(\d+)(ms|s|m|h)$/;
const DURATION_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** "30s,2m,10m" -> [30000, 120000, 600000]; undefined for anything else. */
export function parseDurationList(value: string): number[] | undefined {
  const parts = value.split(",").map((part) => part.trim());
  const out: number[] = [];
  for (const part of parts) {
    const match = DURATION.exec(part);
    if (!match) return undefined;
    // safe because the regex only captures these units
    out.push(Number(match[1]) * DURATION_MS[match[2] as keyof typeof DURATION_MS]);
  }
  return out;
}

/** An SNS topic ARN, where the region and account may be the placeholders {region} and {accountId}. */
const TOPIC_TEMPLATE =
  /^arn:aws[a-z-]*:sns:(\{region\}|[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d):(\{accountId\}|\d{12}):[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** The topic for an instance's alarm: SNS topics are regional, so the template names its cell. */
export function alarmTopicArn(template: string, accountId: string, region: string): string {
  return template.replaceAll("{region}", region).replaceAll("{accountId}", accountId);
}

const OIDC_TRIPLE = ["OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
const accountId = z.string().regex(/^\d{12}$/);

export const EnvSchema = z
  .object({
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
    CHROMIUM_PATH: z.string().startsWith("/", { error: "must be the absolute path of a Chromium binary" }).optional(),

    SIMULATOR_ENDPOINT: z.url({ error: "must be a URL like http://127.0.0.1:4566" }).optional(),
    SIMULATOR_PORT: integer(0, 0, 65535),
    SIMULATOR_SEED: integer(1, 0, 2 ** 31 - 1),
    SIMULATOR_INSTANCES: integer(2000, 0, 1_000_000),
    SIMULATOR_ACCOUNTS: integer(3, 1, 100),
    SIMULATOR_REGIONS: integer(4, 1, 20),
    SIMULATOR_LATENCY_MS: integer(0, 0, 10_000),

    OIDC_ISSUER_URL: z.url({ error: "must be the issuer URL, like https://login.example.com/realms/ops" }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH_SECRET: z
      .string()
      .min(32, { error: "must be at least 32 characters (e.g. `openssl rand -base64 32`)" })
      .optional(),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: "must be the http(s) URL people open, like https://imds.example.com" })
      .transform((value) => value.replace(/\/+$/, ""))
      .optional(),
    ALLOWED_HOSTS: list(hostWithPort, "a host name with an optional port, like imds.internal:3000"),
    OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
    OIDC_SCOPES: z
      .string()
      .regex(/(^|\s)openid(\s|$)/, { error: 'must include "openid", like "openid email profile"' })
      .default("openid email profile"),
    ROLE_ADMIN_GROUPS: list(groupName, "a group name"),
    ROLE_OPERATOR_GROUPS: list(groupName, "a group name"),
    ROLE_ADMIN_EMAILS: list(email, "an email address"),
    ROLE_OPERATOR_EMAILS: list(email, "an email address"),

    ALERT_REJECTED_WINDOW_HOURS: integer(24, 1, 720),
    WEBHOOK_RETRY_DELAYS: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value.trim() === "") return [30_000, 120_000, 600_000];
        const delays = parseDurationList(value);
        if (!delays || delays.length > 10) {
          ctx.addIssue({
            code: "custom",
            message: 'must be up to 10 delays like "30s,2m,10m" (units ms, s, m, h)',
          });
          return z.NEVER;
        }
        return delays;
      }),
    WEBHOOK_TIMEOUT_SECONDS: integer(10, 1, 120),
    ALARM_SNS_TOPIC_ARN: z
      .string()
      .regex(TOPIC_TEMPLATE, {
        error:
          "must be an SNS topic ARN, where the region and account may be {region} and {accountId}, like arn:aws:sns:{region}:{accountId}:imds-alerts",
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    const given = OIDC_TRIPLE.filter((name) => config[name] !== undefined);
    const oidc = given.length > 0;
    if (oidc && given.length < OIDC_TRIPLE.length) {
      for (const name of OIDC_TRIPLE.filter((name) => config[name] === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `is required because ${given.join(" and ")} ${given.length > 1 ? "are" : "is"} set (OIDC needs ${OIDC_TRIPLE.join(", ")}; set all three or none)`,
        });
      }
    }
    if (oidc && config.AUTH_SECRET === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required with OIDC sign-in: a random secret of at least 32 characters (`openssl rand -base64 32`)",
      });
    }
    if (oidc && config.PUBLIC_URL === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLIC_URL"],
        message:
          "is required with OIDC sign-in: the URL people open (e.g. https://imds.example.com); " +
          "register PUBLIC_URL/api/auth/callback as the client's redirect URI",
      });
    }
    if (!oidc && config.ALLOWED_HOSTS.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["ALLOWED_HOSTS"],
        message:
          "needs sign-in: in local mode the dashboard answers only at loopback names (127.0.0.1, localhost, [::1]); " +
          "unset ALLOWED_HOSTS, or configure sign-in and PUBLIC_URL",
      });
    }
    if (!oidc && !isLoopbackHost(config.HOST)) {
      // With no sign-in everyone who reaches the server is the local admin.
      ctx.addIssue({
        code: "custom",
        path: ["HOST"],
        message:
          `refusing to listen on ${config.HOST} without sign-in: with no OIDC configured everyone who can reach the ` +
          `server is admin${config.AWS_MODE === "simulator" ? "" : " and could change your AWS accounts"}. ` +
          "Set HOST=127.0.0.1, or configure sign-in (OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, AUTH_SECRET, PUBLIC_URL)",
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Their values never appear in an error message. */
const SECRET_VARIABLES = new Set(["OIDC_CLIENT_SECRET", "AUTH_SECRET"]);

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as they do in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "config");
      const given = source[name];
      const shown =
        given === undefined || issue.path.length === 0
          ? ""
          : SECRET_VARIABLES.has(name)
            ? " (value hidden)"
            : ` (got "${given}")`;
      return `${name}: ${issue.message}${shown}`;
    }),
  );
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export interface OidcSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  secret: string;
  publicUrl: string;
  /** Cookies are Secure when the dashboard is served over https. */
  secureCookies: boolean;
  groupsClaim: string;
  scopes: string;
  roles: {
    adminGroups: string[];
    operatorGroups: string[];
    adminEmails: string[];
    operatorEmails: string[];
  };
}

/** Sign-in settings, or null in local mode (no OIDC configured: the local user is admin). */
export function oidcSettings(config: Env): OidcSettings | null {
  const { OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, AUTH_SECRET, PUBLIC_URL } = config;
  if (!OIDC_ISSUER_URL || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !AUTH_SECRET || !PUBLIC_URL) return null;
  return {
    issuerUrl: OIDC_ISSUER_URL,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    secret: AUTH_SECRET,
    publicUrl: PUBLIC_URL,
    secureCookies: PUBLIC_URL.startsWith("https:"),
    groupsClaim: config.OIDC_GROUPS_CLAIM,
    scopes: config.OIDC_SCOPES,
    roles: {
      adminGroups: config.ROLE_ADMIN_GROUPS,
      operatorGroups: config.ROLE_OPERATOR_GROUPS,
      adminEmails: config.ROLE_ADMIN_EMAILS.map((address) => address.toLowerCase()),
      operatorEmails: config.ROLE_OPERATOR_EMAILS.map((address) => address.toLowerCase()),
    },
  };
}
