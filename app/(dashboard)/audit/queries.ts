import type { ChangeResult } from "@/lib/changes/apply-region-defaults";
import type { InstanceChangeResult } from "@/lib/changes/enforce-instances";
import type { UndoPreview } from "@/lib/changes/preview-undo";
import type { AuditPage } from "@/lib/db/write/audit";
import { apiFetch } from "@/app/_client/api";

/** Undoes a regional change (per cell) or rolls back an instance enforcement (per instance). */
export const undoChange = (changeId: string) =>
  apiFetch<ChangeResult | InstanceChangeResult>(`/api/changes/${encodeURIComponent(changeId)}/undo`, {
    method: "POST",
  });
/** What undoing a change would do (per cell or per instance, DryRun-checked); changes nothing. */
export const previewUndo = (changeId: string) =>
  apiFetch<UndoPreview>(`/api/changes/${encodeURIComponent(changeId)}/undo/preview`, { method: "POST" });
/** `query` is the audit page's filter and cursor query text (no leading "?"). */
export const listAudit = (query: string) => apiFetch<AuditPage>(`/api/audit${query ? `?${query}` : ""}`);
