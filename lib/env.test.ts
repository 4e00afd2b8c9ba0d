import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, EnvSchema, isLoopbackHost, oidcSettings, parseEnv, alarmTopicArn } from "./env";

describe("parseEnv", () => {
  it("gives working defaults for an empty environment", () => {
    const config = parseEnv({});
    expect(config.AWS_MODE).toBe("auto");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PGLITE_DIR).toBe(".data/pglite");
    expect(config.COLLECT_ON_START).toBe(true);
    expect(config.AWS_REGIONS).toEqual([]);
    expect(config.METRICS_BACKFILL_DAYS).toBe(90);
  });

  it("parses lists, flags and numbers", () => {
    const config = parseEnv({
      AWS_REGIONS: "us-east-1, eu-west-1",
      AWS_ACCOUNT_IDS: "111122223333",
      COLLECT_ON_START: "false",
      COLLECT_CONCURRENCY: "8",
    });
    expect(config.AWS_REGIONS).toEqual(["us-east-1", "eu-west-1"]);
    expect(config.AWS_ACCOUNT_IDS).toEqual(["111122223333"]);
    expect(config.COLLECT_ON_START).toBe(false);
    expect(config.COLLECT_CONCURRENCY).toBe(8);
  });

  it("names every bad variable, what was given and the fix", () => {
    let error: unknown;
    try {
      parseEnv({
        AWS_MODE: "prod",
        AWS_REGIONS: "us-east-1,mars-1",
        METRICS_BACKFILL_DAYS: "900",
        DATABASE_URL: "mysql://x",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toContain('AWS_MODE: use auto, aws or simulator (got "prod")');
    expect(problems).toContain('AWS_REGIONS: "mars-1" is not an AWS region name like us-east-1');
    expect(problems).toContain('METRICS_BACKFILL_DAYS: "900" is not a whole number from 1 to 455');
    expect(problems).toContain("DATABASE_URL: must be a postgresql:// URL");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it(".env.example lists every setting", () => {
    const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
    const listed = new Set([...example.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    expect([...listed].sort()).toEqual(Object.keys(EnvSchema.shape).sort());
  });
});

function problemsOf(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join("\n");
    throw error;
  }
  return "";
}

const OIDC = {
  OIDC_ISSUER_URL: "https://login.example.com",
  OIDC_CLIENT_ID: "imds",
  OIDC_CLIENT_SECRET: "client-secret-value",
  AUTH_SECRET: "a".repeat(32),
  PUBLIC_URL: "https://imds.example.com/",
};

describe("sign-in settings", () => {
  it("is local mode (no OIDC) by default", () => {
    const config = parseEnv({});
    expect(oidcSettings(config)).toBeNull();
    expect(config.OIDC_GROUPS_CLAIM).toBe("groups");
    expect(config.ROLE_ADMIN_GROUPS).toEqual([]);
  });

  it("turns OIDC on with all of it, roles from lists, Secure cookies over https", () => {
    const settings = oidcSettings(
      parseEnv({
        ...OIDC,
        ROLE_ADMIN_GROUPS: "imds-admins, platform",
        ROLE_OPERATOR_EMAILS: "Ops@Example.com",
        OIDC_GROUPS_CLAIM: "roles",
      }),
    );
    expect(settings).toMatchObject({
      issuerUrl: "https://login.example.com",
      publicUrl: "https://imds.example.com",
      secureCookies: true,
      groupsClaim: "roles",
      roles: { adminGroups: ["imds-admins", "platform"], operatorEmails: ["ops@example.com"], adminEmails: [] },
    });
    expect(oidcSettings(parseEnv({ ...OIDC, PUBLIC_URL: "http://127.0.0.1:3000" }))?.secureCookies).toBe(false);
  });

  it("names each missing OIDC variable", () => {
    const problems = problemsOf({
      OIDC_ISSUER_URL: OIDC.OIDC_ISSUER_URL,
      AUTH_SECRET: OIDC.AUTH_SECRET,
      PUBLIC_URL: OIDC.PUBLIC_URL,
    });
    expect(problems).toContain("OIDC_CLIENT_ID: is required because OIDC_ISSUER_URL is set");
    expect(problems).toContain("OIDC_CLIENT_SECRET: is required because OIDC_ISSUER_URL is set");
    expect(problems).not.toContain("OIDC_ISSUER_URL:");
  });

  it("requires AUTH_SECRET and PUBLIC_URL with OIDC, and never prints a secret", () => {
    const { AUTH_SECRET: _secret, PUBLIC_URL: _url, ...rest } = OIDC;
    const problems = problemsOf(rest);
    expect(problems).toContain("AUTH_SECRET: is required with OIDC sign-in");
    expect(problems).toContain("PUBLIC_URL: is required with OIDC sign-in");
    const short = problemsOf({ ...OIDC, AUTH_SECRET: "short-secret" });
    expect(short).toContain("AUTH_SECRET: must be at least 32 characters");
    expect(short).not.toContain("short-secret");
  });

  it("rejects bad role lists", () => {
    expect(problemsOf({ ...OIDC, ROLE_ADMIN_EMAILS: "ops@example.com,not-an-email" })).toContain(
      'ROLE_ADMIN_EMAILS: "not-an-email" is not an email address',
    );
  });
});

describe("listen address without sign-in", () => {
  it("knows loopback addresses", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "imds.example.com", "128.0.0.1"])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it("refuses a non-loopback HOST with AWS_MODE=aws and no OIDC, saying why and what to set", () => {
    const problems = problemsOf({ AWS_MODE: "aws", HOST: "0.0.0.0" });
    expect(problems).toContain("HOST: refusing to listen on 0.0.0.0 without sign-in");
    expect(problems).toContain("could change your AWS accounts");
    expect(problems).toContain("Set HOST=127.0.0.1, or configure sign-in (OIDC_ISSUER_URL");
  });

  it("refuses it in every mode: without sign-in everyone is admin", () => {
    expect(problemsOf({ AWS_MODE: "simulator", HOST: "0.0.0.0" })).toContain("HOST: refusing to listen on 0.0.0.0");
  });

  it("allows loopback without OIDC, and any address with OIDC", () => {
    expect(parseEnv({ AWS_MODE: "aws", HOST: "127.0.0.1" }).HOST).toBe("127.0.0.1");
    expect(parseEnv({ ...OIDC, AWS_MODE: "aws", HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });
});

describe("alert settings", () => {
  it("parses the retry delays and validates the alarm topic template", () => {
    expect(parseEnv({}).WEBHOOK_RETRY_DELAYS).toEqual([30_000, 120_000, 600_000]);
    expect(parseEnv({ WEBHOOK_RETRY_DELAYS: "50ms, 1s,2m,1h" }).WEBHOOK_RETRY_DELAYS).toEqual([
      50, 1_000, 120_000, 3_600_000,
    ]);
    expect(problemsOf({ WEBHOOK_RETRY_DELAYS: "30 seconds" })).toContain(
      'WEBHOOK_RETRY_DELAYS: must be up to 10 delays like "30s,2m,10m"',
    );
    const template = "arn:aws:sns:{region}:{accountId}:imds-alerts";
    expect(parseEnv({ ALARM_SNS_TOPIC_ARN: template }).ALARM_SNS_TOPIC_ARN).toBe(template);
    expect(alarmTopicArn(template, "111122223333", "eu-west-1")).toBe("arn:aws:sns:eu-west-1:111122223333:imds-alerts");
    expect(
      parseEnv({ ALARM_SNS_TOPIC_ARN: "arn:aws:sns:eu-west-1:111122223333:ops" }).ALARM_SNS_TOPIC_ARN,
    ).toBeDefined();
    for (const bad of ["arn:aws:sqs:{region}:{accountId}:q", "imds-alerts", "arn:aws:sns:{region}:{account}:x"]) {
      expect(problemsOf({ ALARM_SNS_TOPIC_ARN: bad })).toContain("ALARM_SNS_TOPIC_ARN: must be an SNS topic ARN");
    }
  });
});
