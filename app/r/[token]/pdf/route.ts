import { AppError } from "@/lib/http/app-error";
import { publicRoute } from "@/lib/http/route";
import { getLiveReportLink } from "@/lib/reports/open-report";
import { findPdfChromium, renderPdf } from "@/lib/reports/render-pdf";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/** A shared report as a PDF, printed from its own page by the server's Chromium. */
export const GET = publicRoute<{ token: string }>(async (request, { params }) => {
  const runtime = await getRuntime();
  const { report } = await getLiveReportLink(runtime.collector.db.prisma, params.token);
  const chromium = findPdfChromium();
  if (!chromium) {
    throw new AppError(
      "NotFound",
      "PDF download is not available on this server (no Chromium): use the browser's Print / Save as PDF, or install chromium / set CHROMIUM_PATH.",
    );
  }
  const page = new URL(`/r/${params.token}`, request.url);
  const pdf = await renderPdf(page.toString(), chromium);
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
