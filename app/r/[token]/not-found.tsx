import type { Metadata } from "next";
import styles from "@/components/reports/reports.module.css";

export const metadata: Metadata = { title: "Unknown report link", robots: { index: false, follow: false } };

// A report link this dashboard never issued (or not a report link at all): 404 with words for the
// reader, who did not choose the address. Revoked and expired links answer 410 with their own page.
export default function UnknownReportLink() {
  return (
    <section className={`card ${styles.gone}`} data-testid="report-link-unknown">
      <h1>This report link is unknown</h1>
      <p>
        No shared report has this address. The link was never issued here, or it was mistyped or cut short on the way to
        you: a report link is <span className="mono">/r/</span> followed by 22 letters, digits, dashes or underscores.
      </p>
      <p>Ask the person who shared it to send the link again, or to share a new one.</p>
    </section>
  );
}
