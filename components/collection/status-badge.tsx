import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RunStatus, UnitStatus } from "@/lib/domain/collection-run";

const RUN_TONES: Record<RunStatus, BadgeTone> = {
  running: "info",
  succeeded: "success",
  partial: "warning",
  failed: "danger",
  aborted: "neutral",
};

const UNIT_TONES: Record<UnitStatus, BadgeTone> = {
  pending: "neutral",
  running: "info",
  ok: "success",
  failed: "danger",
  skipped: "neutral",
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <Badge tone={RUN_TONES[status]}>{status}</Badge>;
}

export function UnitStatusBadge({ status }: { status: UnitStatus }) {
  return <Badge tone={UNIT_TONES[status]}>{status}</Badge>;
}

export function runTone(status: RunStatus): BadgeTone {
  return RUN_TONES[status];
}
