// Runs once when the Next.js server starts: validate config, open the database (which applies
// pending migrations), start the simulator in simulator mode, and start the collection schedule.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { refuseInvalidConfig } = await import("@/lib/startup-check");
  refuseInvalidConfig();
  const { getRuntime } = await import("@/lib/runtime");
  const { startSchedule } = await import("@/lib/collector/scheduler");
  const runtime = await getRuntime();
  console.log(
    `[imds] ${runtime.aws.mode === "simulator" ? `simulated AWS at ${runtime.aws.endpoint}` : "real AWS"}; ` +
      `database: ${runtime.config.DATABASE_URL ? "PostgreSQL" : `embedded PGlite in ${runtime.config.PGLITE_DIR}`}`,
  );
  const { startDeliveryLoop } = await import("@/lib/alerts/deliver");
  const { DEFAULT_ALERT_SETTINGS } = await import("@/lib/alerts/settings");
  // Webhook retries (first attempts happen right after each run's alert evaluation).
  startDeliveryLoop(runtime.collector.db, runtime.collector.alerts ?? DEFAULT_ALERT_SETTINGS);
  startSchedule(runtime.collector, {
    intervalMinutes: runtime.config.COLLECT_INTERVAL_MINUTES,
    collectOnStart: runtime.config.COLLECT_ON_START,
  });
}
