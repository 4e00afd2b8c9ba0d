import type { AcknowledgedAlerts, AlertsPage } from "@/lib/db/write/alerts";
import type { DeliveryLogEntry, WebhookRecord } from "@/lib/db/write/webhooks";
import { apiFetch, postJson } from "@/app/_client/api";

/** `query` is the alerts page's filter and cursor query text (no leading "?"). */
export const listAlertsPage = (query: string) => apiFetch<AlertsPage>(`/api/alerts${query ? `?${query}` : ""}`);
export const acknowledgeAlert = (id: string) =>
  apiFetch<{ alert: AlertsPage["alerts"][number] }>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, {
    method: "POST",
  });
/** All or nothing: a 422 names the first id that is no alert. */
export const acknowledgeAlerts = (alertIds: string[]) =>
  apiFetch<AcknowledgedAlerts>("/api/alerts/acknowledge", postJson({ alertIds }));
export const listWebhooks = () => apiFetch<{ webhooks: WebhookRecord[] }>("/api/webhooks").then((b) => b.webhooks);
export const createWebhook = (input: { name: string; url: string; team: string | null }) =>
  apiFetch<{ webhook: WebhookRecord; secret: string }>("/api/webhooks", postJson(input));
export const setWebhookEnabled = (id: string, enabled: boolean) =>
  apiFetch<{ ok: true }>(`/api/webhooks/${encodeURIComponent(id)}`, { ...postJson({ enabled }), method: "PATCH" });
export const deleteWebhook = (id: string) =>
  apiFetch<null>(`/api/webhooks/${encodeURIComponent(id)}`, { method: "DELETE" });
export const listDeliveries = () =>
  apiFetch<{ attempts: DeliveryLogEntry[] }>("/api/alerts/deliveries?limit=50").then((b) => b.attempts);
