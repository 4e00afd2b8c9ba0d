import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { forbiddenTargetReason, ipLiteralHost } from "@/lib/domain/webhook-url";
import { AppError } from "@/lib/core/app-error";

// A webhook must not reach the instance metadata service: its address ranges are refused when the
// webhook is created (literal or resolved) and again on every delivery, inside the connection's own
// name lookup, so a DNS answer that changed since (rebinding) cannot slip through.

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to (injectable so tests can play DNS). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo, as the connection itself would use it). */
export const systemResolveHost: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Thrown (with this code) when a target address is refused; the delivery log records the message. */
export class ForbiddenTargetError extends Error {
  readonly code = "WebhookTargetRefused";
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenTargetError";
  }
}

/** The first refused address among `addresses` as a sentence, or null when all are allowed. */
function refusal(hostname: string, addresses: readonly ResolvedAddress[]): string | null {
  for (const { address } of addresses) {
    const reason = forbiddenTargetReason(address);
    if (reason) return `${hostname} resolves to ${address}, in ${reason}`;
  }
  return null;
}

/**
 * Creation-time check (the literal forms are refused by the input schema already): resolves the
 * host and answers 422 naming `url` when any address is refused or the name does not resolve.
 */
export async function assertAllowedWebhookHost(url: URL, resolveHost: ResolveHost): Promise<void> {
  if (ipLiteralHost(url)) return;
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolveHost(url.hostname);
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    throw new AppError(
      "ValidationFailed",
      `url: host ${url.hostname} could not be resolved (${typeof code === "string" ? code : String(cause)}); check the name`,
      { cause },
    );
  }
  if (addresses.length === 0)
    throw new AppError("ValidationFailed", `url: host ${url.hostname} resolves to no address`);
  const refused = refusal(url.hostname, addresses);
  if (refused) throw new AppError("ValidationFailed", `url: refused, ${refused}`);
}

/** Delivery-time check of a literal address (the socket does no lookup for those). */
export function assertAllowedLiteralTarget(url: URL): void {
  const literal = ipLiteralHost(url);
  const reason = literal ? forbiddenTargetReason(literal) : null;
  if (reason) throw new ForbiddenTargetError(`refused to connect to ${literal}, in ${reason}`);
}

/**
 * A `lookup` for http.request / net.connect that resolves with `resolveHost` and fails the
 * connection before it is made when any resolved address is refused.
 */
export function guardedLookup(resolveHost: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (resolved) => {
        const refused = refusal(hostname, resolved);
        if (refused) {
          callback(new ForbiddenTargetError(`refused to connect: ${refused}`), "", 4);
          return;
        }
        const family = options.family === 4 || options.family === 6 ? options.family : null;
        const addresses = family ? resolved.filter((entry) => entry.family === family) : resolved;
        if (addresses.length === 0) {
          const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
          callback(error, "", 4);
          return;
        }
        // net.connect asks for every address (all: true) when it tries them in turn (autoSelectFamily).
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: unknown) =>
        callback(error instanceof Error ? error : new Error(`lookup of ${hostname} failed: ${String(error)}`), "", 4),
    );
  };
}
