import { env } from "@/lib/env";
import { originPolicy } from "@/lib/http/origin-policy";
import { publicRoute } from "@/lib/http/route";
import { getLiveReportLink } from "@/lib/reports/open-report";
import { reportPageUrl, reportPdfService } from "@/lib/reports/report-pdf";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

/**
 * A shared report as a PDF, printed once from its own page by the server's Chromium and kept.
 * 404 unknown, 410 revoked or expired, 429 with Retry-After when the link or the printer is busy.
 */
export const GET = publicRoute<{ token: string }>(async (request, { params }) => {
  const db = (await getAppContext()).db.prisma;
  const { report } = await getLiveReportLink(db, params.token);
  // With sign-in, print at PUBLIC_URL when request.url names another address (Next may report the
  // listening one, e.g. localhost), since the host check serves only the public host.
  const config = env();
  const policy = originPolicy(config);
  const requested = new URL(request.url);
  const printFrom =
    config.PUBLIC_URL && !policy.hosts.has(requested.host)
      ? new URL(requested.pathname, config.PUBLIC_URL).toString()
      : request.url;
  const pageUrl = reportPageUrl(printFrom, params.token);
  const pdf = await reportPdfService().getPdf(db, report, pageUrl);
  const slug = `${report.view}-${report.capturedAt.slice(0, 10)}`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="report-${slug}.pdf"`,
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    },
  });
});
