import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/http/actor";

/** What an alert or webhook action needs: the database and who asks. */
export interface AlertActionContext {
  db: Database;
  actor: Actor;
  now?: () => number;
}
