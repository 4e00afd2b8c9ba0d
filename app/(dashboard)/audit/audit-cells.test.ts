import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AuditStatusBadge, describeValues } from "@/components/audit/audit-cells";
import type { AuditRecord } from "@/lib/db/write/audit";

const entry = (patch: Partial<AuditRecord>): AuditRecord => ({
  id: "7",
  changeId: "c",
  requestedAt: "2026-11-22T10:00:00.000Z",
  completedAt: null,
  actorId: "local",
  actorName: "Local user",
  action: "region-defaults.set",
  accountId: "111111111111",
  region: "eu-west-1",
  instanceId: null,
  before: { httpTokens: null, httpPutResponseHopLimit: 2 },
  after: { httpTokens: "required", httpPutResponseHopLimit: 2 },
  status: "requested",
  awsRequestId: null,
  errorCode: null,
  errorMessage: null,
  undoOf: null,
  undoneBy: null,
  ...patch,
});

describe("audit cells", () => {
  it("flags a row left 'requested' (a crash between the audit write and the AWS call) as outcome unknown", () => {
    const html = renderToStaticMarkup(createElement(AuditStatusBadge, { entry: entry({}) }));
    expect(html).toContain("outcome unknown");
    expect(html).toContain("badge-warning");
    expect(renderToStaticMarkup(createElement(AuditStatusBadge, { entry: entry({ status: "failed" }) }))).toContain(
      ">failed<",
    );
  });

  it("shows the settings the change moved", () => {
    expect(describeValues(entry({}), "before")).toBe("HttpTokens=not set");
    expect(describeValues(entry({}), "after")).toBe("HttpTokens=required");
  });

  it("describes a guardrail waiver row by its waiver, not by regional default fields", () => {
    const waiver = {
      waiverId: "4",
      policy: "ec2-metadata-imdsv2-required",
      address: "aws_instance.legacy",
      owner: "Platform",
      expiresAt: "2026-12-22T23:59:59.999Z",
      revokedAt: null,
    };
    const revoke = entry({
      action: "guard-waiver.revoke",
      accountId: "",
      region: "",
      before: waiver,
      after: { ...waiver, revokedAt: "2026-11-23T10:00:00.000Z" },
    });
    expect(describeValues(revoke, "before")).toBe(
      "waiver #4: ec2-metadata-imdsv2-required on aws_instance.legacy, owner Platform, until 2026-12-22",
    );
    expect(describeValues(revoke, "after")).toBe(
      "waiver #4: ec2-metadata-imdsv2-required on aws_instance.legacy, owner Platform, until 2026-12-22, revoked 2026-11-23",
    );
    expect(describeValues(entry({ action: "guard-waiver.create", before: null }), "before")).toBe("—");
  });
});
