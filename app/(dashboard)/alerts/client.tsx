"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useState } from "react";
import { chosenOnPage, toggleChosen } from "@/components/alerts/alert-selection";
import { AlertsTable } from "@/components/alerts/alerts-table";
import { WebhooksSection } from "@/components/alerts/webhooks-section";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CursorPager, ExportLink } from "@/components/ui/table-links";
import { AccountRegionFilters, SelectFilter } from "@/components/ui/filter-fields";
import { Skeleton } from "@/components/ui/skeleton";
import { ALERT_STATES, ALERT_TYPES, alertTypeLabels } from "@/lib/domain/alert-options";
import { acknowledgeAlert, acknowledgeAlerts, listAlertsPage } from "./queries";
import { filterOptionsQuery } from "@/app/_client/queries";
import { queryKeys } from "@/app/_client/query-keys";
import type { AcknowledgedAlerts } from "@/lib/db/write/alerts";
import { ErrorAlert } from "@/app/_client/error-alert";
import { useCanChange } from "@/app/_client/identity";
import { alertsFilterQuery, alertsListQuery, alertsSearchParams } from "./search-params";
import { QueryState } from "@/app/_client/query-state";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `rejectedWindowHours`: ALERT_REJECTED_WINDOW_HOURS, the look-back of the instance alerts. */
export function AlertsClient({ rejectedWindowHours }: { rejectedWindowHours: number }) {
  const [view, setView] = useQueryStates(alertsSearchParams);
  const queryClient = useQueryClient();
  const listQuery = alertsListQuery(view);
  const alerts = useQuery({
    queryKey: queryKeys.alerts(listQuery),
    queryFn: () => listAlertsPage(listQuery),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const filterOptions = useQuery(filterOptionsQuery());
  const canChange = useCanChange();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [bulkResult, setBulkResult] = useState<AcknowledgedAlerts | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.alertsAll });
  const acknowledge = useMutation({ mutationFn: (id: string) => acknowledgeAlert(id), onSuccess: refresh });
  const acknowledgeMany = useMutation({
    mutationFn: (ids: string[]) => acknowledgeAlerts(ids),
    onSuccess: (result) => {
      setBulkResult(result);
      setChosen(new Set());
      refresh();
    },
  });
  const setFilter = (patch: Partial<typeof view>) => void setView({ ...patch, cursor: null });
  const exportQuery = alertsFilterQuery(view).toString();
  const rows = alerts.data?.alerts ?? [];
  const filtered = exportQuery !== "";
  const typeLabels = alertTypeLabels(rejectedWindowHours);
  // Only what is on this page and still unacknowledged counts: a new page or filter drops the rest.
  const selected = chosenOnPage(rows, chosen);
  const busy = acknowledge.isPending || acknowledgeMany.isPending;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Alerts</h1>
          <p className="muted" data-testid="alerts-window">
            Judged after every collection run; an alert fires once when its condition appears, stays open while it holds
            and resolves when it clears. What each type counts: {typeLabels.rejected} (MetadataNoTokenRejected:
            something still uses IMDSv1 and fails). {typeLabels["v1-after-done"]}. {typeLabels.drift}. {typeLabels.run}.
          </p>
        </div>
        {alerts.data ? (
          <p data-testid="open-unacknowledged">
            <Badge tone={alerts.data.openUnacknowledged > 0 ? "danger" : "success"}>
              {alerts.data.openUnacknowledged} open, not acknowledged
            </Badge>
          </p>
        ) : null}
      </div>

      <form className="filters" role="search" aria-label="Alert filters" onSubmit={(event) => event.preventDefault()}>
        <SelectFilter
          label="State"
          value={view.state}
          options={ALERT_STATES}
          onChange={(state) => setFilter({ state })}
        />
        <SelectFilter
          label="Type"
          value={view.type}
          options={ALERT_TYPES}
          labels={typeLabels}
          onChange={(type) => setFilter({ type })}
        />
        <AccountRegionFilters
          account={view.account}
          region={view.region}
          known={filterOptions.data}
          onChange={setFilter}
        />
      </form>

      {acknowledge.error ? <ErrorAlert error={acknowledge.error} /> : null}
      {acknowledgeMany.error ? <ErrorAlert error={acknowledgeMany.error} /> : null}
      {bulkResult ? (
        <p role="status" className="note" data-testid="acknowledge-result">
          Acknowledged {plural(bulkResult.acknowledged.length, "alert")}
          {bulkResult.already.length > 0
            ? `; ${plural(bulkResult.already.length, "was", "were")} already acknowledged by someone else`
            : ""}
          .
        </p>
      ) : null}
      <QueryState
        query={alerts}
        loading={
          <Card>
            <Skeleton lines={6} label="Loading alerts" />
          </Card>
        }
      >
        {(loaded) => (
          <Card>
            <AlertsTable
              rows={rows}
              typeLabels={typeLabels}
              selection={
                canChange ? { chosen, onChange: (ids, on) => setChosen((old) => toggleChosen(old, ids, on)) } : null
              }
              onAcknowledge={canChange ? (alert) => acknowledge.mutate(alert.id) : null}
              acknowledging={busy}
              empty={
                <span data-testid="alerts-empty">
                  {filtered
                    ? "No alerts match these filters."
                    : "No alerts yet. They are judged after every collection run; nothing has gone wrong so far."}
                </span>
              }
              toolbar={
                <>
                  <span className="muted" aria-live="polite">
                    {plural(rows.length, "alert")} on this page
                    {canChange && selected.length > 0 ? `, ${selected.length} selected` : ""}
                  </span>
                  {canChange ? (
                    <button
                      type="button"
                      className="button"
                      data-testid="bulk-acknowledge"
                      disabled={busy || selected.length === 0}
                      onClick={() => acknowledgeMany.mutate(selected)}
                    >
                      {acknowledgeMany.isPending ? "Acknowledging…" : `Acknowledge ${selected.length} selected`}
                    </button>
                  ) : null}
                </>
              }
              actions={<ExportLink path="/api/alerts/export" query={exportQuery} filename="alerts.csv" />}
            />
            <CursorPager
              cursor={view.cursor}
              nextCursor={loaded.nextCursor}
              olderLabel="Older alerts"
              onPage={(cursor) => void setView({ cursor })}
            />
          </Card>
        )}
      </QueryState>

      <WebhooksSection />
    </div>
  );
}
