import type { Db } from "@/lib/db/conn/types";
import type { Actor } from "@/lib/core/actor";

/** What a waiver action needs: the database and who asks (and a clock, for tests). */
export interface WaiverContext {
  db: Db;
  actor: Actor;
  now?: () => number;
}
