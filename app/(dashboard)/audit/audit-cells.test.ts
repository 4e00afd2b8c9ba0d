import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AuditStatusBadge, describeValues } from "@/components/audit/audit-cells";
import type { AuditRecord } from "@/lib/db/audit";

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
});
