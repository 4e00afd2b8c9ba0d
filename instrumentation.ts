// Runs once when the Next.js server starts: validate config, open the database (which applies
// pending migrations), start the simulator in simulator mode, and start the collection schedule.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { refuseInvalidConfig } = await import("@/lib/startup-check");
  refuseInvalidConfig();
  const { getAppContext } = await import("@/lib/app-context");
  const { startSchedule } = await import("@/lib/collector/scheduler");
  const app = await getAppContext();
  console.log(
    `[imds] ${app.aws.mode === "simulator" ? `simulated AWS at ${app.aws.endpoint}` : "real AWS"}; ` +
      `database: ${app.config.DATABASE_URL ? "PostgreSQL" : `embedded PGlite in ${app.config.PGLITE_DIR}`}`,
  );
  const { startDeliveryLoop } = await import("@/lib/alerts/deliver");
  const { DEFAULT_ALERT_SETTINGS } = await import("@/lib/alerts/settings");
  // Webhook retries (first attempts happen right after each run's alert evaluation).
  startDeliveryLoop(app.db, app.alerts ?? DEFAULT_ALERT_SETTINGS);
  startSchedule(app, {
    intervalMinutes: app.config.COLLECT_INTERVAL_MINUTES,
    collectOnStart: app.config.COLLECT_ON_START,
  });
}
