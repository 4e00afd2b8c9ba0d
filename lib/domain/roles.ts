// Who may do what: every signed-in person is at least a viewer; groups and email allow-lists
// (ROLE_* settings) raise them to operator or admin. Pure: no I/O.

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface RoleRules {
  adminGroups: string[];
  operatorGroups: string[];
  /** Lower-case addresses. */
  adminEmails: string[];
  operatorEmails: string[];
}

export interface Identity {
  groups: readonly string[];
  /** Only a verified (or not-flagged-unverified) address counts for the allow-lists. */
  email: string | null;
}

/** The highest role the identity's groups or email grant; viewer otherwise. */
export function roleFor(identity: Identity, rules: RoleRules): Role {
  const email = identity.email?.toLowerCase() ?? null;
  const inAny = (groups: string[]) => identity.groups.some((group) => groups.includes(group));
  if (inAny(rules.adminGroups) || (email !== null && rules.adminEmails.includes(email))) return "admin";
  if (inAny(rules.operatorGroups) || (email !== null && rules.operatorEmails.includes(email))) return "operator";
  return "viewer";
}

/** True when `role` is `needed` or above it. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * The groups claim as a list of names. IdPs send an array of strings, and some a single string
 * (space- or comma-separated); anything else counts as no groups.
 */
export function groupsFromClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === "string" && group !== "");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}
