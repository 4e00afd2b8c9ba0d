import { apiFetch } from "@/app/_lib/api-client";
import type { InstanceDetail } from "@/lib/db/read/instance-detail";
import type { InstanceFacets, InstanceListRow } from "@/lib/db/read/instance-list";
import type { InstancePageReply } from "@/lib/db/read/instance-page-reply";

// The browser's view of /api/instances*: types come from the server modules that produce them.

export type { InstanceDetail, InstanceFacets, InstanceListRow, InstancePageReply };

export const instanceKeys = {
  list: (query: string) => ["instances", query] as const,
  detail: (id: string) => ["instance", id] as const,
};

export const fetchInstancePage = (query: string) => apiFetch<InstancePageReply>(`/api/instances?${query}`);
export const fetchInstanceDetail = (id: string) =>
  apiFetch<{ instance: InstanceDetail }>(`/api/instances/${encodeURIComponent(id)}`).then((body) => body.instance);
