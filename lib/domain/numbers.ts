// Numbers as the dashboard shows them, shared by the pages and the report snapshots.

/** Share as a percentage with one decimal, or null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

export function formatInteger(value: number): string {
  return value.toLocaleString("en-US");
}
