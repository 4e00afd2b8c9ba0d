import Link from "next/link";
import type { InstanceListRow, TemplateVersionPolicy } from "@/lib/db/read/instance-list";
import { describeInstanceSort, type InstanceSort, type SortDirection } from "@/lib/contracts/instance-list-options";
import { Badge } from "@/components/ui/badge";
import { HttpTokensBadge } from "./http-tokens-badge";
import { ReadinessBadge } from "./readiness-badge";
import styles from "./instances.module.css";

const NO_DATA = "no metric data in the window (not zero: the instance reported nothing)";

function Calls({ value, testId }: { value: number | null; testId: string }) {
  if (value === null) {
    return (
      <span className="muted" title={NO_DATA} data-testid={testId} data-value="">
        —
      </span>
    );
  }
  return (
    <span data-testid={testId} data-value={value}>
      {value.toLocaleString("en-US")}
    </span>
  );
}

function TemplatePolicy({ label, policy }: { label: string; policy: TemplateVersionPolicy | null }) {
  if (!policy) return null;
  const setBy = policy.httpTokens ? `sets ${policy.httpTokens}` : "unspecified, falls back to the region and AMI";
  return (
    <span className={`${styles.sub} ${styles.wraps}`} title={`${label} is v${policy.versionNumber}: ${setBy}`}>
      {label} v{policy.versionNumber}:{" "}
      {policy.allowsV1 ? <Badge tone="warning">allows v1</Badge> : <Badge tone="success">v2 only</Badge>}
    </span>
  );
}

interface Column {
  id: string;
  header: string;
  sort?: InstanceSort;
  /** A second sort key shown in the same column (the name under the id). */
  second?: { header: string; sort: InstanceSort };
  numeric?: boolean;
  /** Hidden on narrow screens: the instance's page and the CSV export always have it. */
  wideOnly?: boolean;
  cell: (row: InstanceListRow) => React.ReactNode;
}

const cellClass = (column: Column) =>
  [column.numeric ? "numeric" : null, column.wideOnly ? styles.wideOnly : null].filter(Boolean).join(" ") || undefined;

