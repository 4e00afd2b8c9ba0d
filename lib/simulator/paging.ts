import { SimError } from "./errors";
import { hashString } from "./prng";

interface PageToken {
  /** position to resume at */
  p: number;
  /** fingerprint of the request the token belongs to */
  f: number;
}

export function encodePageToken(position: number, requestKey: string): string {
  const token: PageToken = { p: position, f: hashString(requestKey) };
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

export function decodePageToken(raw: string, requestKey: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && "p" in parsed && "f" in parsed) {
      const { p, f } = parsed;
      if (typeof p === "number" && Number.isInteger(p) && p >= 0 && f === hashString(requestKey)) return p;
    }
  } catch {
    // any undecodable token is the same client error
  }
  throw new SimError("InvalidPaginationToken", "The pagination token is invalid or does not belong to this request.");
}
