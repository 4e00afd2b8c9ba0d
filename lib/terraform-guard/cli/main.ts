import { constants as bufferLimits } from "node:buffer";
import { readFileSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { InputError } from "@/lib/terraform-guard/errors";
import { evaluateGuard, type GuardOptions } from "@/lib/terraform-guard/evaluate";
import { hclToModel } from "@/lib/terraform-guard/hcl-model";
import type { PlanModel } from "@/lib/terraform-guard/model";
import { parsePlanText } from "@/lib/terraform-guard/plan";
import { renderJsonReport } from "@/lib/terraform-guard/render-json";
import { renderSarifReport } from "@/lib/terraform-guard/render-sarif";
import { renderTextReport } from "@/lib/terraform-guard/render-text";
import { policySummary } from "@/lib/terraform-guard/summary";
import { parseWaiversFile } from "@/lib/terraform-guard/waivers-file";
import { parseArgs, USAGE, UsageError, type CliArgs } from "./args";
import { readHclDirectory } from "./read-hcl";

// `npx imds-guard plan.json`: exit 0 pass, 1 violations, 2 unreadable input or bad arguments.
// bin/imds-guard.mjs runs main(); importing this module runs nothing.

const ROOT = path.resolve(import.meta.dirname, "../../..");

// JSON.parse needs the whole text as one string, and V8 caps a string's length (about 512 MB on
// 64-bit Node): a plan beyond that is refused up front with a way out, never read halfway.
const MAX_TEXT_BYTES = bufferLimits.MAX_STRING_LENGTH;

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function tooLarge(source: string, bytes: number | null): InputError {
  return new InputError(
    source,
    null,
    `is larger than imds-guard can read (${bytes === null ? "over" : megabytes(bytes) + "; the limit is"} ${megabytes(MAX_TEXT_BYTES)} of JSON text, ` +
      "the JavaScript engine's longest string). The policies read planned_values, after_unknown and the provider " +
      "configuration only: shrink the plan first with jq -c '{format_version, planned_values, resource_changes: " +
      "[.resource_changes[]? | {address, change: {after_unknown: .change.after_unknown}}], configuration}'",
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    if (bytes > MAX_TEXT_BYTES) throw tooLarge("stdin", null);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readText(file: string): Promise<string> {
  const size = await stat(file).then(
    (info) => info.size,
    () => null,
  );
  if (size !== null && size > MAX_TEXT_BYTES) throw tooLarge(file, size);
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    if (code === "ERR_STRING_TOO_LONG" || code === "ERR_FS_FILE_TOO_LARGE") throw tooLarge(file, size);
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code;
    throw new InputError(file, null, `cannot be read (${why})`);
  }
}

async function readModel(input: string): Promise<PlanModel> {
  if (input === "-") return parsePlanText(await readStdin(), "stdin");
  const info = await stat(input).catch(() => null);
  if (info?.isDirectory()) return hclToModel(await readHclDirectory(input));
  return parsePlanText(await readText(input), input);
}

/** The dashboard's database, configured as the app's (DATABASE_URL or the embedded PGlite). */
async function withDatabase<T>(work: (db: import("@/lib/db/conn/types").Db) => Promise<T>): Promise<T> {
  const { createDatabase } = await import("@/lib/db/conn/client");
  const { env } = await import("@/lib/env");
  const config = env();
  const database = await createDatabase({
    url: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    log: () => undefined,
  });
  try {
    return await work(database.prisma);
  } finally {
    await database.close();
  }
}

async function options(args: CliArgs, model: PlanModel): Promise<GuardOptions> {
  const policies = args.policies ?? undefined;
  const waivers =
    args.waivers?.from === "file" ? parseWaiversFile(await readText(args.waivers.path), args.waivers.path) : [];
  if (!args.live && args.waivers?.from !== "db") return { policies, waivers };
  return withDatabase(async (db) => {
    const { loadGuardOptions } = await import("@/lib/db/read/guard-live-context");
    const loaded = await loadGuardOptions(db, {
      model,
      waivers: args.waivers?.from === "db" ? "db" : waivers,
      live: args.live,
      accountId: args.accountId,
    });
    return { policies, ...loaded };
  });
}

function version(): string {
  // safe because package.json is this project's own
  return (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    const parsed = parseArgs(argv);
    if (parsed === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    args = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`imds-guard: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const model = await readModel(args.input);
    const report = evaluateGuard(model, await options(args, model));
    const source = args.input === "-" ? "stdin" : args.input;
    const output =
      args.format === "json"
        ? renderJsonReport(report, source)
        : args.format === "sarif"
          ? renderSarifReport(report, source, version())
          : renderTextReport(report);
    if (args.output) await writeFile(args.output, output);
    else process.stdout.write(output);
    for (const note of report.notes) process.stderr.write(`imds-guard: note: ${note}\n`);
    // The summary is ours, so it goes to stderr: stdout stays exactly the trace / JSON / SARIF.
    for (const result of report.policies)
      process.stderr.write(`imds-guard: ${result.policy}: ${policySummary(result)}\n`);
    return report.pass ? 0 : 1;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
