import type { InstanceDetail } from "@/lib/db/read/instance-detail";
import type { InstancePageReply } from "@/lib/db/read/instance-page-reply";

import type { RejectedAlarmStatus } from "@/lib/changes/create-rejected-alarm";
import type { InstanceChangeResult } from "@/lib/changes/enforce-instances";
import type { InstanceEnforcementPreview, InstanceSettings } from "@/lib/changes/preview-instance-enforcement";
import type { RemovedRejectedAlarm } from "@/lib/changes/remove-rejected-alarm";
import { apiFetch, postJson } from "@/app/_client/api";

// The browser's view of /api/instances* and of the instance changes: types come from the server
// modules that produce them.

export const fetchInstancePage = (query: string) => apiFetch<InstancePageReply>(`/api/instances?${query}`);
export const fetchInstanceDetail = (id: string) =>
  apiFetch<{ instance: InstanceDetail }>(`/api/instances/${encodeURIComponent(id)}`).then((body) => body.instance);

export interface EnforcementTarget {
  httpTokens: "required";
  httpPutResponseHopLimit?: number;
}
export const previewInstanceEnforcement = (instanceIds: string[], target: EnforcementTarget) =>
  apiFetch<InstanceEnforcementPreview>("/api/changes/instances/preview", postJson({ instanceIds, target }));
export const applyInstanceEnforcement = (
  instances: { instanceId: string; before: InstanceSettings }[],
  target: EnforcementTarget,
) => apiFetch<InstanceChangeResult>("/api/changes/instances", postJson({ instances, target }));

export const getInstanceAlarm = (instanceId: string) =>
  apiFetch<RejectedAlarmStatus>(`/api/instances/${encodeURIComponent(instanceId)}/alarm`);
export const createInstanceAlarm = (instanceId: string) =>
  apiFetch<RejectedAlarmStatus & { created: boolean; auditId: string }>(
    `/api/instances/${encodeURIComponent(instanceId)}/alarm`,
    { method: "POST" },
  );
export const removeInstanceAlarm = (instanceId: string) =>
  apiFetch<RemovedRejectedAlarm>(`/api/instances/${encodeURIComponent(instanceId)}/alarm`, { method: "DELETE" });
