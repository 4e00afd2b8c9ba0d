import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { findChromium } from "@/scripts/find-chromium.mjs";
import { LinkRateLimit } from "./link-rate-limit";
import { countOwnChromiumProcesses, startReportPageServer, type ReportPageServer } from "./pdf.fixture";
import { renderPdf } from "./render-pdf";
import { RenderQueue } from "./render-queue";
import { reportPageUrl } from "./report-pdf";
import { SharedBrowser } from "./shared-browser";

// The parts of the PDF service on their own: the queue and the per-link limit (pure), the page URL
// check, and the shared browser's lifecycle with Debian's real Chromium. The route test
// (app/r/[token]/pdf/pdf-route.test.ts) runs them together under load against a database.

const TOKEN = "A".repeat(22);

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("was not refused");
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe("RenderQueue", () => {
  it("runs 2 at once, keeps 1 waiting, refuses the next with 429 and Retry-After, then runs the waiting one", async () => {
    const queue = new RenderQueue({ concurrency: 2, maxWaiting: 1 });
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, index) =>
      queue.run(async () => {
        started.push(index);
        await gate.promise;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect([queue.running, queue.queued]).toEqual([2, 1]);

    const refused = await refusal(queue.run(async () => "never"));
    expect(refused.status).toBe(429);
    expect(refused.code).toBe("TooManyRequests");
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.message).toMatch(/^The server is busy printing other PDFs \(2 printing, 1 waiting\)\. Try again in \d+ s\.$/);

    gates[0]!.resolve();
    expect(await runs[0]).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    expect([queue.running, queue.queued]).toEqual([2, 0]);
    gates[1]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect([queue.running, queue.queued]).toEqual([0, 0]);
  });

  it("frees the slot when a task fails", async () => {
    const queue = new RenderQueue({ concurrency: 1, maxWaiting: 0 });
    await expect(queue.run(async () => Promise.reject(new Error("page crashed")))).rejects.toThrow("page crashed");
    expect(await queue.run(async () => "next")).toBe("next");
  });
});

describe("LinkRateLimit", () => {
  it("allows `limit` hits per window per key and says when the next is allowed", async () => {
    let now = 1_000_000;
    const limit = new LinkRateLimit({ limit: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      limit.take("report-a", "PDF downloads");
      now += 10_000;
    }
    // Hits at 0 s, 10 s and 20 s; it is now 30 s: the first one leaves the window at 60 s.
    const refused = await refusal(Promise.resolve().then(() => limit.take("report-a", "PDF downloads")));
    expect(refused.status).toBe(429);
    expect(refused.retryAfterSeconds).toBe(30);
    expect(refused.message).toBe("Too many PDF downloads for this link: at most 3 per 60 s. Try again in 30 s.");
    limit.take("report-b", "PDF downloads");
    now += 30_001;
    limit.take("report-a", "PDF downloads");
  });
});

describe("reportPageUrl", () => {
  it("prints the report at the request's origin when that is this server", () => {
    expect(reportPageUrl(`http://127.0.0.1:3000/r/${TOKEN}/pdf`, TOKEN)).toBe(`http://127.0.0.1:3000/r/${TOKEN}`);
    expect(reportPageUrl(`http://localhost:3101/r/${TOKEN}/pdf`, TOKEN)).toBe(`http://localhost:3101/r/${TOKEN}`);
    expect(reportPageUrl(`http://[::1]:3000/r/${TOKEN}/pdf`, TOKEN)).toBe(`http://[::1]:3000/r/${TOKEN}`);
  });

  it("refuses another host (PUBLIC_URL unset), naming it", () => {
    expect(() => reportPageUrl(`http://evil.example:80/r/${TOKEN}/pdf`, TOKEN)).toThrow(
      "Host: evil.example is not this dashboard's address (a loopback address); PDFs are printed only from there.",
    );
  });
});

describe("SharedBrowser with Debian's Chromium", () => {
  let pages: ReportPageServer;
  const browser = new SharedBrowser({ executablePath: findChromium(), idleCloseMs: 500 });

  beforeAll(async () => {
    pages = await startReportPageServer(0);
  });
  afterAll(async () => {
    await browser.close();
    await pages?.close();
  });

  const print = () => browser.use((running) => renderPdf(running, `${pages.origin}/r/${TOKEN}`));

  it("starts one browser for concurrent first uses and reuses it", async () => {
    const pdfs = await Promise.all([print(), print(), print()]);
    for (const pdf of pdfs) expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await print()).toBeInstanceOf(Buffer);
    expect(browser.launches).toBe(1);
    expect(countOwnChromiumProcesses().browsers).toBe(1);
  }, 60_000);

  it("closes the browser once idle, and starts it again when needed", async () => {
    await print();
    expect(browser.running).toBe(true);
    await waitFor(() => !browser.running && countOwnChromiumProcesses().processes === 0, 10_000);
    const launches = browser.launches;
    expect((await print()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(browser.launches).toBe(launches + 1);
  }, 60_000);

  it("launches a new browser after the old one crashed", async () => {
    await print();
    const { browserPids } = countOwnChromiumProcesses();
    expect(browserPids).toHaveLength(1);
    const launches = browser.launches;
    process.kill(browserPids[0]!, "SIGKILL");
    await waitFor(() => !browser.running, 10_000);
    expect((await print()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(browser.launches).toBe(launches + 1);
    expect(countOwnChromiumProcesses().browsers).toBe(1);
  }, 60_000);
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
