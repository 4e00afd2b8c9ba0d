import { formatUtcMinute } from "@/lib/domain/time";
import { Badge } from "@/components/ui/badge";
import type { SettingsChangeRow } from "@/lib/db/read/instance-detail";

/** Each recorded settings change, newest first, marked observed or reconstructed from CloudTrail. */
export function SettingsHistoryTable({ rows }: { rows: readonly SettingsChangeRow[] }) {
  return (
    <div className="data-table">
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Settings history">
        <table data-testid="settings-history">
          <caption className="visually-hidden">Metadata options history, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Source</th>
              <th scope="col">HttpTokens</th>
              <th scope="col" className="numeric">
                Hop limit
              </th>
              <th scope="col">Endpoint</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="table-empty">
                  No settings recorded yet: the next collection records the current ones.
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id} data-source={row.source}>
                  <td className="mono">{formatUtcMinute(row.at)}</td>
                  <td>
                    {row.source === "cloudtrail" ? (
                      <Badge tone="info" title="Reconstructed from CloudTrail event history">
                        CloudTrail (reconstructed)
                      </Badge>
                    ) : (
                      <Badge tone="neutral" title={row.runId ? `Seen by collection run #${row.runId}` : undefined}>
                        Observed{row.runId ? ` (run #${row.runId})` : ""}
                      </Badge>
                    )}
                  </td>
                  <td>
                    {row.previousHttpTokens === null
                      ? row.source === "observed"
                        ? `${row.httpTokens} (first seen)`
                        : `set to ${row.httpTokens}`
                      : row.previousHttpTokens === row.httpTokens
                        ? row.httpTokens
                        : `${row.previousHttpTokens} → ${row.httpTokens}`}
                  </td>
                  <td className="numeric">{row.httpPutResponseHopLimit ?? "—"}</td>
                  <td>{row.httpEndpoint ?? "—"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
