import { findReportPdf, saveReportPdf } from "@/lib/db/write/report-pdfs";
import type { ReportRecord } from "@/lib/db/write/reports";
import type { Db } from "@/lib/db/conn/types";
import { env, isLoopbackHost } from "@/lib/env";
import { AppError } from "@/lib/core/app-error";
import { LinkRateLimit } from "./link-rate-limit";
import { findPdfChromium, renderPdf } from "./render-pdf";
import { RenderQueue } from "./render-queue";
import { SharedBrowser } from "./shared-browser";
import { processSingleton } from "@/lib/core/process-slot";

// A shared report's PDF: printed once from its frozen snapshot, then served from the database.
// Printing is bounded per process (one Chromium, a few prints at once, a short line, 429 beyond)
// and per link, so no number of requests can start more browsers or pile up work.

export interface ReportPdfOptions {
  /** Chromium to print with; null = this server cannot print (stored PDFs are still served). */
  executablePath: string | null;
  /** Prints at once in the one browser. */
  concurrency: number;
  /** Requests that may wait for a print slot; more are answered 429. */
  maxWaiting: number;
  idleCloseMs: number;
  /**
   * PDF requests per link per window, stored PDFs included: serving one still reads and sends a
   * few hundred KB, and a person downloads a report once or twice, so a link fetched in a loop is
   * stopped whether or not it is already printed.
   */
  perLinkLimit: number;
  perLinkWindowMs: number;
  now?: () => number;
}

export const REPORT_PDF_DEFAULTS = {
  concurrency: 2,
  maxWaiting: 4,
  idleCloseMs: 60_000,
  perLinkLimit: 6,
  perLinkWindowMs: 60_000,
} as const;

export class ReportPdfService {
  private readonly browser: SharedBrowser | null;
  private readonly queue: RenderQueue;
  private readonly linkLimit: LinkRateLimit;
  /** Prints under way by report id: a second request for the same report waits for the first. */
  private readonly printing = new Map<string, Promise<Buffer>>();
  private rendersInFlight = 0;
  /** What the service did, for tests and the log: renders started, most at once, browser launches. */
  readonly stats = { renders: 0, maxRendersInFlight: 0 };

  constructor(private readonly options: ReportPdfOptions) {
    this.browser = options.executablePath
      ? new SharedBrowser({ executablePath: options.executablePath, idleCloseMs: options.idleCloseMs })
      : null;
    this.queue = new RenderQueue({ concurrency: options.concurrency, maxWaiting: options.maxWaiting });
    this.linkLimit = new LinkRateLimit({
      limit: options.perLinkLimit,
      windowMs: options.perLinkWindowMs,
      now: options.now,
    });
  }

  get browserLaunches(): number {
    return this.browser?.launches ?? 0;
  }

  get browserRunning(): boolean {
    return this.browser?.running ?? false;
  }

  /**
   * The PDF of a live report (the caller has checked the link: revoked and expired ones never get
   * here). `pageUrl` is the report's own page on this server, which Chromium prints.
   */
  async getPdf(db: Db, report: ReportRecord, pageUrl: string): Promise<Buffer> {
    this.linkLimit.take(report.id, "PDF downloads");
    const stored = await findReportPdf(db, report.id);
    if (stored) return stored;
    let printing = this.printing.get(report.id);
    if (!printing) {
      printing = this.printAndStore(db, report.id, pageUrl).finally(() => this.printing.delete(report.id));
      this.printing.set(report.id, printing);
    }
    return printing;
  }

  /** Closes the browser (tests, shutdown); a later print starts a new one. */
  async close(): Promise<void> {
    await this.browser?.close();
  }

  private async printAndStore(db: Db, reportId: string, pageUrl: string): Promise<Buffer> {
    const browser = this.browser;
    if (!browser) {
      throw new AppError(
        "NotFound",
        "PDF download is not available on this server (no Chromium): use the browser's Print / Save as PDF, or install chromium / set CHROMIUM_PATH.",
      );
    }
    const pdf = await this.queue.run(() => browser.use((running) => this.counted(() => renderPdf(running, pageUrl))));
    return saveReportPdf(db, reportId, pdf, new Date(this.options.now?.() ?? Date.now()));
  }

  private async counted<T>(render: () => Promise<T>): Promise<T> {
    this.stats.renders += 1;
    this.rendersInFlight += 1;
    this.stats.maxRendersInFlight = Math.max(this.stats.maxRendersInFlight, this.rendersInFlight);
    try {
      return await render();
    } finally {
      this.rendersInFlight -= 1;
    }
  }
}

/**
 * The report page Chromium prints: `/r/<token>` at the request's origin, which must be this
 * server's (a loopback address, or PUBLIC_URL's host). Otherwise a forged Host header could have
 * Chromium print another site, and that PDF would be kept and served for the report.
 */
export function reportPageUrl(requestUrl: string, token: string): string {
  const request = new URL(requestUrl);
  const publicUrl = env().PUBLIC_URL;
  const publicHost = publicUrl ? new URL(publicUrl).host : null;
  if (!isLoopbackHost(request.hostname) && request.host !== publicHost) {
    throw new AppError(
      "BadRequest",
      `Host: ${request.host} is not this dashboard's address (${publicHost ?? "a loopback address"}); PDFs are printed only from there.`,
    );
  }
  return new URL(`/r/${encodeURIComponent(token)}`, request.origin).toString();
}

// One service (so one browser and one queue) per process. On globalThis so Next.js dev reloads
// reuse it rather than leaving a second browser behind.
export function reportPdfService(): ReportPdfService {
  return processSingleton(
    "report-pdf-service",
    () => new ReportPdfService({ executablePath: findPdfChromium(), ...REPORT_PDF_DEFAULTS }),
  );
}
