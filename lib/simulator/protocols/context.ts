import type { SimError } from "@/lib/simulator/errors";
import { el, esc, node } from "@/lib/simulator/xml";
import type { Caller } from "@/lib/simulator/auth";
import type { Fleet } from "@/lib/simulator/fleet";
import type { SimulatorStats } from "@/lib/simulator/knobs";

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

/** Query-protocol success envelope shared by CloudWatch (old clients) and STS. */
export function queryReply(namespace: string, requestId: string, op: string, result: string): Reply {
  return {
    status: 200,
    headers: { ...XML_HEADERS },
    body:
      `${XML_PROLOG}<${op}Response xmlns="${namespace}">${node(`${op}Result`, result)}` +
      `<ResponseMetadata>${el("RequestId", requestId)}</ResponseMetadata></${op}Response>`,
  };
}

/** Query-protocol error shape shared by CloudWatch and STS. */
export function queryError(namespace: string, requestId: string, err: SimError): Reply {
  return {
    status: err.status,
    headers: { ...XML_HEADERS },
    body:
      `${XML_PROLOG}<ErrorResponse xmlns="${namespace}"><Error><Type>${err.fault}</Type>` +
      `<Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message></Error>` +
      `<RequestId>${esc(requestId)}</RequestId></ErrorResponse>`,
  };
}
