// Display formatting shared by the header and the dashboard; pure so it is unit-tested.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "3 min ago", "2 h ago", "5 days ago"; future times (clock skew) read as "just now". */
export function formatAgo(iso: string, now: number): string {
  const elapsed = now - Date.parse(iso);
  if (!Number.isFinite(elapsed)) return "at an unknown time";
  if (elapsed < MINUTE) return "just now";
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  const days = Math.floor(elapsed / DAY);
  return `${days} ${days === 1 ? "day" : "days"} ago`;
}

/** Duration between two ISO instants as "850 ms", "4.2 s", "3 min 5 s"; null when either end is missing. */
export function formatDuration(startIso: string | null, endIso: string | null): string | null {
  const ms = durationMs(startIso, endIso);
  if (ms === null) return null;
  if (ms < 1000) return `${ms} ms`;
  if (ms < MINUTE) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / MINUTE);
  const seconds = Math.round((ms % MINUTE) / 1000);
  return `${minutes} min ${seconds} s`;
}

export function durationMs(startIso: string | null, endIso: string | null): number | null {
  if (!startIso || !endIso) return null;
  const ms = Date.parse(endIso) - Date.parse(startIso);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : null;
}

export { formatInteger, percent } from "@/lib/domain/numbers";
