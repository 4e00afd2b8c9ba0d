import type { Json, JsonObject } from "./json-text";

/**
 * What the policies read: every resource Terraform will have after apply (a plan's planned
 * values), each count / for_each instance on its own. Resources being destroyed are not in it.
 */
export interface PlanResource {
  /** Full address, module path included: `module.web.aws_instance.app[0]`. */
  address: string;
  /** `module.web` (with instance keys, `module.web[1]`); null for the root module. */
  moduleAddress: string | null;
  mode: "managed" | "data";
  type: string;
  name: string;
  /** count index or for_each key; null for a single resource. */
  index: number | string | null;
  /** Planned attribute values; values known only after apply are absent here. */
  values: JsonObject;
  /** The plan's after_unknown for this resource: `true` at every path known only after apply. */
  afterUnknown: Json;
  /** The AWS region the resource's provider targets, when the plan says it as a constant. */
  region: string | null;
}

export interface PlanModel {
  /** plan: `terraform show -json` output (authoritative); hcl: derived from .tf sources. */
  kind: "plan" | "hcl";
  resources: PlanResource[];
  /** What the input could not tell (unexpanded count/for_each, unread modules). */
  notes: string[];
}

/** What an attribute is in the planned state. */
export type AttributeState = { state: "known"; value: Json } | { state: "unknown" } | { state: "absent" };

/**
 * Reads an attribute path (`["metadata_options", 0, "http_tokens"]`) from a resource: unknown
 * when after_unknown marks it or any parent, absent when the planned values lack it or hold null.
 */
export function attribute(
  resource: Pick<PlanResource, "values" | "afterUnknown">,
  path: (string | number)[],
): AttributeState {
  let value: Json | undefined = resource.values;
  let unknown: Json | undefined = resource.afterUnknown;
  for (const step of path) {
    if (unknown === true) return { state: "unknown" };
    unknown = pick(unknown, step);
    value = pick(value, step);
  }
  if (unknown === true) return { state: "unknown" };
  if (value === undefined || value === null) return { state: "absent" };
  return { state: "known", value };
}

/**
 * What Sentinel's `maps.get` sees: the planned values only. Terraform leaves a value known only after
 * apply out of planned_values, so it reads as absent here (the seed policy's reading).
 */
export function plannedValue(values: JsonObject, path: (string | number)[]): Json | undefined {
  let value: Json | undefined = values;
  for (const step of path) value = pick(value, step);
  return value === null ? undefined : value;
}

/** Whether after_unknown marks the path (or a parent of it) as known only after apply. */
export function isUnknownUntilApply(afterUnknown: Json, path: (string | number)[]): boolean {
  let unknown: Json | undefined = afterUnknown;
  for (const step of path) {
    if (unknown === true) return true;
    unknown = pick(unknown, step);
  }
  return unknown === true;
}

function pick(container: Json | undefined, step: string | number): Json | undefined {
  if (typeof step === "number") return Array.isArray(container) ? container[step] : undefined;
  if (typeof container !== "object" || container === null || Array.isArray(container)) return undefined;
  return Object.hasOwn(container, step) ? container[step] : undefined;
}

/** "root" for the root module, as the seed's report names it. */
export const moduleName = (resource: Pick<PlanResource, "moduleAddress">) => resource.moduleAddress ?? "root";
