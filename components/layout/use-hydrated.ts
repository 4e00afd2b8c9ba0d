"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False on the server and during hydration, true afterwards. The header sits outside the page's
 * prefetched data, so whether its status is known at hydration depends on streaming order; showing
 * it only after hydration keeps the server and client HTML identical.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
