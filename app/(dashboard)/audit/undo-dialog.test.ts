import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { UndoDialog } from "@/components/audit/undo-dialog";
import type { UndoPreview } from "@/lib/changes/preview-undo";
import { EMPTY_DEFAULTS } from "@/lib/domain/region-defaults";

// The Audit page's undo dialog before confirmation: the preview per item, what is left out and
// why, a DryRun refusal called out, Confirm naming exactly what is sent, and Cancel.
const impact = {
  accountId: "111111111111",
  region: "ap-southeast-2",
  launchedInWindow: 0,
  launchedWithoutTemplateTokens: 0,
  launchedWithoutTemplateTokensOptional: 0,
  optionalTemplates: [],
  runningV1Callers: 0,
};

const regional: UndoPreview = {
  kind: "region-defaults",
  changeId: "bec41698-0000-4000-8000-000000000001",
  note: "Undo puts back each account-region's defaults.",
  generatedAt: "2026-11-22T10:00:00.000Z",
  leftOut: [
    { accountId: "111111111111", region: "eu-west-1", instanceId: null, reason: "the change moved no setting here" },
  ],
  cells: [
    {
      accountId: "111111111111",
      region: "ap-southeast-2",
      current: { ...EMPTY_DEFAULTS, httpTokens: "required" },
      after: EMPTY_DEFAULTS,
      changes: ["httpTokens"],
      defaultsCollectedAt: null,
      readOnly: null,
      impact,
      summary: [
        "Changes HttpTokens required → not set.",
        "DryRun refused in account 111111111111, ap-southeast-2 (UnauthorizedOperation): no. Confirming would fail here.",
      ],
      dryRun: { allowed: false, errorCode: "UnauthorizedOperation", message: "no" },
    },
  ],
  totals: { cells: 1, toChange: 1, readOnly: 0, denied: 1 },
};

const render = (preview: UndoPreview) =>
  renderToStaticMarkup(
    createElement(UndoDialog, {
      preview,
      result: null,
      error: null,
      confirming: false,
      onConfirm: () => undefined,
      onClose: () => undefined,
    }),
  );

describe("UndoDialog", () => {
  it("previews a regional undo with Confirm and Cancel, no Undo button", () => {
    const html = render(regional);
    expect(html).toContain("Preview: undo change bec41698");
    expect(html).toContain("Confirm: undo on 1 account-region");
    expect(html).toContain(">Cancel<");
    expect(html).not.toContain("Undo this change");
    expect(html).toContain("HttpTokens required → not set");
    expect(html).toContain("AWS refused the DryRun for 1 account-region");
    expect(html).toContain("the change moved no setting here");
  });

  it("previews a rollback per instance, marking those whose DryRun passed", () => {
    const html = render({
      kind: "instances",
      changeId: "aaaaaaaa-0000-4000-8000-000000000002",
      note: "Rollback puts back each instance's HttpTokens.",
      generatedAt: "2026-11-22T10:00:00.000Z",
      leftOut: [],
      instances: [
        {
          instanceId: "i-0123456789abcdef0",
          name: "web-1",
          accountId: "111111111111",
          region: "eu-west-1",
          state: "running",
          readiness: "done",
          readinessReason: "",
          current: { httpTokens: "required", httpPutResponseHopLimit: 2, metadataState: "applied" },
          after: { httpTokens: "optional", httpPutResponseHopLimit: 2 },
          excluded: null,
          warnings: ["IMDSv1 calls will succeed again on this instance"],
          dryRun: { allowed: true, errorCode: null, message: null },
        },
      ],
      totals: { selected: 1, toChange: 1, excluded: 0, withWarnings: 1, denied: 0 },
    });
    expect(html).toContain("Preview: roll back change aaaaaaaa");
    expect(html).toContain("Confirm: roll back 1 instance");
    expect(html).toContain("1 of 1 instance will change");
    expect(html).toContain("DryRun ok");
    expect(html).toContain("required, hop limit 2 → <strong>optional, hop limit 2</strong>");
  });
});
