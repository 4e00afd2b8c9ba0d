// The fleet model: accounts, account-regions ("cells") with instances, AMIs, launch templates and
// IMDS defaults, plus the ground-truth accessors tests use to check what the API returns.
import { SimError } from "./errors";
import { generateAccounts, generateCells, instanceIndexOf, type Cell, type GenerateOptions } from "./generate";
import { MINUTE_MS, stateAt, viewOf, type SimInstance } from "./instance";
import { metricSum, bucketRange, bucketValue, type SeriesWindow } from "./metrics";
import { DEFAULT_FLEET_REGIONS, NOT_OPTED_IN_REGIONS, simulatorRegions } from "./regions";
import { httpTokensAt, metricMinutes, truthOf, type InstanceTruth } from "./timeline";
import type {
  AccountRecord,
  EnabledState,
  HttpTokens,
  ImageRecord,
  InstanceView,
  LaunchTemplateRecord,
  MetadataOptions,
  MetricAlarmRecord,
  MetricName,
  RegionalDefaults,
} from "./types";

export interface FleetOptions {
  seed?: number;
  instances?: number;
  /** Active accounts; accounts[0] is the management account. */
  accounts?: number;
  /** Region names, or a count taking the first N of FLEET_REGION_NAMES. */
  regions?: readonly string[] | number;
  historyDays?: number;
  /** Generation anchor (ms): launch times, switches and stops are placed relative to it. */
  now?: number;
  /** Add one SUSPENDED account (in Organizations, no instances). Default true. */
  suspendedAccount?: boolean;
  /** The simulator's current time; defaults to the wall clock. */
  clock?: () => number;
}

export interface FleetCounts {
  accounts: number;
  activeAccounts: number;
  regions: number;
  instances: number;
  byState: Record<string, number>;
  byHttpTokens: Record<HttpTokens, number>;
  byCategory: Record<string, number>;
  byCell: { accountId: string; region: string; instances: number }[];
}

export interface MetadataOptionsChange {
  httpTokens?: HttpTokens;
  httpPutResponseHopLimit?: number;
  httpEndpoint?: EnabledState;
  httpProtocolIpv6?: EnabledState;
  instanceMetadataTags?: EnabledState;
}

/** ModifyInstanceMetadataDefaults input: "no-preference" / -1 clear a setting. */
export interface DefaultsChange {
  httpTokens?: HttpTokens | "no-preference";
  httpPutResponseHopLimit?: number;
  httpEndpoint?: EnabledState | "no-preference";
  instanceMetadataTags?: EnabledState | "no-preference";
  httpTokensEnforced?: EnabledState | "no-preference";
}

/** How long a ModifyInstanceMetadataOptions change shows `pending` before `applied` (ms). */
export const DEFAULT_METADATA_APPLY_DELAY_MS = 1_000;

