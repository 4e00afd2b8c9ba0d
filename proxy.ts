import { NextResponse, type NextRequest } from "next/server";
import { findUnsafeParam } from "@/lib/contracts/text";
import { env } from "@/lib/env";
import { escapeHtml } from "@/lib/http/html";
import { hostRefusal, originPolicy } from "@/lib/http/origin-policy";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";
import { findReportLink, goneMessage } from "@/lib/reports/open-report";
import { getAppContext } from "@/lib/app-context";

// Runs before every request (pages, API routes, shared reports, assets): the checks no route may
// forget, in one place. In order: a malformed path escape is 400 before any route parses it; a Host
// that is not this dashboard's is 421 (DNS rebinding); NUL in the query string is 422; a revoked or
// expired report link is 410 (a page cannot choose its status code); then the security headers.

/** Load balancers probe with whatever Host they like; health says only "ok" and the database state. */
const HOST_CHECK_EXEMPT = new Set(["/api/health"]);

const isApi = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");

function refuse(pathname: string, status: number, code: string, message: string): NextResponse {
  const response = isApi(pathname)
    ? NextResponse.json({ error: { code, message } }, { status })
    : new NextResponse(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  return withSecurityHeaders(response, pathname, OWN_PAGE_CSP);
}

/** Adds the headers every response carries; `csp` is the document's policy (none for build assets). */
function withSecurityHeaders(response: NextResponse, pathname: string, csp: string | null): NextResponse {
  for (const [name, value] of Object.entries(securityHeaders(pathname))) response.headers.set(name, value);
  if (csp) response.headers.set("content-security-policy", csp);
  return response;
}

/** For the responses proxy.ts writes itself (refusals, 410): no script runs in them. */
const OWN_PAGE_CSP = contentSecurityPolicy({ nonce: "none", development: false });

/** The path segment that is not a valid percent-encoding, or null. */
function malformedSegment(rawPath: string): string | null {
  for (const segment of rawPath.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

function goneReport(message: string): NextResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Report no longer available</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#111827}</style>
</head><body><main><h1>This report is no longer available</h1><p>${escapeHtml(message)}</p></main></body></html>`;
  return new NextResponse(html, {
    status: 410,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "private, no-store" },
  });
}

export async function proxy(request: NextRequest) {
  // The raw path: nextUrl may already be decoded, and the point is to see the escapes as sent.
  const rawPath = new URL(request.url).pathname;
  const pathname = request.nextUrl.pathname;
  const badSegment = malformedSegment(rawPath);
  if (badSegment !== null) {
    return refuse(
      pathname,
      400,
      "BadRequest",
      `The URL path has a malformed percent-escape in "${badSegment.slice(0, 100)}": encode "%" as %25.`,
    );
  }

  const config = env();
  if (!HOST_CHECK_EXEMPT.has(pathname)) {
    const refusal = hostRefusal(request.headers.get("host"), originPolicy(config));
    if (refusal) return refuse(pathname, 421, "MisdirectedRequest", refusal);
  }

  const unsafe = findUnsafeParam(request.nextUrl.searchParams);
  if (unsafe) return refuse(pathname, 422, "ValidationFailed", `${unsafe.path}: ${unsafe.problem}`);

  // Only the page itself: its csv and pdf routes answer 410 on their own, from the same read.
  const [, root, token, rest] = pathname.split("/");
  if (root === "r" && token && rest === undefined) {
    const app = await getAppContext();
    const opened = await findReportLink(app.db.prisma, token);
    if (opened.state === "revoked" || opened.state === "expired") {
      return withSecurityHeaders(goneReport(goneMessage(opened)), pathname, OWN_PAGE_CSP);
    }
  }

  // Build assets are scripts and styles, not documents: a CSP (and a nonce) means nothing there.
  if (pathname.startsWith("/_next/static/")) return withSecurityHeaders(NextResponse.next(), pathname, null);

  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const csp = contentSecurityPolicy({
    nonce: btoa(crypto.randomUUID()),
    development: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), pathname, csp);
}

// Everything, assets included: the host check and the headers hold for every response.
export const config = { matcher: "/:path*" };
