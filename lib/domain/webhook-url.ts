// Webhook URLs are credentials (a Slack or Teams incoming-webhook URL is all it takes to post), so
// they are shown masked everywhere, and a webhook must never point at the instance metadata service.
// Pure: no I/O (name resolution is lib/alerts/webhook-target.ts).

const ELLIPSIS = "…";
const MASKED = /^https?:\/\/[^/…]+\/…[^/]{0,4}$/;

/**
 * `https://hooks.slack.com/services/T0/B0/XXXXa1B2` -> `https://hooks.slack.com/…a1B2`: scheme,
 * host (and port), the last 4 characters of the rest when the rest is long enough that 4 characters
 * give little away. User info, path and query are dropped. Masking a masked URL leaves it as it is.
 */
export function maskWebhookUrl(value: string): string {
  if (MASKED.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return ELLIPSIS;
  }
  const rest = `${url.pathname}${url.search}${url.hash}`;
  const tail = rest.length > 8 ? rest.slice(-4) : "";
  return `${url.protocol}//${url.host}/${ELLIPSIS}${tail}`;
}

/** Replaces the URL (and its path, which a receiver may echo in an error page) in a text with its mask. */
export function redactWebhookUrl(text: string, value: string): string {
  const masked = maskWebhookUrl(value);
  let redacted = text.split(value).join(masked);
  try {
    const url = new URL(value);
    const rest = `${url.pathname}${url.search}`;
    if (rest.length > 8) redacted = redacted.split(rest).join(`/${ELLIPSIS}`);
  } catch {
    // Not a URL: nothing more than the literal text to hide.
  }
  return redacted;
}

/** An audit row's before/after of a webhook action, with any `url` masked (rows written before masking). */
export function maskWebhookAuditValues(values: unknown): unknown {
  if (typeof values !== "object" || values === null || Array.isArray(values)) return values;
  // safe because a non-null, non-array object is a record of JSON values here (audit before/after)
  const record = values as Record<string, unknown>;
  if (typeof record.url !== "string") return values;
  return { ...record, url: maskWebhookUrl(record.url) };
}

// ---- targets a webhook may not have ----

/** Parses an IPv4 dotted quad (as URL parsing and getaddrinfo print it) into its 4 octets. */
function ipv4Octets(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part))) return null;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

/** Parses an IPv6 address (`::` shorthand and an embedded dotted quad allowed) into 8 hextets. */
function ipv6Hextets(text: string): number[] | null {
  const address = text
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "")
    .toLowerCase();
  if (!address.includes(":")) return null;
  let words = address;
  const lastColon = words.lastIndexOf(":");
  const tail = words.slice(lastColon + 1);
  if (tail.includes(".")) {
    const octets = ipv4Octets(tail);
    if (!octets) return null;
    const high = ((octets[0]! << 8) | octets[1]!).toString(16);
    const low = ((octets[2]! << 8) | octets[3]!).toString(16);
    words = `${words.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const halves = words.split("::");
  if (halves.length > 2) return null;
  const parse = (half: string) => (half === "" ? [] : half.split(":"));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => "0"), ...rest];
  if (all.some((word) => !/^[0-9a-f]{1,4}$/.test(word))) return null;
  return all.map((word) => parseInt(word, 16));
}

const LINK_LOCAL_V4 = "169.254.0.0/16 (IPv4 link-local, where the EC2 instance metadata service lives)";
const IMDS_V6 = "fd00:ec2::/32 (the EC2 instance metadata service over IPv6)";

const isLinkLocalV4 = (octets: readonly number[]) => octets[0] === 169 && octets[1] === 254;

/**
 * Why an IP address may not be a webhook target, or null when it may. Refused: 169.254.0.0/16 and
 * fd00:ec2::/32, also as IPv4-mapped (::ffff:169.254.x.x), IPv4-compatible (::169.254.x.x) and
 * NAT64 (64:ff9b::169.254.x.x) IPv6. Private ranges and loopback stay allowed (a receiver beside
 * the dashboard). Not an IP address: null (a host name is resolved and its addresses checked).
 */
export function forbiddenTargetReason(address: string): string | null {
  const v4 = ipv4Octets(address);
  if (v4) return isLinkLocalV4(v4) ? LINK_LOCAL_V4 : null;
  const v6 = ipv6Hextets(address);
  if (!v6) return null;
  if (v6[0] === 0xfd00 && v6[1] === 0x0ec2) return IMDS_V6;
  const embedsV4 =
    (v6.slice(0, 5).every((word) => word === 0) && (v6[5] === 0xffff || v6[5] === 0)) ||
    (v6[0] === 0x64 && v6[1] === 0xff9b && v6.slice(2, 6).every((word) => word === 0));
  if (embedsV4 && isLinkLocalV4([v6[6]! >> 8, v6[6]! & 0xff])) return LINK_LOCAL_V4;
  return null;
}

/** The host of a parsed URL as an IP literal (brackets removed), or null for a host name. */
export function ipLiteralHost(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return ipv4Octets(host) || ipv6Hextets(host) ? host : null;
}
