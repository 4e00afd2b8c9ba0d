import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/contracts/csv";
import { evaluateGuard } from "@/lib/terraform-guard/evaluate";
import { liveScope } from "@/lib/terraform-guard/live";
import { parsePlanText } from "@/lib/terraform-guard/plan";
import { formatIssues } from "@/lib/http/route";
import type { Actor } from "@/lib/core/actor";
import { createWaiver } from "@/lib/waivers/create-waiver";
import { revokeWaiver } from "@/lib/waivers/revoke-waiver";
import { z } from "zod";
import { listAuditEntries } from "./audit";
import { AuditQuery } from "@/lib/contracts/audit-query";
import { loadLiveFacts } from "@/lib/db/read/guard-live-context";
import { listActiveWaivers, listWaivers, waiversCsv } from "./guard-waivers";
import { WaiverQuery } from "@/lib/contracts/waiver-query";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";

const NOW = Date.UTC(2026, 10, 22, 12);
const operator: Actor = { id: "op-1", name: "Olga", role: "operator", kind: "oidc" };
const viewer: Actor = { id: "v-1", name: "Vera", role: "viewer", kind: "oidc" };
const input = (overrides: Record<string, unknown> = {}) => ({
  policy: "ec2-metadata-imdsv2-required",
  address: "aws_instance.example",
  owner: "Platform team",
  reason: "Legacy agent reads IMDSv1 until its upgrade",
  expiresAt: "2026-12-22",
  ...overrides,
});
const PLAN = JSON.stringify({
  planned_values: {
    root_module: {
      resources: [
        {
          address: "aws_instance.example",
          mode: "managed",
          type: "aws_instance",
          name: "example",
          values: { ami: "ami-v2" },
        },
      ],
    },
  },
  configuration: { provider_config: { aws: { expressions: { region: { constant_value: "eu-west-1" } } } } },
});

