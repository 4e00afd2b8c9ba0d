import { isLoopbackHost, oidcSettings, type Env } from "@/lib/env";

// Which Host and Origin this dashboard answers to. Checking Host defeats DNS rebinding (a page on
// attacker.example resolving to 127.0.0.1 sends Host: attacker.example); the CSRF check compares
// Origin with these expected origins, never with the request's own Host, which an attacker picks.

export interface OriginPolicy {
  scheme: "http" | "https";
  /** Host header values served: lower case, default ports dropped. */
  hosts: ReadonlySet<string>;
  /** Origins a browser on this dashboard sends (scheme, host, port). */
  origins: ReadonlySet<string>;
  /** The setting that changes the list, for the refusal message. */
  fix: string;
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** `host` as URL parsing normalises it (lower case, IPv6 brackets, default port dropped), or null. */
export function normalizeHost(scheme: "http" | "https", host: string): string | null {
  if (!host || /[\s/\\?#@]/.test(host)) return null;
  try {
    return new URL(`${scheme}://${host}`).host;
  } catch {
    return null;
  }
}

/** "::1" -> "[::1]": a Host header carries IPv6 addresses in brackets. */
const bracketed = (host: string) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);

function policyFor(config: Env): OriginPolicy {
  const settings = oidcSettings(config);
  if (!settings) {
    const names = isLoopbackHost(config.HOST) ? [...LOOPBACK_NAMES, bracketed(config.HOST)] : LOOPBACK_NAMES;
    const hosts = new Set(names.flatMap((name) => normalizeHost("http", `${name}:${config.PORT}`) ?? []));
    return {
      scheme: "http",
      hosts,
      origins: new Set([...hosts].map((host) => `http://${host}`)),
      fix:
        "Without sign-in the dashboard serves only loopback names on PORT, so no other web site can drive it. " +
        "To serve it under another name, configure sign-in and set PUBLIC_URL.",
    };
  }
  const publicUrl = new URL(settings.publicUrl);
  const scheme = publicUrl.protocol === "https:" ? "https" : "http";
  const hosts = new Set([publicUrl.host, ...config.ALLOWED_HOSTS.flatMap((host) => normalizeHost(scheme, host) ?? [])]);
  return {
    scheme,
    hosts,
    origins: new Set([...hosts].map((host) => `${scheme}://${host}`)),
    fix: "Set PUBLIC_URL to the URL people open, and list any other Host a proxy forwards in ALLOWED_HOSTS.",
  };
}

const policies = new WeakMap<Env, OriginPolicy>();

/** The policy for a configuration (computed once per validated Env). */
export function originPolicy(config: Env): OriginPolicy {
  let policy = policies.get(config);
  if (!policy) {
    policy = policyFor(config);
    policies.set(config, policy);
  }
  return policy;
}

/** Null when the Host header names this dashboard, else the refusal message. */
export function hostRefusal(hostHeader: string | null, policy: OriginPolicy): string | null {
  const host = hostHeader === null ? null : normalizeHost(policy.scheme, hostHeader.trim());
  if (host !== null && policy.hosts.has(host)) return null;
  const given = hostHeader === null ? "no Host header" : `Host ${JSON.stringify(hostHeader.slice(0, 200))}`;
  return `Misdirected request: this dashboard answers at ${[...policy.hosts].join(", ")}, not to ${given}. ${policy.fix}`;
}

/** Whether an Origin header value is one of this dashboard's origins. */
export function isExpectedOrigin(origin: string, policy: OriginPolicy): boolean {
  try {
    const parsed = new URL(origin);
    return policy.origins.has(parsed.origin);
  } catch {
    // "null" (sandboxed frames, some redirects) and malformed values are not this dashboard.
    return false;
  }
}
