import { Badge } from "@/components/ui/badge";
import type { AuditRecord } from "@/lib/db/write/audit";
import { DEFAULT_FIELDS, fieldLabel } from "@/lib/domain/region-defaults";

const fieldsOf = (value: unknown): Record<string, unknown> | null =>
  // safe because lib/changes writes before/after as objects keyed by the default fields
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;

/** A guardrail waiver's row: which exception, whose, until when (and whether revoked). */
function describeWaiver(values: Record<string, unknown> | null): string {
  if (!values) return "—";
  const text = (key: string) => (typeof values[key] === "string" ? values[key] : "");
  return (
    `waiver #${text("waiverId")}: ${text("policy")} on ${text("address")}, owner ${text("owner")}, ` +
    `until ${text("expiresAt").slice(0, 10)}${values.revokedAt ? `, revoked ${text("revokedAt").slice(0, 10)}` : ""}`
  );
}

/** The settings this row moved (all of them when it moved none), as "HttpTokens=required". */
export function describeValues(entry: AuditRecord, side: "before" | "after"): string {
  if (entry.action.startsWith("guard-waiver."))
    return describeWaiver(fieldsOf(side === "before" ? entry.before : entry.after));
  const before = fieldsOf(entry.before);
  const after = fieldsOf(entry.after);
  const values = side === "before" ? before : after;
  if (!values) return "—";
  // Rows that are not about regional defaults (alarms, acknowledgements, webhooks) show their own fields.
  if (!DEFAULT_FIELDS.some((field) => field in values || (before !== null && field in before))) {
    return Object.entries(values)
      .map(
        ([key, value]) =>
          `${key}=${value === null ? "none" : typeof value === "object" ? JSON.stringify(value) : String(value)}`,
      )
      .join(", ");
  }
  const moved = DEFAULT_FIELDS.filter((field) => (before?.[field] ?? null) !== (after?.[field] ?? null));
  const shown = moved.length > 0 ? moved : DEFAULT_FIELDS;
  return shown
    .map(
      (field) =>
        `${fieldLabel(field)}=${values[field] === null || values[field] === undefined ? "not set" : String(values[field])}`,
    )
    .join(", ");
}

export function AuditStatusBadge({ entry }: { entry: AuditRecord }) {
  if (entry.status === "requested") {
    return (
      <Badge
        tone="warning"
        title="The change was requested but its completion was never recorded: the process stopped between the audit write and the end of the AWS call. Check the region's current defaults."
      >
        outcome unknown
      </Badge>
    );
  }
  return <Badge tone={entry.status === "succeeded" ? "success" : "danger"}>{entry.status}</Badge>;
}