export function resolveRegions(regions: FleetOptions["regions"]): string[] {
  if (regions === undefined) return [...DEFAULT_FLEET_REGIONS];
  if (typeof regions === "number") return simulatorRegions(regions);
  if (regions.length === 0) throw new RangeError("regions must not be empty");
  const bad = regions.find((r) => NOT_OPTED_IN_REGIONS.includes(r) || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
  if (bad !== undefined)
    throw new RangeError(`region ${JSON.stringify(bad)} cannot hold a fleet (unknown or not opted in)`);
  if (new Set(regions).size !== regions.length) throw new RangeError("regions must not repeat");
  return [...regions];
}

const cellKey = (accountId: string, region: string) => `${accountId}/${region}`;

export class Fleet {
  readonly seed: number;
  readonly historyDays: number;
  /** The generation anchor (ms). */
  readonly generatedAt: number;
  readonly accounts: readonly AccountRecord[];
  readonly regions: readonly string[];
  clock: () => number;
  /** Delay before a metadata change reads `applied`; the server sets it from its knobs. */
  metadataApplyDelayMs = DEFAULT_METADATA_APPLY_DELAY_MS;
  private readonly cells = new Map<string, Cell>();
  /** Instances by generation index; ids encode their index, so no id -> instance map is needed. */
  private readonly byIndex: SimInstance[] = [];
  /** CloudWatch metric alarms per account-region, by name. */
  private readonly alarms = new Map<string, Map<string, MetricAlarmRecord>>();

  constructor(opts: FleetOptions = {}) {
    const clock = opts.clock ?? (() => Date.now());
    const o: GenerateOptions = {
      seed: opts.seed ?? 1,
      instances: opts.instances ?? 2000,
      accounts: opts.accounts ?? 3,
      regions: resolveRegions(opts.regions),
      historyDays: opts.historyDays ?? 120,
      // Floored to the minute so fleets built moments apart (server and test) are identical.
      now: opts.now ?? Math.floor(clock() / MINUTE_MS) * MINUTE_MS,
      suspendedAccount: opts.suspendedAccount ?? true,
    };
    if (!Number.isInteger(o.seed)) throw new RangeError("seed must be an integer");
    if (!Number.isInteger(o.instances) || o.instances < 0)
      throw new RangeError("instances must be a non-negative integer");
    if (!Number.isInteger(o.accounts) || o.accounts < 1) throw new RangeError("accounts must be a positive integer");
    if (!(o.historyDays >= 1 && o.historyDays <= 400)) throw new RangeError("historyDays must be between 1 and 400");
    this.seed = o.seed;
    this.historyDays = o.historyDays;
    this.generatedAt = o.now;
    this.clock = clock;
    this.regions = o.regions;
    this.accounts = generateAccounts(o);
    for (const cell of generateCells(o, this.accounts)) {
      this.cells.set(cellKey(cell.accountId, cell.region), cell);
      for (const inst of cell.instances) this.byIndex.push(inst);
    }
  }

  get managementAccount(): AccountRecord {
    const first = this.accounts[0];
    if (!first) throw new Error("a fleet always has a management account");
    return first;
  }

  /** Accounts that hold resources and accept requests (not SUSPENDED). */
  activeAccounts(): AccountRecord[] {
    return this.accounts.filter((a) => a.state === "ACTIVE");
  }

  findAccount(accountId: string): AccountRecord | undefined {
    return this.accounts.find((a) => a.id === accountId);
  }

  /** The account-region's resources; regions outside the fleet (or other ids) hold nothing. */
  cell(accountId: string, region: string): Cell {
    return (
      this.cells.get(cellKey(accountId, region)) ?? {
        accountId,
        region,
        instances: [],
        images: [],
        launchTemplates: [],
        defaults: {},
      }
    );
  }

  /** Like cell(), but keeps a new empty cell so a change to its defaults persists. */
  private ensureCell(accountId: string, region: string): Cell {
    const key = cellKey(accountId, region);
    let cell = this.cells.get(key);
    if (!cell) {
      cell = this.cell(accountId, region);
      this.cells.set(key, cell);
    }
    return cell;
  }

  findInstance(instanceId: string): SimInstance | undefined {
    const index = instanceIndexOf(this.seed, instanceId);
    return index === null ? undefined : this.byIndex[index];
  }

  /** Exactly what DescribeInstances shows for the account-region (at `at`, default now). */
  listInstances(accountId: string, region: string, at = this.clock()): InstanceView[] {
    return this.cell(accountId, region).instances.map((inst) => viewOf(inst, at));
  }

  getRegionalDefaults(accountId: string, region: string): RegionalDefaults {
    return { ...this.cell(accountId, region).defaults };
  }

  listImages(accountId: string, region: string): ImageRecord[] {
    return this.cell(accountId, region).images.map((i) => ({ ...i }));
  }

  listLaunchTemplates(accountId: string, region: string): LaunchTemplateRecord[] {
    return structuredClone(this.cell(accountId, region).launchTemplates);
  }

  /** The instance's migration story (category, switch time, until when it calls IMDSv1). */
  instanceTruth(instanceId: string, at = this.clock()): InstanceTruth {
    return truthOf(this.requireInstance(instanceId), at);
  }

  /** Ground truth: the metric's Sum over [startMs, endMs) (clipped to now), null if no data. */
  metricSum(instanceId: string, metric: MetricName, startMs: number, endMs: number, now = this.clock()): number | null {
    return metricSum({ inst: this.requireInstance(instanceId), metric }, startMs, endMs, now);
  }

  /** Ground truth: datapoints (ascending) as GetMetricData returns them for this period. */
  metricSeries(
    instanceId: string,
    metric: MetricName,
    startMs: number,
    endMs: number,
    periodSec: number,
    now = this.clock(),
  ): { timestamps: number[]; values: number[] } {
    const inst = this.requireInstance(instanceId);
    const w: SeriesWindow = {
      startMin: Math.floor(startMs / MINUTE_MS),
      endMin: Math.ceil(endMs / MINUTE_MS),
      periodMin: periodSec / 60,
      nowMin: Math.floor(now / MINUTE_MS),
    };
    const out = { timestamps: [] as number[], values: [] as number[] };
    const range = bucketRange(inst, w);
    if (!range) return out;
    const intervals = metricMinutes(inst, metric);
    for (let k = range.kLo; k <= range.kHi; k++) {
      out.timestamps.push((w.startMin + k * w.periodMin) * MINUTE_MS);
      out.values.push(bucketValue({ inst, metric }, intervals, w, k));
    }
    return out;
  }

  counts(at = this.clock()): FleetCounts {
    const byState: Record<string, number> = {};
    const byHttpTokens: Record<HttpTokens, number> = { optional: 0, required: 0 };
    const byCategory: Record<string, number> = {};
    const byCell: FleetCounts["byCell"] = [];
    let instances = 0;
    for (const account of this.activeAccounts()) {
      for (const region of this.regions) {
        const cell = this.cell(account.id, region);
        byCell.push({ accountId: cell.accountId, region: cell.region, instances: cell.instances.length });
        for (const inst of cell.instances) {
          instances++;
          const state = stateAt(inst, at);
          byState[state] = (byState[state] ?? 0) + 1;
          byHttpTokens[inst.metadata.httpTokens]++;
          const category = truthOf(inst, at).category;
          byCategory[category] = (byCategory[category] ?? 0) + 1;
        }
      }
    }
    return {
      accounts: this.accounts.length,
      activeAccounts: this.activeAccounts().length,
      regions: this.regions.length,
      instances,
      byState,
      byHttpTokens,
      byCategory,
      byCell,
    };
  }

  // ---- mutations (called by the EC2 handlers; also usable directly in tests) ----

  /**
   * Applies a ModifyInstanceMetadataOptions request. The new HttpTokens takes effect for metrics
   * from the next whole minute (so already-reported minutes never change); describe shows
   * `pending` for metadataApplyDelayMs, then `applied`.
   */
  modifyInstanceMetadataOptions(inst: SimInstance, change: MetadataOptionsChange, at = this.clock()): MetadataOptions {
    this.assertMetadataOptionsAllowed(inst, change);
    const next: MetadataOptions = { ...inst.metadata };
    if (change.httpTokens !== undefined) next.httpTokens = change.httpTokens;
    if (change.httpPutResponseHopLimit !== undefined) next.httpPutResponseHopLimit = change.httpPutResponseHopLimit;
    if (change.httpEndpoint !== undefined) next.httpEndpoint = change.httpEndpoint;
    if (change.httpProtocolIpv6 !== undefined) next.httpProtocolIpv6 = change.httpProtocolIpv6;
    if (change.instanceMetadataTags !== undefined) next.instanceMetadataTags = change.instanceMetadataTags;
    inst.metadata = next;
    inst.metadataPendingUntil = at + this.metadataApplyDelayMs;
    if (next.httpTokens !== httpTokensAt(inst, Infinity)) {
      const effective = Math.ceil(at / MINUTE_MS) * MINUTE_MS;
      const kept = inst.tokenChanges.filter((c, i) => i === 0 || c.at < effective);
      kept.push({ at: Math.max(effective, inst.launchTime), httpTokens: next.httpTokens });
      inst.tokenChanges = kept;
    }
    return { ...next };
  }

  /** Throws what ModifyInstanceMetadataOptions would refuse (HttpTokensEnforced forbids optional). */
  assertMetadataOptionsAllowed(inst: SimInstance, change: MetadataOptionsChange): void {
    const defaults = this.cell(inst.accountId, inst.region).defaults;
    if (change.httpTokens === "optional" && defaults.httpTokensEnforced === "enabled") {
      throw new SimError(
        "OperationNotPermitted",
        `HttpTokensEnforced is enabled for account ${inst.accountId} in ${inst.region}: ` +
          `${inst.instanceId} cannot be set to HttpTokens=optional (IMDSv1). Disable HttpTokensEnforced first.`,
      );
    }
  }

  /** Applies ModifyInstanceMetadataDefaults; refused where a declarative policy manages IMDS. */
  modifyInstanceMetadataDefaults(accountId: string, region: string, change: DefaultsChange, dryRun = false): void {
    const cell = this.ensureCell(accountId, region);
    if (cell.defaults.managedBy === "declarative-policy") {
      throw new SimError(
        "OperationNotPermitted",
        `The IMDS defaults of account ${accountId} in ${region} are managed by a declarative policy and ` +
          `cannot be changed by the account. ${cell.defaults.managedExceptionMessage ?? ""}`.trim(),
      );
    }
    if (dryRun) return;
    const d: RegionalDefaults = { ...cell.defaults };
    const set = <K extends "httpTokens" | "httpEndpoint" | "instanceMetadataTags" | "httpTokensEnforced">(
      key: K,
      value: RegionalDefaults[K] | "no-preference" | undefined,
    ) => {
      if (value === undefined) return;
      if (value === "no-preference") delete d[key];
      else d[key] = value;
    };
    set("httpTokens", change.httpTokens);
    set("httpEndpoint", change.httpEndpoint);
    set("instanceMetadataTags", change.instanceMetadataTags);
    set("httpTokensEnforced", change.httpTokensEnforced);
    if (change.httpPutResponseHopLimit !== undefined) {
      if (change.httpPutResponseHopLimit === -1) delete d.httpPutResponseHopLimit;
      else d.httpPutResponseHopLimit = change.httpPutResponseHopLimit;
    }
    const hasSetting =
      d.httpTokens !== undefined ||
      d.httpEndpoint !== undefined ||
      d.instanceMetadataTags !== undefined ||
      d.httpTokensEnforced !== undefined ||
      d.httpPutResponseHopLimit !== undefined;
    if (hasSetting) d.managedBy = "account";
    else delete d.managedBy;
    cell.defaults = d;
  }

  /** PutMetricAlarm: creates the alarm or replaces its configuration (same name). */
  putMetricAlarm(accountId: string, region: string, alarm: MetricAlarmRecord): void {
    const key = cellKey(accountId, region);
    let byName = this.alarms.get(key);
    if (!byName) {
      byName = new Map();
      this.alarms.set(key, byName);
    }
    byName.set(alarm.alarmName, structuredClone(alarm));
  }

  findMetricAlarm(accountId: string, region: string, name: string): MetricAlarmRecord | undefined {
    const alarm = this.alarms.get(cellKey(accountId, region))?.get(name);
    return alarm ? structuredClone(alarm) : undefined;
  }

  /** DeleteAlarms: removes the named alarms that exist; returns how many were removed. */
  deleteMetricAlarms(accountId: string, region: string, names: readonly string[]): number {
    const byName = this.alarms.get(cellKey(accountId, region));
    if (!byName) return 0;
    let removed = 0;
    for (const name of names) if (byName.delete(name)) removed++;
    return removed;
  }

  /** The account-region's metric alarms, by name (DescribeAlarms' order). */
  listMetricAlarms(accountId: string, region: string): MetricAlarmRecord[] {
    return [...(this.alarms.get(cellKey(accountId, region))?.values() ?? [])]
      .sort((a, b) => (a.alarmName < b.alarmName ? -1 : a.alarmName > b.alarmName ? 1 : 0))
      .map((alarm) => structuredClone(alarm));
  }

  private requireInstance(instanceId: string): SimInstance {
    const inst = this.findInstance(instanceId);
    if (!inst) throw new Error(`no instance ${instanceId} in the fleet`);
    return inst;
  }
}

export function createFleet(opts: FleetOptions = {}): Fleet {
  return new Fleet(opts);
}
