import type { AwsContext } from "@/lib/aws/context";
import type { AuditRecord } from "@/lib/db/audit";
import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/http/actor";
import type { Pacer } from "./pacer";

/** What a change needs: the database, AWS, who asks, and seams for tests. */
export interface ChangeContext {
  db: Database;
  aws: AwsContext;
  /** Role assumed in accounts other than the caller's (the collector's AWS_ASSUME_ROLE_NAME). */
  assumeRoleName: string;
  actor: Actor;
  now?: () => number;
  /** Default: the process-wide ModifyInstanceMetadataDefaults pacer. */
  pacer?: Pacer;
  /** Account-regions changed at once (each has its own AWS bucket). Default 4. */
  concurrency?: number;
  hooks?: {
    /**
     * Runs after a cell's audit row is written and before its first AWS call. A throw here
     * aborts the request as a dying process would: tests use it to leave a "requested" row.
     */
    afterAuditWrite?: (entry: AuditRecord) => Promise<void>;
  };
}
