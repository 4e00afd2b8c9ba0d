import { spawn } from "node:child_process";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { FlagError, parseCli } from "./cli";
import { BASE_CREDENTIALS } from "./testing";

describe("parseCli", () => {
  it("reads every flag", () => {
    expect(
      parseCli([
        "--instances",
        "100000",
        "--port",
        "4566",
        "--seed",
        "7",
        "--accounts",
        "10",
        "--regions",
        "10",
        "--latency",
        "30",
        "--token-buckets",
        "--throttle",
        "0.2",
        "--errors",
        "0.01",
        "--deny",
        "111122223333:us-east-1",
        "--deny",
        "111122223333:eu-west-1:AccessDenied",
        "--deny",
        "444455556666:us-east-1:DescribeRegions,DescribeInstances",
      ]),
    ).toEqual({
      port: 4566,
      fleet: { seed: 7, instances: 100_000, accounts: 10, regions: 10, historyDays: 120 },
      knobs: {
        latencyMs: 30,
        tokenBuckets: true,
        throttleRate: 0.2,
        serverErrorRate: 0.01,
        denied: [
          { accountId: "111122223333", region: "us-east-1" },
          { accountId: "111122223333", region: "eu-west-1", code: "AccessDenied" },
          { accountId: "444455556666", region: "us-east-1", operations: ["DescribeRegions", "DescribeInstances"] },
        ],
      },
    });
  });

  it("names the bad flag", () => {
    const cases: [string[], RegExp][] = [
      [["--instances", "many"], /--instances/],
      [["--regions", "99"], /--regions/],
      [["--throttle", "1.5"], /--throttle/],
      [["--errors", "-0.1"], /--errors/],
      [["--deny", "1234:us-east-1"], /--deny/],
      [["--deny", "111122223333:us-east-1:describeRegions"], /--deny/],
      [["--port", "70000"], /--port/],
      [["--frobnicate"], /frobnicate/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseCli(args)).toThrow(FlagError);
      expect(() => parseCli(args)).toThrow(message);
    }
  });
});

describe("simulator CLI", () => {
  it("serves until SIGTERM, prints the endpoint and an example, and exits cleanly", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "lib/simulator/cli.ts", "--port", "0", "--instances", "200"],
      {
        cwd: process.cwd(),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no endpoint printed: ${stdout}`)), 30_000);
      child.stdout.on("data", () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m?.[1] && stdout.includes("aws ec2 describe-instances")) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    expect(stdout).toContain(`AWS_ENDPOINT_URL=${url} AWS_ACCESS_KEY_ID=AKIASIMULATOR0000000`);
    const regions = await new EC2Client({
      endpoint: url,
      region: "us-east-1",
      credentials: BASE_CREDENTIALS,
      maxAttempts: 1,
    }).send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.map((r) => r.RegionName)).toEqual([
      "us-east-1",
      "us-west-2",
      "eu-west-1",
      "ap-southeast-2",
    ]);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);

  it("exits 2 with the flag named on bad input", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "lib/simulator/cli.ts", "--throttle", "2"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("--throttle must be a number from 0 to 1");
  }, 60_000);
});
