// Response headers every page, API reply and asset carries, set in one place (proxy.ts).

export interface CspOptions {
  nonce: string;
  /** `next dev` needs eval (React's debugging) and a websocket for hot reload; production never. */
  development: boolean;
}

/**
 * Scripts run only with this response's nonce (Next puts it on its own tags); 'strict-dynamic'
 * lets them load their chunks. Inline style attributes stay allowed: React and the charts set them.
 */
export function contentSecurityPolicy({ nonce, development }: CspOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Shared report links carry their secret in the path: no page or asset request may leak it. */
export const isReportPath = (pathname: string): boolean => pathname === "/r" || pathname.startsWith("/r/");

/** The headers for a response to `pathname` (CSP is added separately, per response, with its nonce). */
export function securityHeaders(pathname: string): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": isReportPath(pathname) ? "no-referrer" : "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
}
