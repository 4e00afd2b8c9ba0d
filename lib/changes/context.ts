import type { AwsContext } from "@/lib/aws/context";
import type { AuditRecord } from "@/lib/db/write/audit";
import type { Database } from "@/lib/db/conn/client";
import type { Actor } from "@/lib/core/actor";
import type { Pacer } from "./pacer";

/** What a change needs: the database, AWS, who asks, and seams for tests. */
export interface ChangeContext {
  db: Database;
  aws: AwsContext;
  /** Role assumed in accounts other than the caller's (the collector's AWS_ASSUME_ROLE_NAME). */
  assumeRoleName: string;
  actor: Actor;
  /** ALARM_SNS_TOPIC_ARN: the SNS topic (template) alarms notify; unset = alarms cannot be created. */
  alarmTopicTemplate?: string | null;
  now?: () => number;
  /** Default: the process-wide ModifyInstanceMetadataDefaults pacer. */
  pacer?: Pacer;
  /** Default: the process-wide ModifyInstanceMetadataOptions pacer. */
  optionsPacer?: Pacer;
  /** The readiness window instance rows are re-judged with after a change. Default 14. */
  readinessWindowDays?: number;
  /** Account-regions changed at once (each has its own AWS bucket). Default 4. */
  concurrency?: number;
  hooks?: {
    /**
     * Runs after a cell's (or an instance's) audit row is written and before its first AWS call. A throw here
     * aborts the request as a dying process would: tests use it to leave a "requested" row.
     */
    afterAuditWrite?: (entry: AuditRecord) => Promise<void>;
  };
}
