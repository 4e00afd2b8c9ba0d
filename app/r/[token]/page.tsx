import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ReportDocument } from "@/components/reports/report-document";
import styles from "@/components/reports/reports.module.css";
import { findReportByToken, goneMessage, openReport } from "@/lib/reports/open-report";
import { isPdfRenderRequest, pdfRenderingAvailable } from "@/lib/reports/render-pdf";
import { getAppContext } from "@/lib/app-context";

// A shared report: public (no sign-in), read-only, drawn from its stored snapshot alone. A revoked
// or expired link is answered 410 before this renders (proxy.ts); this page re-checks anyway. A
// link never issued is a 404 with this segment's own page (not-found.tsx), saying so.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Shared report",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export default async function SharedReportPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const app = await getAppContext();
  // The server printing its own PDF is not a reader: it does not count as a view.
  const read = isPdfRenderRequest(await headers()) ? findReportByToken : openReport;
  const opened = await read(app.db.prisma, token);
  if (opened.state === "unknown") notFound();
  if (opened.state !== "ok") {
    return (
      <section className={`card ${styles.gone}`} role="alert">
        <h1>This report is no longer available</h1>
        <p>{goneMessage(opened)}</p>
      </section>
    );
  }
  return (
    <ReportDocument
      snapshot={opened.snapshot}
      csvHref={(table) => `/r/${token}/csv?table=${encodeURIComponent(table)}`}
      pdfHref={pdfRenderingAvailable() ? `/r/${token}/pdf` : null}
    />
  );
}
