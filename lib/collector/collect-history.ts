// Progress history from before the first collection: CloudTrail's 90-day event history of
// launches, ModifyInstanceMetadataOptions calls and terminations, replayed against what the
// collector has observed, gives each instance's HttpTokens on every past day.
//
// CloudTrail records the value a call set, never the value before it. Rules used to fill that in:
// - Before a change event, the instance had the value of the latest earlier point (event or
//   collector observation). With no earlier point, the change is taken to be a switch (the other
//   value); such a row keeps previous_http_tokens null, since nothing recorded it.
// - A launch that named no HttpTokens had the value the next point implies: the value before the
//   next change (as above), or the next observation, or the current setting if nothing follows.
// - A change event that names no HttpTokens (e.g. hop limit only) left the value as it was.
// Instances the collector never saw (terminated before the first collection) are not counted.
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { lookupImdsEvents, type ImdsEvent } from "@/lib/aws/cloudtrail";
import type { Database } from "@/lib/db/conn/client";
import {
  findFirstObservedDay,
  findHistoryKnownThrough,
  listHistoryInstances,
  listSettingsChanges,
  saveCloudTrailChanges,
  saveReconstructedDays,
  setHistoryKnownThrough,
  type CloudTrailChange,
  type HistoryInstance,
  type ReconstructedDay,
  type StoredSettingsChange,
} from "@/lib/db/write/history";
import { ALL_TEAMS, UNTAGGED_TEAM } from "@/lib/db/write/rollups";
import { collectedDataTransaction } from "@/lib/db/conn/write-transaction";
import { DAY_MS, floorDay } from "@/lib/domain/time";

/** CloudTrail typically shows an event within 5 minutes, rarely later; each read overlaps the last this much. */
export const DELIVERY_MARGIN_MS = 30 * 60_000;

/** One thing known about an instance's HttpTokens at a moment. */
export interface SettingsPoint {
  at: number;
  kind: "launch" | "change" | "observed";
  /** The value from this point on (null: the record does not say). */
  value: string | null;
  /** The value just before, when something recorded it. */
  previous: string | null;
  eventId: string | null;
}

export interface ResolvedPoint extends SettingsPoint {
  /** The value from this point on, filled in by the rules above. */
  resolved: string;
  /** The value just before, when known from a record or an earlier point. */
  resolvedPrevious: string | null;
}

const otherValue = (v: string) => (v === "required" ? "optional" : "required");

/** The value before a point when nothing earlier is known (see the rules at the top). */
function valueBefore(p: ResolvedPoint): string | null {
  if (p.previous !== null) return p.previous;
  if (p.kind === "observed") return p.value;
  if (p.kind === "change") return p.value === null ? p.resolved : otherValue(p.value);
  return null;
}

/** Fills in every point's value (points: one instance's, oldest first). */
export function resolvePoints(points: readonly SettingsPoint[], current: string): ResolvedPoint[] {
  const out: ResolvedPoint[] = points.map((p) => ({ ...p, resolved: "", resolvedPrevious: null }));
  // Forward: a change without a value keeps the value before it.
  let known: string | null = null;
  for (const p of out) {
    p.resolvedPrevious = p.kind === "launch" ? null : (p.previous ?? known);
    const value: string | null = p.value ?? (p.kind === "change" ? p.resolvedPrevious : null);
    if (value !== null) p.resolved = value;
    known = value ?? (p.kind === "launch" ? null : known);
  }
  // Backward: what is still unknown is implied by the point after it, or the current setting.
  for (let i = out.length - 1; i >= 0; i--) {
    const p = out[i]!;
    if (p.resolved !== "") continue;
    const next = out[i + 1];
    p.resolved = next ? (valueBefore(next) ?? next.resolved) : current;
  }
  // Forward again: a point's previous is the resolved value of the point before it.
  for (let i = 1; i < out.length; i++) {
    const p = out[i]!;
    if (p.kind !== "launch" && p.resolvedPrevious === null) p.resolvedPrevious = out[i - 1]!.resolved;
  }
  return out;
}

