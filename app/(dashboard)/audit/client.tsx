"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { AuditStatusBadge, describeValues } from "@/components/audit/audit-cells";
import { UndoDialog } from "@/components/audit/undo-dialog";
import { Card } from "@/components/ui/card";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { CursorPager, ExportLink } from "@/components/ui/table-links";
import { AccountRegionFilters, SelectFilter, TextFilter } from "@/components/ui/filter-fields";
import { Skeleton } from "@/components/ui/skeleton";
import { AUDIT_ACTIONS, AUDIT_STATUSES } from "@/lib/contracts/audit-options";
import { listAudit, previewUndo, undoChange } from "./queries";
import { filterOptionsQuery } from "@/app/_client/queries";
import { queryKeys } from "@/app/_client/query-keys";
import type { ChangeResult } from "@/lib/changes/apply-region-defaults";
import type { InstanceChangeResult } from "@/lib/changes/enforce-instances";
import type { UndoPreview } from "@/lib/changes/preview-undo";
import type { AuditRecord } from "@/lib/db/write/audit";
import { ErrorAlert } from "@/app/_client/error-alert";
import { useCanChange } from "@/app/_client/identity";
import { auditFilterQuery, auditListQuery, auditSearchParams } from "./search-params";
import { QueryState } from "@/app/_client/query-state";

/** Actions the Audit page offers to take back (an undo or a rollback itself is not undone). */
const UNDOABLE: ReadonlySet<string> = new Set(["region-defaults.set", "instance-metadata.enforce"]);

