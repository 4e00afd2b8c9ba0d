import { moduleName, type PlanModel } from "./model";
import { evaluatePolicy, POLICIES, POLICY_IDS, type EvaluationContext, type PolicyId } from "./policies";
import type { LiveContext, LiveNote } from "./live";
import { findWaiver, type Waiver } from "./waivers";

// Runs the policy set over a plan model: per policy a verdict, its violations (failed or unknown,
// not waived), the waived ones, and the passes the live context decided. Pure.

export interface Finding {
  policy: PolicyId;
  /** "root" or the module address, as the seed's report prints it. */
  module: string;
  address: string;
  type: string;
  status: "failed" | "unknown";
  message: string;
  reason: string;
  /** Information only (never the verdict): which value it read is known only after apply. */
  unknownUntilApply: string | null;
  region: string | null;
  live: LiveNote | null;
}

export interface WaivedFinding extends Finding {
  waiver: Pick<Waiver, "id" | "owner" | "reason" | "expiresAt" | "address">;
}

export interface LivePass {
  module: string;
  address: string;
  reason: string;
  live: LiveNote;
}

export interface PolicyResult {
  policy: PolicyId;
  pass: boolean;
  /** Resources of the policy's type it looked at. */
  checked: number;
  violations: Finding[];
  waived: WaivedFinding[];
  livePasses: LivePass[];
}

export interface GuardReport {
  pass: boolean;
  inputKind: PlanModel["kind"];
  live: boolean;
  policies: PolicyResult[];
  notes: string[];
}

export interface GuardOptions {
  /** Default: the whole set, in POLICY_IDS order. */
  policies?: readonly PolicyId[];
  live?: LiveContext | null;
  waivers?: readonly Waiver[];
  /** For waiver expiry; default Date.now(). */
  now?: number;
}

/** Natural order: `x[2]` before `x[10]`, modules by name as Sentinel's map keys. */
function compareAddresses(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

export function evaluateGuard(model: PlanModel, options: GuardOptions = {}): GuardReport {
  const now = options.now ?? Date.now();
  const context: EvaluationContext = { live: options.live ?? null };
  const waivers = options.waivers ?? [];
  const policies = (options.policies ?? POLICY_IDS).map((policy): PolicyResult => {
    const outcomes = evaluatePolicy(policy, model, context).sort((a, b) =>
      compareAddresses(a.resource.address, b.resource.address),
    );
    const violations: Finding[] = [];
    const waived: WaivedFinding[] = [];
    const livePasses: LivePass[] = [];
    for (const outcome of outcomes) {
      const moduleLabel = moduleName(outcome.resource);
      if (outcome.status === "passed") {
        if (outcome.live)
          livePasses.push({
            module: moduleLabel,
            address: outcome.resource.address,
            reason: outcome.reason,
            live: outcome.live,
          });
        continue;
      }
      const finding: Finding = {
        policy,
        module: moduleLabel,
        address: outcome.resource.address,
        type: outcome.resource.type,
        status: outcome.status,
        message: POLICIES[policy].message,
        reason: outcome.reason,
        unknownUntilApply: outcome.unknownUntilApply,
        region: outcome.resource.region,
        live: outcome.live,
      };
      const waiver = findWaiver(waivers, policy, outcome.resource, now);
      if (waiver) {
        const { id, owner, reason, expiresAt, address } = waiver;
        waived.push({ ...finding, waiver: { id, owner, reason, expiresAt, address } });
      } else violations.push(finding);
    }
    return { policy, pass: violations.length === 0, checked: outcomes.length, violations, waived, livePasses };
  });
  return {
    pass: policies.every((result) => result.pass),
    inputKind: model.kind,
    live: Boolean(options.live),
    policies,
    notes: model.notes,
  };
}
