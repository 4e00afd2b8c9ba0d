import { Badge, type BadgeTone } from "@/components/ui/badge";
import { READINESS, READINESS_LABELS, type Readiness } from "@/lib/domain/readiness";

const TONES: Record<Readiness, BadgeTone> = {
  done: "success",
  ready: "info",
  blocked: "warning",
  broken: "danger",
  unknown: "neutral",
  "endpoint-disabled": "neutral",
};

const isReadiness = (value: string): value is Readiness => (READINESS as readonly string[]).includes(value);

/** The readiness label; the reason is its tooltip. "—" until the collector has judged the instance. */
export function ReadinessBadge({ readiness, reason }: { readiness: string | null; reason?: string | null }) {
  if (readiness === null || !isReadiness(readiness)) {
    return (
      <span className="muted" title={reason ?? "Not judged yet: the next collection sets it"}>
        —
      </span>
    );
  }
  return (
    <Badge tone={TONES[readiness]} title={reason ?? undefined}>
      {READINESS_LABELS[readiness]}
    </Badge>
  );
}

export function readinessLabel(readiness: string): string {
  return isReadiness(readiness) ? READINESS_LABELS[readiness] : readiness;
}