const COLUMNS: Column[] = [
  {
    id: "id",
    header: "Instance",
    sort: "id",
    second: { header: "Name", sort: "name" },
    cell: (row) => (
      <>
        <Link href={`/instances/${row.id}`} className="mono id">
          {row.id}
        </Link>
        <span className={`${styles.sub} ${styles.wraps}`}>{row.name ?? "(no Name tag)"}</span>
      </>
    ),
  },
  {
    id: "account",
    header: "Account",
    sort: "account",
    cell: (row) => (
      <>
        {row.accountName ?? <span className="mono id">{row.accountId}</span>}
        {row.accountName ? <span className={`${styles.sub} mono id`}>{row.accountId}</span> : null}
      </>
    ),
  },
  {
    id: "region",
    header: "Region",
    sort: "region",
    cell: (row) => (
      <>
        <span className="mono id">{row.region}</span>
        <span className={styles.sub}>{row.state}</span>
      </>
    ),
  },
  {
    id: "httpTokens",
    header: "HttpTokens",
    sort: "httpTokens",
    cell: (row) => (
      <span className={styles.wraps}>
        <HttpTokensBadge httpTokens={row.httpTokens} metadataState={row.metadataState} />
      </span>
    ),
  },
  {
    id: "readiness",
    header: "Readiness",
    sort: "readiness",
    cell: (row) => <ReadinessBadge readiness={row.readiness} reason={row.readinessReason} />,
  },
  {
    id: "v1Calls7d",
    header: "v1 7 d",
    sort: "v1Calls7d",
    numeric: true,
    cell: (row) => <Calls value={row.v1Calls7d} testId="v1-7d" />,
  },
  {
    id: "v1Calls30d",
    header: "v1 30 d",
    sort: "v1Calls30d",
    numeric: true,
    cell: (row) => <Calls value={row.v1Calls30d} testId="v1-30d" />,
  },
  {
    id: "rejected7d",
    header: "Rejected 7 d",
    sort: "rejected7d",
    numeric: true,
    cell: (row) => <Calls value={row.rejected7d} testId="rejected-7d" />,
  },
  {
    id: "ami",
    header: "AMI",
    wideOnly: true,
    cell: (row) =>
      !row.imageId ? (
        <span className="muted">—</span>
      ) : !row.imageKnown ? (
        <span className="muted" title={`${row.imageId} was not readable (deregistered or not shared)`}>
          unknown
        </span>
      ) : row.imdsSupport ? (
        <span title={row.imageId}>{row.imdsSupport}</span>
      ) : (
        <span className="muted" title={row.imageId}>
          none
        </span>
      ),
  },
  {
    id: "template",
    header: "Launch template",
    wideOnly: true,
    cell: (row) =>
      row.launchTemplate ? (
        <>
          {row.launchTemplate.name ?? <span className="mono id">{row.launchTemplate.id}</span>}
          {row.launchTemplate.version ? ` v${row.launchTemplate.version}` : ""}
          {/* One line when $Default is $Latest, which keeps the row short. */}
          {row.launchTemplate.defaultVersion?.versionNumber === row.launchTemplate.latestVersion?.versionNumber ? (
            <TemplatePolicy label="$Default = $Latest" policy={row.launchTemplate.defaultVersion} />
          ) : (
            <>
              <TemplatePolicy label="$Default" policy={row.launchTemplate.defaultVersion} />
              <TemplatePolicy label="$Latest" policy={row.launchTemplate.latestVersion} />
            </>
          )}
        </>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    id: "launchTime",
    header: "Launched",
    sort: "launchTime",
    cell: (row) =>
      row.launchTime ? <span className="mono">{row.launchTime.slice(0, 10)}</span> : <span className="muted">—</span>,
  },
];

// Counts read best from the largest first; names and ids alphabetically.
const FIRST_DIRECTION: Partial<Record<InstanceSort, SortDirection>> = {
  v1Calls7d: "desc",
  v1Calls30d: "desc",
  rejected7d: "desc",
  launchTime: "desc",
};

function SortButton({
  label,
  target,
  sort,
  dir,
  onSort,
}: {
  label: string;
  target: InstanceSort;
  sort: InstanceSort;
  dir: SortDirection;
  onSort: (sort: InstanceSort, dir: SortDirection) => void;
}) {
  const active = target === sort;
  const next: SortDirection = active ? (dir === "asc" ? "desc" : "asc") : (FIRST_DIRECTION[target] ?? "asc");
  return (
    <button
      type="button"
      className={styles.sortButton}
      aria-label={`Sort by ${label}${active ? `, now ${dir === "asc" ? "ascending" : "descending"}` : ""}`}
      onClick={() => onSort(target, next)}
    >
      {/* A wrapped header keeps its last two words together ("7 d"). */}
      {label.replace(/ (?=\S+$)/, "\u00a0")}
      <span className={styles.sortMark} aria-hidden="true">
        {active ? (dir === "asc" ? "▲" : "▼") : ""}
      </span>
    </button>
  );
}

export interface InstanceSelection {
  chosen: ReadonlySet<string>;
  onChange: (rows: readonly InstanceListRow[], on: boolean) => void;
}

/**
 * One page of instances; sortable headers report the new sort, ids link to the detail page. With
 * `selection`, a first column of checkboxes chooses instances for a change.
 */
export function InstancesTable({
  rows,
  sort,
  dir,
  onSort,
  empty,
  selection,
}: {
  rows: readonly InstanceListRow[];
  sort: InstanceSort;
  dir: SortDirection;
  onSort: (sort: InstanceSort, dir: SortDirection) => void;
  empty: React.ReactNode;
  selection?: InstanceSelection;
}) {
  const pageChosen = selection ? rows.filter((row) => selection.chosen.has(row.id)).length : 0;
  return (
    <div className="data-table">
      <p className={`${styles.narrowNote} muted`}>
        At this width the AMI and launch template columns are left out: each instance&apos;s page and the CSV export
        have them.
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Instances">
        <table data-testid="instances-table" className={styles.instancesTable}>
          <caption className="visually-hidden">Instances, sorted by {describeInstanceSort(sort, dir)}</caption>
          <thead>
            <tr>
              {selection ? (
                <th scope="col" className={styles.selectCell}>
                  <input
                    type="checkbox"
                    aria-label="Choose every instance on this page"
                    checked={rows.length > 0 && pageChosen === rows.length}
                    ref={(box) => {
                      if (box) box.indeterminate = pageChosen > 0 && pageChosen < rows.length;
                    }}
                    disabled={rows.length === 0}
                    onChange={(event) => selection.onChange(rows, event.target.checked)}
                  />
                </th>
              ) : null}
              {COLUMNS.map((column) => {
                const keys = [column, ...(column.second ? [column.second] : [])].filter(
                  (key): key is { header: string; sort: InstanceSort } => key.sort !== undefined,
                );
                const active = keys.some((key) => key.sort === sort);
                return (
                  <th
                    key={column.id}
                    scope="col"
                    className={cellClass(column)}
                    aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
                  >
                    {keys.length === 0
                      ? column.header
                      : keys.map((key, index) => (
                          <span key={key.sort}>
                            {index > 0 ? " / " : null}
                            <SortButton label={key.header} target={key.sort} sort={sort} dir={dir} onSort={onSort} />
                          </span>
                        ))}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length + (selection ? 1 : 0)} className="table-empty">
                  {empty}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id} data-instance-id={row.id}>
                  {selection ? (
                    <td className={styles.selectCell}>
                      <input
                        type="checkbox"
                        aria-label={`Choose ${row.id} for enforcement`}
                        checked={selection.chosen.has(row.id)}
                        onChange={(event) => selection.onChange([row], event.target.checked)}
                      />
                    </td>
                  ) : null}
                  {COLUMNS.map((column) => (
                    <td key={column.id} className={cellClass(column)}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
