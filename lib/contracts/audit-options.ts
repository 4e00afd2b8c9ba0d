// Shared with the browser (the audit page's URL parsers): no database imports here.
export const AUDIT_ACTIONS = [
  "region-defaults.set",
  "region-defaults.undo",
  "instance-metadata.enforce",
  "instance-metadata.rollback",
  "cloudwatch-alarm.create",
  "cloudwatch-alarm.delete",
  "alert.acknowledge",
  "webhook.create",
  "webhook.delete",
  "guard-waiver.create",
  "guard-waiver.revoke",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_STATUSES = ["requested", "succeeded", "failed"] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];