export function AuditClient() {
  const [view, setView] = useQueryStates(auditSearchParams);
  const queryClient = useQueryClient();
  const listQuery = auditListQuery(view);
  const audit = useQuery({
    queryKey: queryKeys.audit(listQuery),
    queryFn: () => listAudit(listQuery),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const filterOptions = useQuery(filterOptionsQuery());
  // Viewers see the trail without Undo buttons; the API refuses them too.
  const canChange = useCanChange();
  // Undo is two steps, like the forward change: a preview (POST .../undo/preview, DryRun-checked),
  // then Confirm. Cancel closes the preview and changes nothing.
  const [undoPreview, setUndoPreview] = useState<UndoPreview | null>(null);
  const [undone, setUndone] = useState<ChangeResult | InstanceChangeResult | null>(null);
  const preview = useMutation({
    mutationFn: (changeId: string) => previewUndo(changeId),
    onSuccess: (result) => {
      undo.reset();
      setUndone(null);
      setUndoPreview(result);
    },
  });
  const undo = useMutation({
    mutationFn: (changeId: string) => undoChange(changeId),
    onSuccess: (result) => {
      setUndone(result);
      void queryClient.invalidateQueries({ queryKey: queryKeys.auditAll });
      // After the read cache's 500 ms version check, so the Regions and Instances pages cannot get the old values.
      setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.regionsAll });
        void queryClient.invalidateQueries({ queryKey: queryKeys.instancesAll });
      }, 1_000);
    },
  });
  const closeUndo = () => {
    setUndoPreview(null);
    undo.reset();
  };
  // Changing a filter starts again from the newest entry.
  const setFilter = (patch: Partial<typeof view>) => void setView({ ...patch, cursor: null });
  const exportQuery = auditFilterQuery(view).toString();
  const entries = audit.data?.entries ?? [];
  const unknown = entries.filter((entry) => entry.status === "requested").length;

  // Six columns, each stacking related facts, so the trail fits a 1024 px window without scrolling sideways.
  const columns: DataTableColumn<AuditRecord>[] = [
    {
      id: "requested",
      header: "Requested / by",
      className: "nowrap",
      cell: (entry) => (
        <>
          {entry.requestedAt.replace("T", " ").slice(0, 19)} UTC
          {entry.completedAt ? <span className="cell-sub">done {entry.completedAt.slice(11, 19)}</span> : null}
          <span className="cell-sub">
            {entry.actorName} <span className="mono id">({entry.actorId})</span>
          </span>
        </>
      ),
    },
    {
      id: "action",
      header: "Action / change",
      cell: (entry) => (
        <>
          <span className="mono nowrap">{entry.action}</span>
          {/* Waivers carry their own id in the values; a change id is worth showing only for AWS changes. */}
          {entry.action.startsWith("guard-waiver.") ? null : (
            <span className="mono cell-sub id" title={entry.changeId}>
              {entry.changeId.slice(0, 8)}
            </span>
          )}
          {entry.undoOf ? <span className="cell-sub">undoes #{entry.undoOf}</span> : null}
        </>
      ),
    },
    {
      id: "where",
      header: "Account / region / instance",
      className: "mono id",
      cell: (entry) => (
        <>
          {entry.accountId || "—"}
          {entry.region ? <span className="cell-sub">{entry.region}</span> : null}
          {entry.instanceId ? <span className="cell-sub">{entry.instanceId}</span> : null}
        </>
      ),
    },
    {
      id: "values",
      header: "Before → after",
      className: "cell-note",
      cell: (entry) => (
        <>
          {describeValues(entry, "before")}
          <span className="cell-sub">→ {describeValues(entry, "after")}</span>
        </>
      ),
    },
    {
      id: "result",
      header: "Result / AWS",
      className: "cell-note",
      cell: (entry) => (
        <>
          <AuditStatusBadge entry={entry} />
          {entry.undoneBy ? <span className="cell-sub">undone (#{entry.undoneBy})</span> : null}
          {entry.errorCode ? <strong className="cell-sub mono">{entry.errorCode}</strong> : null}
          {entry.errorMessage ? <span className="cell-sub">{entry.errorMessage}</span> : null}
          {entry.awsRequestId ? (
            // Ellipsised, not cut: selecting it copies the whole id for an AWS support case.
            <span className="cell-sub mono id id-truncate" title={entry.awsRequestId}>
              {entry.awsRequestId}
            </span>
          ) : null}
        </>
      ),
    },
    {
      id: "undo",
      header: <span className="visually-hidden">Undo</span>,
      cell: (entry) =>
        canChange && UNDOABLE.has(entry.action) && entry.status === "succeeded" && !entry.undoneBy ? (
          <button
            type="button"
            className="link-button nowrap"
            disabled={preview.isPending || undo.isPending}
            aria-label={`Undo change ${entry.changeId.slice(0, 8)} (${entry.instanceId ? `${entry.instanceId}, ` : ""}${entry.accountId} ${entry.region} and the rest of that change): preview first`}
            onClick={() => preview.mutate(entry.changeId)}
          >
            {preview.isPending && preview.variables === entry.changeId
              ? "Preparing preview…"
              : entry.instanceId
                ? "Roll back…"
                : "Undo…"}
          </button>
        ) : null,
    },
  ];

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Audit</h1>
          <p className="muted">
            Every change this dashboard made in AWS, one row per account-region (or instance): who, when, what it was
            before and after, and what AWS answered. A row is written before the AWS call and completed after it.
          </p>
        </div>
      </div>

      <form className="filters" role="search" aria-label="Audit filters" onSubmit={(event) => event.preventDefault()}>
        <AccountRegionFilters
          account={view.account}
          region={view.region}
          known={filterOptions.data}
          onChange={setFilter}
        />
        <SelectFilter
          label="Action"
          value={view.action}
          options={AUDIT_ACTIONS}
          onChange={(action) => setFilter({ action })}
        />
        <SelectFilter
          label="Status"
          value={view.status}
          options={AUDIT_STATUSES}
          labels={{ requested: "requested (outcome unknown)" }}
          onChange={(status) => setFilter({ status })}
        />
        <TextFilter
          key={`actor-${view.actor ?? ""}`}
          label="Actor"
          value={view.actor}
          placeholder="id or name"
          onChange={(actor) => setFilter({ actor })}
        />
      </form>

      {preview.error ? <ErrorAlert error={preview.error} /> : null}
      {undoPreview ? (
        <UndoDialog
          preview={undoPreview}
          result={undone}
          error={undo.error ? <ErrorAlert error={undo.error} /> : null}
          confirming={undo.isPending}
          onConfirm={() => undo.mutate(undoPreview.changeId)}
          onClose={closeUndo}
        />
      ) : null}
      {undone ? (
        <p role="status" className="note" data-testid="undo-result">
          {"cells" in undone ? "Undo" : "Rollback"} {undone.changeId}:{" "}
          {("cells" in undone ? undone.cells : undone.instances)
            .map(
              (item) =>
                `${"instanceId" in item ? `${item.instanceId} ` : ""}${item.accountId} ${item.region} ${item.outcome}` +
                (item.errorCode ? ` (${item.errorCode})` : ""),
            )
            .join("; ")}
          .
        </p>
      ) : null}
      {unknown > 0 ? (
        <Alert code="Outcome unknown">
          {unknown} {unknown === 1 ? "change was" : "changes were"} requested but never completed (the server stopped
          during the AWS call): check those regions&apos; current defaults on the Regions page, or those instances on
          the Instances page.
        </Alert>
      ) : null}

      <QueryState
        query={audit}
        loading={
          <Card>
            <Skeleton lines={6} label="Loading the audit trail" />
          </Card>
        }
      >
        {(loaded) => (
          <Card>
            <DataTable
              caption="Audit entries"
              className="dense"
              columns={columns}
              rows={entries}
              rowKey={(entry) => entry.id}
              rowAttributes={(entry) => ({ "data-status": entry.status })}
              empty="No changes match these filters."
              toolbar={
                <span className="muted" aria-live="polite">
                  {entries.length} {entries.length === 1 ? "entry" : "entries"} on this page
                </span>
              }
              actions={<ExportLink path="/api/audit/export" query={exportQuery} filename="audit.csv" />}
            />
            <CursorPager
              cursor={view.cursor}
              nextCursor={loaded.nextCursor}
              olderLabel="Older entries"
              onPage={(cursor) => void setView({ cursor })}
            />
          </Card>
        )}
      </QueryState>
    </div>
  );
}
