import type { Database } from "@/lib/db/conn/client";
import type { Actor } from "@/lib/core/actor";
import type { ResolveHost } from "./webhook-target";

/** What an alert or webhook action needs: the database and who asks. */
export interface AlertActionContext {
  db: Database;
  actor: Actor;
  now?: () => number;
  /** How webhook host names are resolved (the system resolver unless a test plays DNS). */
  resolveHost?: ResolveHost;
}
