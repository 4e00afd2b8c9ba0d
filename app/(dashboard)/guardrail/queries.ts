import type { WaiverDraft } from "@/lib/contracts/waiver-input";
import type { WaiverRecord } from "@/lib/db/write/guard-waivers";
import type { PlanEvaluation } from "@/lib/waivers/evaluate-plan";
import { apiFetch, postJson } from "@/app/_client/api";

/** The Guardrail page: the CLI's verdict for a plan's text (stored waivers applied). */
export const evaluatePlan = (plan: string, source: string, live: boolean) =>
  apiFetch<PlanEvaluation>("/api/guardrail/evaluate", postJson({ plan, source, live }));
/** `query` is the waiver filters' query text (no leading "?"). */
export const listWaivers = (query: string) =>
  apiFetch<{ waivers: WaiverRecord[] }>(`/api/guardrail/waivers${query ? `?${query}` : ""}`).then(
    (body) => body.waivers,
  );
export const createWaiver = (waiver: WaiverDraft) =>
  apiFetch<{ waiver: WaiverRecord }>("/api/guardrail/waivers", postJson(waiver)).then((body) => body.waiver);
export const revokeWaiver = (id: string) =>
  apiFetch<{ waiver: WaiverRecord }>(`/api/guardrail/waivers/${encodeURIComponent(id)}/revoke`, {
    method: "POST",
  }).then((body) => body.waiver);
