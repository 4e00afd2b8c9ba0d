import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { toErrorResponse } from "@/lib/http/route";
import { createWaiver } from "./create-waiver";
import { evaluatePlan } from "./evaluate-plan";

const NOW = Date.UTC(2026, 10, 22, 12);
const plan = (values: unknown) =>
  JSON.stringify({
    planned_values: {
      root_module: {
        resources: [{ address: "aws_instance.a", mode: "managed", type: "aws_instance", name: "a", values }],
      },
    },
  });

describe("evaluatePlan (the Guardrail page's Evaluate)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
  });
  afterAll(async () => database?.close());
  const ctx = () => ({ db: database.prisma, now: () => NOW });

  it("returns the CLI's text and the JSON report, with stored waivers applied", async () => {
    const failing = await evaluatePlan({ ctx: ctx(), input: { plan: plan({ ami: "ami-1" }) } });
    expect(failing.report.pass).toBe(false);
    expect(failing.text).toContain("    Fail - ec2-metadata-imdsv2-required.sentinel\n");
    await createWaiver({
      ctx: { ...ctx(), actor: { id: "o", name: "Olga", role: "operator", kind: "oidc" } },
      input: {
        policy: "ec2-metadata-imdsv2-required",
        address: "aws_instance.a",
        owner: "Ops",
        reason: "legacy",
        expiresAt: "2026-12-01",
      },
    });
    const waived = await evaluatePlan({ ctx: ctx(), input: { plan: plan({ ami: "ami-1" }), live: true } });
    expect(waived.report.pass).toBe(true);
    expect(waived.report.live).toBe(true);
    expect(waived.report.policies[0]!.waived.map((finding) => finding.waiver.owner)).toEqual(["Ops"]);
  });

  it("answers 422 naming the file and the JSON path for a plan it cannot read", async () => {
    const error = await evaluatePlan({ ctx: ctx(), input: { plan: plan(["x"]), source: "prod.json" } }).catch(
      (e: unknown) => e,
    );
    const response = toErrorResponse(error);
    expect(response.status).toBe(422);
    expect((await response.json()).error).toEqual({
      code: "ValidationFailed",
      message: "prod.json: $.planned_values.root_module.resources[0].values: expected an object, found an array",
      details: {
        source: "prod.json",
        at: "$.planned_values.root_module.resources[0].values",
        problem: "expected an object, found an array",
      },
    });
    const empty = toErrorResponse(await evaluatePlan({ ctx: ctx(), input: { plan: "" } }).catch((e: unknown) => e));
    expect([empty.status, (await empty.json()).error.message]).toEqual([
      422,
      "plan: is empty: paste the output of terraform show -json plan.out, or choose the file",
    ]);
  });
});
