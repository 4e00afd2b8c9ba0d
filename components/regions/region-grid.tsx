"use client";

import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { Badge } from "@/components/ui/badge";
import type { CsvColumn } from "@/lib/contracts/csv";
import type { RegionCell } from "@/lib/db/read/regions-view";
import { percent } from "@/lib/domain/numbers";

const NOT_SET = "not set";

export const v2SharePercent = (cell: Pick<RegionCell, "required" | "instances">) =>
  percent(cell.required, cell.instances);

const setting = (value: string | number | null) =>
  value === null ? <span className="muted nowrap">{NOT_SET}</span> : <span className="mono">{value}</span>;

export const cellKeyOf = (cell: Pick<RegionCell, "accountId" | "region">) => `${cell.accountId}/${cell.region}`;
export const isManaged = (cell: RegionCell) => cell.managedBy === "declarative-policy";

/** Which cells are chosen for a change (checkboxes); cells a declarative policy manages cannot be. */
export interface CellSelection {
  chosen: ReadonlySet<string>;
  onChange: (keys: string[], chosen: boolean) => void;
}

/** Account x region defaults and live instance counts; a region name selects the cell for its charts. */
/** "running 9, stopped 1": the cell's live instances by state, in the grid's state order, zeros left out. */
export function stateCounts(row: Pick<RegionCell, "states">, states: readonly string[]): string {
  return states
    .filter((state) => (row.states[state] ?? 0) > 0)
    .map((state) => `${state} ${(row.states[state] ?? 0).toLocaleString("en-US")}`)
    .join(", ");
}

export function RegionGrid({
  cells,
  states,
  selectedKey,
  onSelect,
  selection,
}: {
  cells: readonly RegionCell[];
  states: readonly string[];
  selectedKey: string | null;
  onSelect: (cell: RegionCell | null) => void;
  selection?: CellSelection;
}) {
  const changeable = cells.filter((cell) => !isManaged(cell)).map(cellKeyOf);
  const allChosen = selection ? changeable.length > 0 && changeable.every((key) => selection.chosen.has(key)) : false;
  const columns: DataTableColumn<RegionCell>[] = [
    {
      id: "account",
      header: selection ? (
        <span className="select-cell">
          <input
            type="checkbox"
            aria-label="Choose every account-region that can be changed"
            checked={allChosen}
            disabled={changeable.length === 0}
            onChange={(event) => selection.onChange(changeable, event.target.checked)}
          />
          Account
        </span>
      ) : (
        "Account"
      ),
      cell: (row) => (
        <span className="select-cell">
          {selection ? (
            <input
              type="checkbox"
              aria-label={`Choose ${row.accountId} ${row.region} for a change`}
              title={
                isManaged(row)
                  ? `Read-only: ${row.managedExceptionMessage ?? "managed by a declarative policy"}`
                  : undefined
              }
              checked={selection.chosen.has(cellKeyOf(row))}
              disabled={isManaged(row)}
              onChange={(event) => selection.onChange([cellKeyOf(row)], event.target.checked)}
            />
          ) : null}
          <span>
            <span className="mono id">{row.accountId}</span>
            {row.accountName ? <span className="cell-sub">{row.accountName}</span> : null}
          </span>
        </span>
      ),
    },
    {
      id: "region",
      header: "Region",
      // The region name selects the cell: its charts open below the grid.
      cell: (row) => {
        const selected = `${row.accountId}/${row.region}` === selectedKey;
        return (
          <button
            type="button"
            className="link-button mono nowrap"
            aria-pressed={selected}
            aria-label={`${selected ? "Hide" : "Show"} charts for ${row.accountId} ${row.region}`}
            onClick={() => onSelect(selected ? null : row)}
          >
            {row.region}
          </button>
        );
      },
    },
    { id: "instances", header: "Instances", numeric: true, cell: (row) => row.instances.toLocaleString("en-US") },
    {
      id: "share",
      header: "IMDSv2-only",
      numeric: true,
      cell: (row) => {
        const share = v2SharePercent(row);
        return share === null ? "—" : `${share}%`;
      },
    },
    {
      id: "httpTokens",
      header: "HttpTokens",
      cell: (row) =>
        row.httpTokens === null ? (
          <span className="muted">{NOT_SET}</span>
        ) : (
          <Badge tone={row.httpTokens === "required" ? "success" : "warning"}>{row.httpTokens}</Badge>
        ),
    },
    { id: "hop", header: "Hop limit", numeric: true, cell: (row) => setting(row.httpPutResponseHopLimit) },
    { id: "endpoint", header: "Endpoint", cell: (row) => setting(row.httpEndpoint) },
    { id: "tags", header: "Tags", cell: (row) => setting(row.instanceMetadataTags) },
    {
      id: "enforced",
      header: (
        <>
          HttpTokens
          <wbr />
          Enforced
        </>
      ),
      cell: (row) => setting(row.httpTokensEnforced),
    },
    {
      id: "managedBy",
      header: "ManagedBy",
      cell: (row) => (
        <>
          {setting(row.managedBy)}
          {row.managedExceptionMessage ? (
            <span className="cell-sub cell-note">{row.managedExceptionMessage}</span>
          ) : null}
        </>
      ),
    },
    // One column for all states: a column per state would widen the grid with every state a fleet
    // happens to be in (pending, stopping...), past a 1024 px window.
    { id: "states", header: "By state", cell: (row) => stateCounts(row, states) },
  ];
  const csvColumns: CsvColumn<RegionCell>[] = [
    { header: "account_id", value: (row) => row.accountId },
    { header: "account_name", value: (row) => row.accountName },
    { header: "region", value: (row) => row.region },
    { header: "http_tokens", value: (row) => row.httpTokens },
    { header: "http_put_response_hop_limit", value: (row) => row.httpPutResponseHopLimit },
    { header: "http_endpoint", value: (row) => row.httpEndpoint },
    { header: "instance_metadata_tags", value: (row) => row.instanceMetadataTags },
    { header: "http_tokens_enforced", value: (row) => row.httpTokensEnforced },
    { header: "managed_by", value: (row) => row.managedBy },
    { header: "managed_exception_message", value: (row) => row.managedExceptionMessage },
    ...states.map((state): CsvColumn<RegionCell> => ({
      header: `instances_${state}`,
      value: (row) => row.states[state] ?? 0,
    })),
    { header: "instances", value: (row) => row.instances },
    { header: "http_tokens_required", value: (row) => row.required },
    { header: "v2_only_percent", value: (row) => v2SharePercent(row) },
  ];
  return (
    <DataTable
      caption="Account and region defaults"
      columns={columns}
      rows={cells}
      rowKey={(row) => `${row.accountId}/${row.region}`}
      csv={{ filename: "regions.csv", columns: csvColumns }}
      className="dense"
      empty="No account-regions collected yet — Collect now to read their defaults."
      toolbar={
        <span className="muted" aria-live="polite">
          {cells.length} account-{cells.length === 1 ? "region" : "regions"}
        </span>
      }
    />
  );
}
