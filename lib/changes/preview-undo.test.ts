import { describe, expect, it } from "vitest";
import type { AuditRecord } from "@/lib/db/write/audit";
import { leftOutRows } from "./preview-undo";

const row = (id: string, patch: Partial<AuditRecord>): AuditRecord => ({
  id,
  changeId: "c",
  requestedAt: "2026-11-22T10:00:00.000Z",
  completedAt: "2026-11-22T10:00:01.000Z",
  actorId: "local",
  actorName: "Local user",
  action: "region-defaults.set",
  accountId: "111111111111",
  region: "eu-west-1",
  instanceId: null,
  before: null,
  after: null,
  status: "succeeded",
  awsRequestId: null,
  errorCode: null,
  errorMessage: null,
  undoOf: null,
  undoneBy: null,
  ...patch,
});

describe("leftOutRows", () => {
  it("names each row of the change the undo does not take back, with the reason", () => {
    const entries = [
      row("1", {}),
      row("2", { region: "us-east-1", status: "failed" }),
      row("3", { region: "us-east-2", status: "requested" }),
      row("4", { region: "eu-north-1", undoneBy: "9" }),
      row("5", { region: "ap-south-1", instanceId: "i-0123456789abcdef0" }),
    ];
    expect(leftOutRows(entries, new Set(["1"]))).toEqual([
      {
        accountId: "111111111111",
        region: "us-east-1",
        instanceId: null,
        reason: "failed: the change did not apply here",
      },
      {
        accountId: "111111111111",
        region: "us-east-2",
        instanceId: null,
        reason: "outcome unknown: the change did not apply here",
      },
      { accountId: "111111111111", region: "eu-north-1", instanceId: null, reason: "already undone (#9)" },
      {
        accountId: "111111111111",
        region: "ap-south-1",
        instanceId: "i-0123456789abcdef0",
        reason: "the change moved no setting here",
      },
    ]);
    expect(leftOutRows(entries, new Set(["1", "2", "3", "4", "5"]))).toEqual([]);
  });
});
