import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RecentRunsTable, type RecentRunRow } from "@/components/collection/recent-runs-table";
import { RunProgress } from "@/components/collection/run-progress";
import type { UnitRow } from "@/components/collection/types";
import type { RunSummary } from "@/lib/domain/collection-run";
import { UnitOutcomesTable } from "@/components/collection/unit-outcomes-table";

const run = (patch: Partial<RunSummary>): RunSummary => ({
  id: 7,
  trigger: "cli",
  mode: "simulator",
  status: "partial",
  startedAt: "2026-11-22T10:00:00.000Z",
  heartbeatAt: "2026-11-22T10:01:00.000Z",
  finishedAt: "2026-11-22T10:01:00.000Z",
  unitsTotal: 6,
  unitsDone: 6,
  unitsFailed: 0,
  instancesSeen: 120,
  metricPointsWritten: 40,
  regionListingsFailed: 1,
  accountsNotAttempted: 0,
  error:
    "UnauthorizedOperation: could not list the regions of account 222233334444 in us-east-1; " +
    "collected the 2 regions enabled in the organisation's other accounts instead",
  ...patch,
});

const unit = (patch: Partial<UnitRow>): UnitRow => ({
  accountId: "222233334444",
  region: "us-east-1",
  kind: "collect",
  regionFallback: null,
  status: "ok",
  phase: null,
  errorCode: null,
  errorMessage: null,
  instances: 10,
  startedAt: null,
  finishedAt: null,
  accountName: null,
  durationMs: null,
  durationText: null,
  ...patch,
});

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("runs page: region listings", () => {
  it("names the failed listing in the run card, and says nothing was left unattempted when a fallback existed", () => {
    const html = text(
      renderToStaticMarkup(createElement(RunProgress, { run: run({}), startedText: "now", durationText: "1m" })),
    );
    expect(html).toContain("Failed region listings 1");
    expect(html).toContain("UnauthorizedOperation: could not list the regions of account 222233334444 in us-east-1");
    expect(html).not.toContain("never attempted");
  });

  it("counts and explains accounts whose regions were never attempted", () => {
    const html = text(
      renderToStaticMarkup(
        createElement(RunProgress, {
          run: run({ status: "failed", unitsTotal: 0, unitsDone: 0, regionListingsFailed: 2, accountsNotAttempted: 2 }),
          startedText: "now",
          durationText: "1m",
        }),
      ),
    );
    expect(html).toContain("Accounts never attempted 2");
    expect(html).toContain("The regions of 2 accounts were never attempted");
    expect(html).toContain("Set AWS_REGIONS or allow ec2:DescribeRegions");
  });

  it("shows the discovery failure as its own row beside the home region's row", () => {
    const html = renderToStaticMarkup(
      createElement(UnitOutcomesTable, {
        runId: 7,
        rows: [
          unit({
            kind: "discovery",
            regionFallback: "other-accounts",
            status: "failed",
            errorCode: "UnauthorizedOperation",
            errorMessage: "Could not list the account's regions (DescribeRegions): denied",
            instances: 0,
          }),
          unit({}),
        ],
        statusFilter: null,
        onStatusFilterChange: () => undefined,
      }),
    );
    const rows = [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((match) => text(match[1]!));
    const discovery = rows.filter((row) => row.includes("listing the account's regions"));
    expect(discovery).toHaveLength(1);
    expect(discovery[0]).toContain("regions taken from the other accounts");
    expect(discovery[0]).toContain("UnauthorizedOperation");
    expect(rows.filter((row) => row.includes("us-east-1") && row.includes(" ok "))).toHaveLength(1);
  });

  it("notes failed listings and never-attempted accounts in the runs table", () => {
    const row = (patch: Partial<RunSummary>): RecentRunRow => ({
      ...run(patch),
      startedText: "now",
      durationText: "1m",
      href: "/runs/7",
      selected: false,
    });
    const html = text(
      renderToStaticMarkup(
        createElement(RecentRunsTable, {
          rows: [
            row({ id: 8, regionListingsFailed: 2, accountsNotAttempted: 1 }),
            row({ id: 9, regionListingsFailed: 0 }),
          ],
        }),
      ),
    );
    expect(html).toContain("2 region listings failed, 1 account never attempted");
    expect(html.match(/region listing/g)).toHaveLength(1);
  });
});
