"use client";

import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `intervalMs`, so "3 min ago" labels keep ageing. Pass the
 * server's render time as `initial` so the server and hydration renders print the same text.
 */
export function useNow(intervalMs = 30_000, initial?: number): number {
  const [now, setNow] = useState(() => initial ?? Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
