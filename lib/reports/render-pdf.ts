import type { Browser } from "playwright-core";
import { env } from "@/lib/env";
import { findChromium } from "@/scripts/find-chromium.mjs";
import { processSingleton } from "@/lib/core/process-slot";

// A report's "Download PDF": the same Chromium the e2e tests drive prints the report page with
// its print stylesheet. Without a Chromium on the server the button is simply not offered.

/** The Chromium to print with (CHROMIUM_PATH, else the system one), or null when this server has none. */
export function findPdfChromium(): string | null {
  try {
    return findChromium({ CHROMIUM_PATH: env().CHROMIUM_PATH });
  } catch {
    // No (usable) Chromium: the report offers Print instead of Download PDF.
    return null;
  }
}

export const pdfRenderingAvailable = (): boolean => findPdfChromium() !== null;

/** Header that marks the server's own print request, so it is not counted as a reader's view. */
const PDF_RENDER_HEADER = "x-imds-report-render";
// One random value per process, only ever sent by this server's own Chromium. Kept on globalThis:
// Next bundles the page and the PDF route separately, each with its own copy of this module.
const renderSecret = processSingleton("pdf-render-secret", () => crypto.randomUUID());
export const isPdfRenderRequest = (headers: Headers): boolean => headers.get(PDF_RENDER_HEADER) === renderSecret;

/** How long one print may take before it fails (a stuck page must not hold a render slot forever). */
const RENDER_TIMEOUT_MS = 30_000;

/**
 * Prints `url` (this server's own report page) to an A4 PDF in `browser`. Only the printing: which
 * browser, how many at once and whether the result is kept are the caller's business (report-pdf.ts
 * today, a job queue later). Each print gets its own context, so prints share no cookies or cache.
 */
export async function renderPdf(browser: Browser, url: string): Promise<Buffer> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    context.setDefaultTimeout(RENDER_TIMEOUT_MS);
    const page = await context.newPage();
    await page.setExtraHTTPHeaders({ [PDF_RENDER_HEADER]: renderSecret });
    const response = await page.goto(url, { waitUntil: "networkidle" });
    if (!response?.ok()) throw new Error(`The report page answered ${response?.status() ?? "nothing"}.`);
    // Charts draw after hydration: wait until none is still loading.
    await page.waitForFunction(() => document.querySelectorAll(".chart-loading").length === 0, undefined, {
      timeout: 15_000,
    });
    await page.emulateMedia({ media: "print" });
    return await page.pdf({ format: "A4", landscape: true, printBackground: true, preferCSSPageSize: true });
  } finally {
    await context.close();
  }
}
