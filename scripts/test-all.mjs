// `npm test`: checks what the suites need, runs the linter and the type checker, the
// unit/integration suite (vitest) and the browser suite (Playwright) — all, even when one fails —
// and ends with one summary line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium } from "./find-chromium.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

function section(title) {
  console.log(`\n=== ${title} ===`);
}

/** Credentials never reach the log. */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

async function checkDatabase(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("select 1");
  } finally {
    await client.end().catch((error) => console.error(`  (closing the check connection failed: ${error.message})`));
  }
}

/** Debian packages the suites use: the browser, and the official non-JS AWS clients the simulator is checked with. */
function missingDebianPackages() {
  const missing = [];
  try {
    findChromium();
  } catch {
    missing.push("chromium");
  }
  for (const name of ["awscli", "python3-boto3"]) {
    if (spawnSync("dpkg", ["-s", name], { stdio: "ignore" }).status !== 0) missing.push(name);
  }
  return missing;
}

/** On a fresh machine, as root, install what is missing; anywhere else, say how. */
function installDebianPackages(missing) {
  const canInstall = process.getuid?.() === 0 && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!canInstall) return false;
  console.log(`  installing ${missing.join(", ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", ...missing]]) {
    if (spawnSync("apt-get", args, { stdio: ["ignore", "inherit", "inherit"], env }).status !== 0) return false;
  }
  return true;
}

async function checkPrerequisites() {
  section("Prerequisites");
  const problems = [];
  let missing = missingDebianPackages();
  if (missing.length > 0 && installDebianPackages(missing)) missing = missingDebianPackages();
  if (missing.length > 0) {
    problems.push(`missing Debian packages: install them with \`apt-get install -y ${missing.join(" ")}\``);
  } else {
    console.log(`  Chromium: ${findChromium()}; awscli and python3-boto3 installed`);
  }
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl && process.env.CI === "true") {
    problems.push(
      "CI=true but TEST_DATABASE_URL is not set: CI must run the PostgreSQL tests too (see .ci/run). " +
        "Set it to a local server, e.g. postgresql://app:app@127.0.0.1:5432/app.",
    );
  } else if (databaseUrl) {
    try {
      await checkDatabase(databaseUrl);
      console.log(`  TEST_DATABASE_URL: ${redact(databaseUrl)} accepts connections`);
    } catch (error) {
      problems.push(
        `TEST_DATABASE_URL is set (${redact(databaseUrl)}) but PostgreSQL cannot be reached: ${error.message}. ` +
          "Start it (e.g. `pg_ctlcluster 15 main start`) or unset TEST_DATABASE_URL to test against PGlite only.",
      );
    }
  } else {
    console.log(
      "  TEST_DATABASE_URL: not set, so database tests use the embedded PGlite only and the PostgreSQL-only tests are skipped " +
        "(set it to a local server to run them; CI always does)",
    );
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(`  ✗ ${problem}`);
    console.error("\nPrerequisites missing: no tests were run.");
    process.exit(2);
  }
}

function run(command, args, env) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...env },
  });
  if (result.error) {
    console.error(`Could not start ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

/** Counts from vitest's JSON report; a file that failed to load counts as one failure. */
function vitestCounts(report) {
  let failed = report.numFailedTests ?? 0;
  for (const file of report.testResults ?? []) {
    if (file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed"))
      failed += 1;
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** Counts from Playwright's JSON report; errors outside tests (web server, config) count too. */
function playwrightCounts(report) {
  const stats = report.stats ?? {};
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: (stats.unexpected ?? 0) + (report.errors?.length ?? 0),
    skipped: stats.skipped ?? 0,
  };
}

function suite(name, command, args, env, reportPath, count) {
  section(name);
  const code = run(command, args, env);
  const report = readJson(reportPath);
  let counts = report ? count(report) : { passed: 0, failed: 0, skipped: 0 };
  // A runner that failed without reporting a failed test (crash, config error) still fails the total.
  if (code !== 0 && counts.failed === 0) {
    console.error(`${name} exited with code ${code}${report ? "" : " without writing a report"}.`);
    counts = { ...counts, failed: 1 };
  }
  console.log(
    `${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`,
  );
  return { code, ...counts };
}

await checkPrerequisites();

/** A check that passes or fails as a whole (its own output says what is wrong). */
function check(name, command, args) {
  section(name);
  const code = run(command, args, {});
  console.log(`${name}: ${code === 0 ? "passed" : "FAILED"}`);
  return { code, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
}

const reports = mkdtempSync(join(tmpdir(), "test-all-"));
const results = [
  // The layer rules and the types first: a violation fails the run even when every test passes.
  check("Lint: the layer rules and Next.js's rules (eslint)", "npx", ["eslint", "--max-warnings=0", "."]),
  check("Types (tsc --noEmit)", "npx", ["tsc", "--noEmit", "-p", "."]),
  suite(
    "Unit and integration tests (vitest)",
    "npx",
    // The JSON reporter goes first so the counts are written even if the console reporter fails.
    ["vitest", "run", "--reporter=json", "--reporter=default", `--outputFile.json=${join(reports, "vitest.json")}`],
    {},
    join(reports, "vitest.json"),
    vitestCounts,
  ),
  suite(
    "Browser tests (Playwright)",
    "npx",
    ["playwright", "test", "--reporter=list,json"],
    { PLAYWRIGHT_JSON_OUTPUT_FILE: join(reports, "playwright.json") },
    join(reports, "playwright.json"),
    playwrightCounts,
  ),
];
rmSync(reports, { recursive: true, force: true });

const total = results.reduce(
  (sum, result) => ({
    passed: sum.passed + result.passed,
    failed: sum.failed + result.failed,
    skipped: sum.skipped + result.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
section("Summary");
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(results.some((result) => result.code !== 0) || total.failed > 0 ? 1 : 0);
