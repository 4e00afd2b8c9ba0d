export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
/** Whole days since the epoch, the unit coverage ranges are kept in. */
export const epochDay = (ms: number) => Math.floor(ms / DAY_MS);

/** "2026-11-20 14:05 UTC": a moment as people read it in tables and messages. */
export const formatUtcMinute = (at: string | number | Date): string =>
  `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** "2026-11-20": the UTC day of a moment, as tables and messages show a date. */
export const utcDay = (at: string | number | Date): string => new Date(at).toISOString().slice(0, 10);
