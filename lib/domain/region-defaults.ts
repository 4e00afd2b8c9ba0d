// A region's account-level IMDS defaults as values (null = never set) and the rules for changing
// them: what a ModifyInstanceMetadataDefaults request leaves behind, and the request that undoes it.

import type { RegionDefaults } from "./imds";

export const DEFAULT_FIELDS = [
  "httpTokens",
  "httpPutResponseHopLimit",
  "httpEndpoint",
  "instanceMetadataTags",
  "httpTokensEnforced",
] as const;
export type DefaultField = (typeof DEFAULT_FIELDS)[number];

/** The defaults as values: the fields DEFAULT_FIELDS lists. */
export type DefaultsSnapshot = RegionDefaults;

export const NO_PREFERENCE = "no-preference";
/** The hop limit's "no preference" on the wire. */
export const NO_HOP_LIMIT = -1;

/** A change request: absent fields stay as they are; no-preference (-1) clears a setting. */
export interface DefaultsTarget {
  httpTokens?: "optional" | "required" | "no-preference";
  httpPutResponseHopLimit?: number;
  httpEndpoint?: "enabled" | "disabled" | "no-preference";
  instanceMetadataTags?: "enabled" | "disabled" | "no-preference";
  httpTokensEnforced?: "enabled" | "disabled" | "no-preference";
}

export const EMPTY_DEFAULTS: DefaultsSnapshot = {
  httpTokens: null,
  httpPutResponseHopLimit: null,
  httpEndpoint: null,
  instanceMetadataTags: null,
  httpTokensEnforced: null,
};

export function snapshotOf(value: DefaultsSnapshot): DefaultsSnapshot {
  return {
    httpTokens: value.httpTokens,
    httpPutResponseHopLimit: value.httpPutResponseHopLimit,
    httpEndpoint: value.httpEndpoint,
    instanceMetadataTags: value.instanceMetadataTags,
    httpTokensEnforced: value.httpTokensEnforced,
  };
}

/** Defaults stored as JSON by this dashboard (alerts, baselines): missing fields are unset. */
export function snapshotFromJson(value: unknown): DefaultsSnapshot {
  // safe because only DefaultsSnapshot values (or subsets) are stored where this reads
  return snapshotOf({ ...EMPTY_DEFAULTS, ...(value as Partial<DefaultsSnapshot>) });
}

/** The defaults after AWS applies `target` to `before`. */
export function applyTarget(before: DefaultsSnapshot, target: DefaultsTarget): DefaultsSnapshot {
  const after = snapshotOf(before);
  for (const field of ["httpTokens", "httpEndpoint", "instanceMetadataTags", "httpTokensEnforced"] as const) {
    const value = target[field];
    if (value !== undefined) after[field] = value === NO_PREFERENCE ? null : value;
  }
  const hop = target.httpPutResponseHopLimit;
  if (hop !== undefined) after.httpPutResponseHopLimit = hop === NO_HOP_LIMIT ? null : hop;
  return after;
}

/** The fields whose values differ. */
export function changedFields(a: DefaultsSnapshot, b: DefaultsSnapshot): DefaultField[] {
  return DEFAULT_FIELDS.filter((field) => a[field] !== b[field]);
}

export const sameDefaults = (a: DefaultsSnapshot, b: DefaultsSnapshot) => changedFields(a, b).length === 0;

/**
 * The request that takes `after` back to `before`: every field the change moved gets its previous
 * value, or no-preference where nothing was set. Empty when the change moved nothing.
 */
export function undoTarget(before: DefaultsSnapshot, after: DefaultsSnapshot): DefaultsTarget {
  const target: DefaultsTarget = {};
  for (const field of changedFields(before, after)) {
    if (field === "httpPutResponseHopLimit") {
      target.httpPutResponseHopLimit = before.httpPutResponseHopLimit ?? NO_HOP_LIMIT;
    } else {
      // safe because a stored value of these fields came from AWS's own enumeration
      (target as Record<string, string>)[field] = before[field] ?? NO_PREFERENCE;
    }
  }
  return target;
}

export const isEmptyTarget = (target: DefaultsTarget) => Object.values(target).every((value) => value === undefined);

const LABELS: Record<DefaultField, string> = {
  httpTokens: "HttpTokens",
  httpPutResponseHopLimit: "HttpPutResponseHopLimit",
  httpEndpoint: "HttpEndpoint",
  instanceMetadataTags: "InstanceMetadataTags",
  httpTokensEnforced: "HttpTokensEnforced",
};
export const fieldLabel = (field: DefaultField) => LABELS[field];
