import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, EnvSchema, parseEnv } from "./env";

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
      parseEnv({ AWS_MODE: "prod", AWS_REGIONS: "us-east-1,mars-1", METRICS_BACKFILL_DAYS: "900", DATABASE_URL: "mysql://x" });
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
