import type { Caller } from "../auth";
import type { Fleet } from "../fleet";
import type { SimulatorStats } from "../knobs";

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Everything a handler needs about one call. */
export interface CallContext {
  fleet: Fleet;
  requestId: string;
  /** Region from the credential scope. */
  region: string;
  caller: Caller;
  /** The simulator's current time (ms). */
  now: number;
  stats: SimulatorStats;
}

export const XML_HEADERS = { "content-type": "text/xml;charset=UTF-8" } as const;
export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
