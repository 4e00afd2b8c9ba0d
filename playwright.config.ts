import { defineConfig, devices } from "@playwright/test";
import { E2E_FLEET } from "./e2e/fleet";
import { findChromium } from "./scripts/find-chromium.mjs";

// e2e runs the production build (`next build && next start`) against the simulator, in a fresh
// embedded database per run so every run starts from "never collected".
const PORT = 3100;
const baseURL = `http://127.0.0.1:${PORT}`;

// The config is also evaluated in each worker; the env var keeps one directory for the whole run.
const pgliteDir = (process.env.E2E_PGLITE_DIR ??= `.data/e2e-${Date.now()}-${process.pid}`);

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  outputDir: "test-results",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  use: {
    baseURL,
    viewport: { width: 1024, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    acceptDownloads: true,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1024, height: 900 },
        launchOptions: {
          // Throws "Chromium not found: install it with ..." when there is none: a failure, not a skip.
          executablePath: findChromium(),
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npm run build && npx next start -H 127.0.0.1 -p ${PORT}`,
    url: `${baseURL}/api/status`,
    // Specs expect an empty database, so a running server is reused only on request (never in CI).
    reuseExistingServer: !process.env.CI && process.env.E2E_REUSE_SERVER === "1",
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: {
      AWS_MODE: "simulator",
      // The SDK versions are pinned (see README); its Node 22 notice would only clutter test logs.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // Empty means unset (lib/env.ts): a developer's shell or .env must not point e2e at their
      // database, an external simulator, or a narrower set of accounts and regions.
      DATABASE_URL: "",
      SIMULATOR_ENDPOINT: "",
      AWS_REGIONS: "",
      AWS_ACCOUNT_IDS: "",
      AWS_USE_ORGANIZATIONS: "",
      PGLITE_DIR: pgliteDir,
      SIMULATOR_INSTANCES: String(E2E_FLEET.instances),
      SIMULATOR_SEED: String(E2E_FLEET.seed),
      SIMULATOR_ACCOUNTS: String(E2E_FLEET.accounts),
      SIMULATOR_REGIONS: String(E2E_FLEET.regions),
      COLLECT_ON_START: "false",
      COLLECT_INTERVAL_MINUTES: "0",
    },
  },
});
