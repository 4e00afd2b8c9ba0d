import { getRun } from "@/lib/db/write/runs";
import { getAppContext } from "@/lib/app-context";
import { renderProgress } from "./progress-bar";
import { runCollection } from "./run-collection";

// `npm run collect`: one collection run with a progress bar, then exit (non-zero unless it succeeded).
async function main() {
  const app = await getAppContext();
  const tty = process.stderr.isTTY;
  console.error(`Collecting from ${app.aws.mode === "simulator" ? `the simulator at ${app.aws.endpoint}` : "AWS"}...`);
  try {
    const run = await runCollection(app, {
      trigger: "cli",
      onStarted: (started) => console.error(`Run #${started.id} started`),
      onProgress: (progress) => {
        const line = renderProgress(progress);
        if (tty) process.stderr.write(`\r${line}`);
        else console.error(line);
      },
    });
    if (tty) process.stderr.write("\n");
    console.log(
      `Run #${run.id} ${run.status}: ${run.instancesSeen} instances, ${run.metricPointsWritten} metric points, ` +
        `${run.unitsDone - run.unitsFailed}/${run.unitsTotal} account-regions ok${run.error ? ` (${run.error})` : ""}`,
    );
    for (const unit of (await getRun(app.db.prisma, run.id)).units.filter((u) => u.status === "failed")) {
      const what = unit.kind === "discovery" ? `listing the regions of ${unit.accountId} in` : unit.accountId;
      console.log(`  failed ${what} ${unit.region}: ${unit.errorCode} ${unit.errorMessage}`);
    }
    process.exitCode = run.status === "succeeded" ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
