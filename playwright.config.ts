import { defineConfig, devices } from "@playwright/test";
import { E2E_FLEET } from "./e2e/fleet";
import {
  FUZZ_PORT,
  FUZZ_URL,
  LOCAL_PORT,
  OIDC_APP_PORT,
  OIDC_APP_URL,
  OIDC_CLIENT,
  OIDC_ISSUER,
  OIDC_PROVIDER_PORT,
} from "./e2e/oidc";
import { CHROMIUM_ARGS, findChromium } from "./scripts/find-chromium.mjs";

// e2e runs the production build (`next build && next start`) against the simulator, in a fresh
// embedded database per run so every run starts from "never collected".
const PORT = LOCAL_PORT;
const baseURL = `http://127.0.0.1:${PORT}`;

// The config is also evaluated in each worker; the env var keeps one directory for the whole run.
const pgliteDir = (process.env.E2E_PGLITE_DIR ??= `.data/e2e-${Date.now()}-${process.pid}`);

// Specs that need sign-in run in the "oidc" project only.
const OIDC_SPECS = /(sign-in|oidc-changes|reports)\.spec\.ts$/;
const FIRST_SPEC = /home\.spec\.ts$/;
// The fuzz spec has a server of its own (generated requests change things as the admin).
const FUZZ_SPEC = /fuzz\.spec\.ts$/;

const chromium = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1024, height: 900 },
  launchOptions: {
    // Throws "Chromium not found: install it with ..." when there is none: a failure, not a skip.
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
  },
};

// Both servers run the simulator in a fresh embedded database; empty means unset (lib/env.ts), so
// a developer's shell or .env cannot point e2e at their database, an external simulator, a
// narrower set of accounts and regions, or their own sign-in settings.
const serverEnv = (dataDir: string, port: number) => ({
  AWS_MODE: "simulator",
  // The host check serves loopback names on PORT only (local mode): it must be the port we start on.
  PORT: String(port),
  // The SDK versions are pinned (see README); its Node 22 notice would only clutter test logs.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  DATABASE_URL: "",
  SIMULATOR_ENDPOINT: "",
  AWS_REGIONS: "",
  AWS_ACCOUNT_IDS: "",
  AWS_USE_ORGANIZATIONS: "",
  PGLITE_DIR: dataDir,
  SIMULATOR_INSTANCES: String(E2E_FLEET.instances),
  SIMULATOR_SEED: String(E2E_FLEET.seed),
  SIMULATOR_ACCOUNTS: String(E2E_FLEET.accounts),
  SIMULATOR_REGIONS: String(E2E_FLEET.regions),
  COLLECT_ON_START: "false",
  COLLECT_INTERVAL_MINUTES: "0",
  // The one-click alarm needs a topic; the simulator accepts any well-formed SNS ARN.
  ALARM_SNS_TOPIC_ARN: "arn:aws:sns:{region}:{accountId}:imds-alerts",
  OIDC_ISSUER_URL: "",
  OIDC_CLIENT_ID: "",
  OIDC_CLIENT_SECRET: "",
  AUTH_SECRET: "",
  PUBLIC_URL: "",
  OIDC_SCOPES: "",
  OIDC_GROUPS_CLAIM: "",
  ROLE_ADMIN_GROUPS: "",
  ROLE_OPERATOR_GROUPS: "",
  ROLE_ADMIN_EMAILS: "",
  ROLE_OPERATOR_EMAILS: "",
});

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
    // Local mode (no sign-in): every spec but the sign-in ones.
    // The overview's empty state needs the database before any collection: that spec runs first.
    { name: "empty-start", testMatch: FIRST_SPEC, use: chromium },
    { name: "chromium", testIgnore: [OIDC_SPECS, FIRST_SPEC, FUZZ_SPEC], dependencies: ["empty-start"], use: chromium },
    { name: "fuzz", testMatch: FUZZ_SPEC, use: { ...chromium, baseURL: FUZZ_URL } },
    // Sign-in through a real OIDC provider against a second server configured for it.
    { name: "oidc", testMatch: OIDC_SPECS, use: { ...chromium, baseURL: OIDC_APP_URL } },
  ],
  webServer: [
    {
      command: `npm run build && npx next start -H 127.0.0.1 -p ${PORT}`,
      url: `${baseURL}/api/status`,
      // Specs expect an empty database, so a running server is reused only on request (never in CI).
      reuseExistingServer: !process.env.CI && process.env.E2E_REUSE_SERVER === "1",
      timeout: 600_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: serverEnv(pgliteDir, PORT),
    },
    {
      command: "npx tsx e2e/oidc-provider.ts",
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      timeout: 30_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: { E2E_OIDC_PROVIDER_PORT: String(OIDC_PROVIDER_PORT), E2E_OIDC_APP_PORT: String(OIDC_APP_PORT) },
    },
    {
      // Started after the first server's build (web servers start in order), so it only starts.
      command: `npx next start -H 127.0.0.1 -p ${OIDC_APP_PORT}`,
      url: `${OIDC_APP_URL}/sign-in`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: {
        ...serverEnv(`${pgliteDir}-oidc`, OIDC_APP_PORT),
        OIDC_ISSUER_URL: OIDC_ISSUER,
        OIDC_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        AUTH_SECRET: "e2e-auth-secret-not-for-production-0123456789",
        PUBLIC_URL: OIDC_APP_URL,
        ROLE_ADMIN_GROUPS: "imds-admins",
        ROLE_OPERATOR_GROUPS: "imds-operators",
      },
    },
    {
      // Local mode, its own database; collects on start so generated ids can meet real rows.
      command: `npx next start -H 127.0.0.1 -p ${FUZZ_PORT}`,
      url: `${FUZZ_URL}/api/status`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: { ...serverEnv(`${pgliteDir}-fuzz`, FUZZ_PORT), COLLECT_ON_START: "true" },
    },
  ],
});
