import type { GuardReport } from "./evaluate";
import { POLICIES } from "./policies";
import { policySummary } from "./summary";

// `--format json`: the report as data for CI systems. Stable key order, version-tagged.

export function toJsonReport(report: GuardReport, source: string) {
  return {
    version: 1,
    tool: "imds-guard",
    source,
    inputKind: report.inputKind,
    live: report.live,
    pass: report.pass,
    policies: report.policies.map((result) => {
      const policy = POLICIES[result.policy];
      return {
        policy: result.policy,
        control: policy.control,
        pass: result.pass,
        summary: policySummary(result),
        checked: result.checked,
        violations: result.violations.map(({ policy: _p, ...finding }) => finding),
        waived: result.waived.map(({ policy: _p, ...finding }) => finding),
        livePasses: result.livePasses,
      };
    }),
    notes: report.notes,
  };
}

export function renderJsonReport(report: GuardReport, source: string): string {
  return `${JSON.stringify(toJsonReport(report, source), null, 2)}\n`;
}
