import type { Database } from "@/lib/db/conn/client";
import type { Actor } from "@/lib/core/actor";

/** What a report action needs: the database, who asks, where the data came from, and a clock. */
export interface ReportContext {
  db: Database;
  actor: Actor;
  /** "Simulated AWS" or the AWS account ids, as the header says it. */
  source: string;
  /** The readiness window instance rows are judged with (the collector's setting). */
  readinessWindowDays: number;
  now?: () => number;
}
