import { NextResponse, type NextRequest } from "next/server";
import { findReportLink, goneMessage } from "@/lib/reports/open-report";
import { getRuntime } from "@/lib/runtime";
import { escapeHtml } from "@/lib/http/html";

// A page cannot choose its status code, and a revoked or expired report link must answer 410
// Gone, so such links are answered here, before the page renders. Only /r/<token> passes through.

export async function proxy(request: NextRequest) {
  const token = request.nextUrl.pathname.split("/")[2] ?? "";
  const runtime = await getRuntime();
  const opened = await findReportLink(runtime.collector.db.prisma, token);
  if (opened.state !== "revoked" && opened.state !== "expired") return NextResponse.next();
  const message = escapeHtml(goneMessage(opened));
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Report no longer available</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#111827}</style>
</head><body><main><h1>This report is no longer available</h1><p>${message}</p></main></body></html>`;
  return new NextResponse(html, {
    status: 410,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    },
  });
}

export const config = { matcher: "/r/:token" };
