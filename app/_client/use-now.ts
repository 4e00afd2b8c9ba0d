"use client";

import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `intervalMs`, so "3 min ago" labels keep ageing. Pass the
 * server's render time as `initial` so the server and hydration renders print the same text.
 */
export function useNow(intervalMs = 30_000, initial?: number): number {
  const [now, setNow] = useState(() => initial ?? Date.now());
  useEffect(() => {
    const tick = () => setNow(Date.now());
    // The first refresh right after hydration, from a timer: a setState in the effect body would
    // render twice in a row.
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}
