import { env } from "@/lib/env";
import { originPolicy } from "@/lib/http/origin-policy";
import { publicRoute } from "@/lib/http/route";
import { getLiveReportLink } from "@/lib/reports/open-report";
import { reportPageUrl, reportPdfService } from "@/lib/reports/report-pdf";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/**
 * A shared report as a PDF, printed once from its own page by the server's Chromium and kept.
 * 404 unknown, 410 revoked or expired, 429 with Retry-After when the link or the printer is busy.
 */
export const GET = publicRoute<{ token: string }>(async (request, { params }) => {
  const db = (await getRuntime()).collector.db.prisma;
  const { report } = await getLiveReportLink(db, params.token);
  // Print at the dashboard's own origin (PUBLIC_URL, or loopback on PORT), which the host check
  // serves; request.url may name the listening address instead (e.g. localhost).
  const origin = [...originPolicy(env()).origins][0]!;
  const pageUrl = reportPageUrl(new URL(new URL(request.url).pathname, origin).toString(), params.token);
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
