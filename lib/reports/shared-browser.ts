import type { Browser } from "playwright-core";
import { CHROMIUM_ARGS } from "@/scripts/find-chromium.mjs";

// One Chromium per process for every PDF print, instead of one per request (which let a handful of
// requests start dozens of Chromium processes). Launched on first use, closed after a quiet spell,
// relaunched after a crash. playwright-core kills what it launched when the process exits.

export interface SharedBrowserOptions {
  executablePath: string;
  /** Close the browser after this long with nothing to print (it holds ~100 MB while open). */
  idleCloseMs: number;
}

export class SharedBrowser {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private users = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  /** How many times Chromium was started (a crash or an idle close makes the next use start it again). */
  launches = 0;

  constructor(private readonly options: SharedBrowserOptions) {}

  /** Runs `work` with the shared browser, starting it if it is not running. */
  async use<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
    this.users += 1;
    this.cancelIdleClose();
    try {
      return await work(await this.acquire());
    } finally {
      this.users -= 1;
      if (this.users === 0) this.scheduleIdleClose();
    }
  }

  get running(): boolean {
    return this.browser?.isConnected() ?? false;
  }

  /** Closes the browser now (tests, shutdown); the next use starts a new one. */
  async close(): Promise<void> {
    this.cancelIdleClose();
    const browser = this.browser;
    this.browser = null;
    if (browser?.isConnected()) await browser.close();
  }

  private acquire(): Promise<Browser> {
    if (this.browser?.isConnected()) return Promise.resolve(this.browser);
    // Concurrent first uses share one launch instead of each starting a browser.
    this.launching ??= this.launch().finally(() => {
      this.launching = null;
    });
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: this.options.executablePath, args: CHROMIUM_ARGS });
    this.launches += 1;
    // A crashed or killed browser is forgotten, so the next use launches a fresh one.
    browser.on("disconnected", () => {
      if (this.browser === browser) this.browser = null;
    });
    this.browser = browser;
    return browser;
  }

  private scheduleIdleClose(): void {
    this.cancelIdleClose();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.users > 0) return;
      this.close().catch((error: unknown) => console.error("Closing the idle PDF browser failed:", error));
    }, this.options.idleCloseMs);
    // An idle browser must not keep the process (or a test run) alive.
    this.idleTimer.unref();
  }

  private cancelIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
