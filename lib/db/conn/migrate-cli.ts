// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded PGlite in
// PGLITE_DIR (which must not be open in a running app: PGlite is single-process).
import { env } from "@/lib/env";
import { createDatabase } from "./client";

async function main(): Promise<void> {
  const config = env();
  const target = config.DATABASE_URL
    ? `PostgreSQL at ${new URL(config.DATABASE_URL).host}`
    : `PGlite in ${config.PGLITE_DIR}`;
  console.log(`Migrating ${target}`);
  const database = await createDatabase({
    url: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    log: (message) => console.log(`  ${message}`),
  });
  try {
    const result = database.migrations;
    if (result === null) throw new Error("createDatabase did not migrate");
    if (result.applied.length === 0) {
      console.log(`No pending migrations; ${result.alreadyApplied.length} already applied.`);
    } else {
      console.log(`Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`);
    }
    if (result.unknownApplied.length > 0) {
      console.warn(
        `The database has migrations this checkout does not know (a newer release ran here): ${result.unknownApplied.join(", ")}`,
      );
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `Migration failed: ${error.message}` : error);
  if (error instanceof Error && error.cause !== undefined) console.error("Cause:", error.cause);
  process.exitCode = 1;
});