/** The instance's HttpTokens at `at` from its resolved points; null when not live. */
export function httpTokensAtPoint(
  points: readonly ResolvedPoint[],
  life: { launchedAt: number | null; terminatedAt: number | null },
  current: string,
  at: number,
): string | null {
  if (life.launchedAt !== null && life.launchedAt > at) return null;
  if (life.terminatedAt !== null && life.terminatedAt <= at) return null;
  let latest: ResolvedPoint | undefined;
  for (const p of points) {
    if (p.at > at) break;
    latest = p;
  }
  if (latest) return latest.resolved;
  const first = points[0];
  return first ? (valueBefore(first) ?? first.resolved) : current;
}

export interface CollectRegionHistoryInput {
  db: Database;
  cloudtrail: CloudTrailClient;
  accountId: string;
  region: string;
  now: number;
  /** CloudTrail Event history keeps 90 days; also how many days before the first observation to rebuild. */
  days: number;
  onCall?: () => void;
}

export interface RegionHistoryResult {
  /** IMDS events read from CloudTrail (the overlap with the previous read included). */
  events: number;
  /** Settings-change rows added. */
  changes: number;
  /** Days whose settings counts were reconstructed. */
  reconstructedDays: number;
  /** CloudTrail records that could not be read (skipped). */
  malformed: number;
}

/** A row's event id: the EventId, plus the instance when one event launched or changed several. */
function rowEventId(event: ImdsEvent, instanceId: string): string {
  return event.instanceIds.length > 1 ? `${event.eventId}/${instanceId}` : event.eventId;
}

function pointsOf(
  instance: HistoryInstance,
  events: readonly ImdsEvent[],
  stored: readonly StoredSettingsChange[],
): SettingsPoint[] {
  const fresh = new Set<string>();
  const points: SettingsPoint[] = [];
  for (const e of events) {
    if (e.eventName === "TerminateInstances") continue;
    const eventId = rowEventId(e, instance.id);
    fresh.add(eventId);
    points.push({
      at: e.time.getTime(),
      kind: e.eventName === "RunInstances" ? "launch" : "change",
      value: e.httpTokens,
      previous: null,
      eventId,
    });
  }
  for (const s of stored) {
    if (s.eventId !== null && fresh.has(s.eventId)) continue;
    points.push({
      at: s.observedAt.getTime(),
      kind: s.source === "cloudtrail" ? "change" : "observed",
      value: s.httpTokens,
      previous: s.previousHttpTokens,
      eventId: s.eventId,
    });
  }
  // What the last collection saw holds from then on.
  points.push({
    at: instance.lastSeenAt.getTime(),
    kind: "observed",
    value: instance.httpTokens,
    previous: null,
    eventId: null,
  });
  const rank = { launch: 0, change: 1, observed: 2 } as const;
  return points.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind]);
}

/**
 * Reads the account-region's CloudTrail history since it was last read (at most `days` back),
 * stores it as settings changes, and on the first read rebuilds the daily settings counts of the
 * `days` before the first observed day (never overwriting an observed day).
 */