describe.each(databaseKinds())("guardrail waivers on %s", (kind) => {
  let database: TestDatabase;
  let clock = NOW;
  const ctx = (actor: Actor = operator) => ({ db: database.prisma, actor, now: () => clock });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it("creates a waiver with its audit row, and it applies to the plan until it expires", async () => {
    const waiver = await createWaiver({ ctx: ctx(), input: input() });
    expect(waiver).toMatchObject({
      policy: "ec2-metadata-imdsv2-required",
      address: "aws_instance.example",
      owner: "Platform team",
      expiresAt: "2026-12-22T23:59:59.999Z",
      createdByName: "Olga",
      state: "active",
      revokedAt: null,
    });
    const audit = await listAuditEntries(database.prisma, AuditQuery.parse({ action: "guard-waiver.create" }));
    expect(audit.entries).toEqual([
      expect.objectContaining({
        actorName: "Olga",
        status: "succeeded",
        changeId: `guard-waiver-${waiver.id}`,
        after: expect.objectContaining({ waiverId: waiver.id, owner: "Platform team", revokedAt: null }),
      }),
    ]);

    const plan = parsePlanText(PLAN, "plan.json");
    const judge = async (at: number) =>
      evaluateGuard(plan, { waivers: await listActiveWaivers(database.prisma, new Date(at)), now: at }).policies[0]!;
    expect((await judge(NOW)).waived.map((finding) => finding.waiver.id)).toEqual([waiver.id]);
    // An expired waiver stops applying: the violation is back.
    const later = Date.parse("2026-12-23T00:00:00Z");
    expect((await judge(later)).violations.map((finding) => finding.address)).toEqual(["aws_instance.example"]);
    expect(
      (await listWaivers(database.prisma, WaiverQuery.parse({ state: "expired" }), new Date(later))).map((w) => w.id),
    ).toContain(waiver.id);
  });

  it("revokes: the waiver stops applying, stays listed as revoked, and the audit row has before and after", async () => {
    const waiver = await createWaiver({ ctx: ctx(), input: input({ address: "module.app.aws_instance.web" }) });
    clock = NOW + 1000;
    const revoked = await revokeWaiver({ ctx: ctx(), input: { id: waiver.id } });
    expect(revoked).toMatchObject({
      state: "revoked",
      revokedByName: "Olga",
      revokedAt: new Date(NOW + 1000).toISOString(),
    });
    expect((await listActiveWaivers(database.prisma, new Date(NOW + 2000))).map((w) => w.id)).not.toContain(waiver.id);
    const [entry] = (await listAuditEntries(database.prisma, AuditQuery.parse({ action: "guard-waiver.revoke" })))
      .entries;
    expect(entry).toMatchObject({
      before: expect.objectContaining({ waiverId: waiver.id, revokedAt: null }),
      after: expect.objectContaining({ waiverId: waiver.id, revokedAt: new Date(NOW + 1000).toISOString() }),
    });
    await expect(revokeWaiver({ ctx: ctx(), input: { id: waiver.id } })).rejects.toMatchObject({ code: "Conflict" });
    await expect(revokeWaiver({ ctx: ctx(), input: { id: "999999" } })).rejects.toMatchObject({ code: "NotFound" });
    clock = NOW;
  });

  it("refuses a viewer, and bad input with messages naming the field", async () => {
    await expect(createWaiver({ ctx: ctx(viewer), input: input() })).rejects.toMatchObject({ code: "Forbidden" });
    await expect(revokeWaiver({ ctx: ctx(viewer), input: { id: "1" } })).rejects.toMatchObject({ code: "Forbidden" });
    const issues = async (bad: Record<string, unknown>) => {
      const error = await createWaiver({ ctx: ctx(), input: input(bad) }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(z.ZodError);
      return formatIssues(error as z.ZodError);
    };
    expect(await issues({ owner: " " })).toBe("owner: must name who owns this exception");
    expect(await issues({ expiresAt: "2026-11-01" })).toBe("expiresAt: must be in the future");
    expect(await issues({ expiresAt: "2028-01-01" })).toBe(
      "expiresAt: must be within 365 days: waivers are reviewed, not permanent",
    );
    expect(await issues({ expiresAt: "soon" })).toBe("expiresAt: must be a date like 2026-12-31");
    expect(await issues({ address: "not an address" })).toMatch(/^address: must be a Terraform resource address/);
    expect(await issues({ policy: "x", reason: "" })).toMatch(/^policy: must be one of .*; reason: must say why/);
  });

  it("lists with filters and exports CSV", async () => {
    await createWaiver({
      ctx: ctx(),
      input: input({
        owner: 'Team, "Payments"',
        policy: "ec2-launch-template-imdsv2-required",
        address: "aws_launch_template.lt",
      }),
    });
    const byPolicy = await listWaivers(
      database.prisma,
      WaiverQuery.parse({ policy: "ec2-launch-template-imdsv2-required" }),
      new Date(NOW),
    );
    expect(byPolicy.map((w) => w.address)).toEqual(["aws_launch_template.lt"]);
    const byOwner = await listWaivers(database.prisma, WaiverQuery.parse({ owner: "payments" }), new Date(NOW));
    expect(byOwner).toHaveLength(1);
    const revoked = await listWaivers(database.prisma, WaiverQuery.parse({ state: "revoked" }), new Date(NOW));
    expect(revoked.map((w) => w.address)).toEqual(["module.app.aws_instance.web"]);
    const rows = parseCsv(waiversCsv(byOwner));
    expect(rows[0]).toEqual([
      "id",
      "state",
      "policy",
      "address",
      "owner",
      "reason",
      "expires_at",
      "created_at",
      "created_by",
      "revoked_at",
      "revoked_by",
    ]);
    expect(rows[1]!.slice(1, 5)).toEqual([
      "active",
      "ec2-launch-template-imdsv2-required",
      "aws_launch_template.lt",
      'Team, "Payments"',
    ]);
    expect(() => WaiverQuery.parse({ state: "old" })).toThrow(/must be one of active, expired, revoked/);
  });

  it("loads the live facts for a plan's regions and AMIs", async () => {
    await database.prisma.account.create({ data: { id: "111111111111", source: "caller" } });
    await database.prisma.region.create({
      data: { accountId: "111111111111", name: "eu-west-1", httpTokens: null, defaultsCollectedAt: new Date(NOW) },
    });
    await database.prisma.region.create({
      data: {
        accountId: "111111111111",
        name: "us-east-1",
        httpTokens: "optional",
        defaultsCollectedAt: new Date(NOW),
      },
    });
    await database.prisma.image.create({
      data: {
        accountId: "111111111111",
        region: "eu-west-1",
        imageId: "ami-v2",
        imdsSupport: "v2.0",
        lastSeenAt: new Date(NOW),
      },
    });
    const plan = parsePlanText(PLAN, "plan.json");
    const facts = await loadLiveFacts(database.prisma, liveScope(plan.resources));
    expect(facts).toEqual({
      regionDefaults: [{ accountId: "111111111111", region: "eu-west-1", httpTokens: null }],
      images: [{ accountId: "111111111111", region: "eu-west-1", imageId: "ami-v2", imdsSupport: "v2.0" }],
    });
    const report = evaluateGuard(plan, {
      policies: ["ec2-metadata-imdsv2-required"],
      live: { facts, accountId: null },
    });
    expect(report.pass).toBe(true);
    expect(report.policies[0]!.livePasses[0]!.live.decidedBy).toBe("ami");
  });
});
