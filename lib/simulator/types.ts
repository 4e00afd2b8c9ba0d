export type HttpTokens = "optional" | "required";
export type EnabledState = "enabled" | "disabled";
export type MetricName = "MetadataNoToken" | "MetadataNoTokenRejected";
export const METRIC_NAMES: readonly MetricName[] = ["MetadataNoToken", "MetadataNoTokenRejected"];

export type InstanceStateName = "pending" | "running" | "stopping" | "stopped";

export interface Tag {
  key: string;
  value: string;
}

export interface MetadataOptions {
  httpTokens: HttpTokens;
  httpPutResponseHopLimit: number;
  httpEndpoint: EnabledState;
  httpProtocolIpv6: EnabledState;
  instanceMetadataTags: EnabledState;
}

export interface AccountRecord {
  id: string;
  name: string;
  email: string;
  state: "ACTIVE" | "SUSPENDED";
  /** ms since epoch */
  joinedTimestamp: number;
  joinedMethod: "CREATED" | "INVITED";
  /** The one account that owns the organization (accounts[0]). */
  isManagement: boolean;
}

/** Account-level IMDS defaults of one account-region; absent fields were never set. */
export interface RegionalDefaults {
  httpTokens?: HttpTokens;
  httpPutResponseHopLimit?: number;
  httpEndpoint?: EnabledState;
  instanceMetadataTags?: EnabledState;
  httpTokensEnforced?: EnabledState;
  managedBy?: "account" | "declarative-policy";
  managedExceptionMessage?: string;
}

export interface ImageRecord {
  imageId: string;
  name: string;
  ownerId: string;
  /** ISO 8601 */
  creationDate: string;
  imdsSupport?: "v2.0";
  architecture: "x86_64" | "arm64";
  description: string;
}

export interface LaunchTemplateMetadataOptions {
  httpTokens?: HttpTokens;
  httpPutResponseHopLimit?: number;
  httpEndpoint?: EnabledState;
}

export interface LaunchTemplateVersionRecord {
  versionNumber: number;
  /** ms since epoch */
  createTime: number;
  description: string;
  imageId: string;
  instanceType: string;
  metadataOptions?: LaunchTemplateMetadataOptions;
}

export interface LaunchTemplateRecord {
  launchTemplateId: string;
  launchTemplateName: string;
  /** ms since epoch */
  createTime: number;
  defaultVersion: number;
  versions: LaunchTemplateVersionRecord[];
}

/** What DescribeInstances shows for one instance at a given time. */
export interface InstanceView {
  instanceId: string;
  reservationId: string;
  ownerId: string;
  imageId: string;
  instanceType: string;
  state: InstanceStateName;
  stateCode: number;
  stateTransitionReason: string;
  /** ms since epoch */
  launchTime: number;
  availabilityZone: string;
  privateIpAddress: string;
  tags: Tag[];
  metadataOptions: MetadataOptions & { state: "pending" | "applied" };
}

/** A CloudWatch metric alarm as PutMetricAlarm stored it (times in ms since epoch). */
export interface MetricAlarmRecord {
  alarmName: string;
  alarmArn: string;
  alarmDescription?: string;
  configurationUpdatedAt: number;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  stateValue: "OK" | "ALARM" | "INSUFFICIENT_DATA";
  stateReason: string;
  stateUpdatedAt: number;
  metricName: string;
  namespace: string;
  statistic?: string;
  extendedStatistic?: string;
  dimensions: { name: string; value: string }[];
  period: number;
  unit?: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparisonOperator: string;
  treatMissingData?: string;
  evaluateLowSampleCountPercentile?: string;
}