export async function collectRegionHistory(input: CollectRegionHistoryInput): Promise<RegionHistoryResult> {
  const { db, accountId, region, now } = input;
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 90) {
    throw new RangeError(`days must be an integer from 1 to 90 (CloudTrail keeps 90 days); got ${input.days}`);
  }
  const windowStart = now - input.days * DAY_MS;
  const knownThrough = await findHistoryKnownThrough(db.raw, accountId, region);
  // CloudTrail delivers events minutes after the call: re-read a margin (stored event ids dedupe it).
  const start = Math.max(windowStart, (knownThrough?.getTime() ?? windowStart) - DELIVERY_MARGIN_MS);
  let malformed = 0;
  const events =
    start < now
      ? await lookupImdsEvents(input.cloudtrail, {
          start: new Date(start),
          end: new Date(now),
          onCall: input.onCall,
          onMalformed: () => {
            malformed++;
          },
        })
      : [];

  const instances = await listHistoryInstances(db.raw, accountId, region);
  const stored = await listSettingsChanges(db.raw, accountId, region);
  const eventsByInstance = new Map<string, ImdsEvent[]>();
  const terminatedAt = new Map<string, number>();
  for (const e of events) {
    for (const id of e.instanceIds) {
      if (e.eventName === "TerminateInstances") {
        terminatedAt.set(id, Math.min(terminatedAt.get(id) ?? Infinity, e.time.getTime()));
      }
      const list = eventsByInstance.get(id) ?? [];
      list.push(e);
      eventsByInstance.set(id, list);
    }
  }
  const storedByInstance = new Map<string, StoredSettingsChange[]>();
  for (const s of stored) {
    const list = storedByInstance.get(s.instanceId) ?? [];
    list.push(s);
    storedByInstance.set(s.instanceId, list);
  }

  const storedEventIds = new Set(stored.map((s) => s.eventId).filter((id) => id !== null));
  const changes: CloudTrailChange[] = [];
  const timelines: {
    points: ResolvedPoint[];
    current: string;
    launchedAt: number | null;
    terminatedAt: number | null;
    team: string;
  }[] = [];
  for (const instance of instances) {
    const points = resolvePoints(
      pointsOf(instance, eventsByInstance.get(instance.id) ?? [], storedByInstance.get(instance.id) ?? []),
      instance.httpTokens,
    );
    for (const p of points) {
      if (p.kind === "observed" || p.eventId === null || storedEventIds.has(p.eventId)) continue;
      changes.push({
        eventId: p.eventId,
        instanceId: instance.id,
        observedAt: new Date(p.at),
        previousHttpTokens: p.resolvedPrevious,
        httpTokens: p.resolved,
      });
    }
    const ended = [instance.terminatedAt?.getTime(), terminatedAt.get(instance.id)].filter(
      (t): t is number => t !== undefined,
    );
    timelines.push({
      points,
      current: instance.httpTokens,
      launchedAt: instance.launchTime?.getTime() ?? points.find((p) => p.kind === "launch")?.at ?? null,
      terminatedAt: ended.length > 0 ? Math.min(...ended) : null,
      team: instance.team ?? UNTAGGED_TEAM,
    });
  }

  const days: ReconstructedDay[] = [];
  if (knownThrough === null) {
    // Only days whose end the history reaches: replaying needs every event after the day's end.
    const firstObserved = (await findFirstObservedDay(db.raw, accountId, region))?.getTime() ?? floorDay(now);
    const fromDay = Math.max(firstObserved - input.days * DAY_MS, floorDay(windowStart));
    // Every team the region has had gets a row each day (zeros too), like observed snapshots.
    const teams = [ALL_TEAMS, ...new Set(timelines.map((t) => t.team))];
    for (let day = fromDay; day < firstObserved; day += DAY_MS) {
      const end = day + DAY_MS - 1;
      const counts = new Map(teams.map((team) => [team, { live: 0, required: 0, optional: 0 }]));
      for (const t of timelines) {
        const tokens = httpTokensAtPoint(t.points, t, t.current, end);
        if (tokens === null) continue;
        for (const team of [ALL_TEAMS, t.team]) {
          const count = counts.get(team)!;
          count.live++;
          if (tokens === "required") count.required++;
          else if (tokens === "optional") count.optional++;
        }
      }
      for (const [team, count] of counts) {
        days.push({
          day: new Date(day),
          team,
          instances: count.live,
          httpTokensRequired: count.required,
          httpTokensOptional: count.optional,
        });
      }
    }
  }

  return collectedDataTransaction(db.raw, async (tx) => {
    const added = await saveCloudTrailChanges(tx, changes);
    const reconstructedDays = await saveReconstructedDays(tx, { accountId, region, days });
    await setHistoryKnownThrough(tx, accountId, region, new Date(now));
    return { events: events.length, changes: added, reconstructedDays, malformed };
  });
}
