import type { Finding, GuardReport } from "./evaluate";
import { POLICIES, POLICY_IDS } from "./policies";

// `--format sarif`: SARIF 2.1.0 for code-scanning UIs. One rule per policy (its Security Hub control
// in properties), one result per violation located by its resource address (a logical location)
// in the input file; waived violations are results with an accepted external suppression.

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

function result(finding: Finding, source: string, suppression?: { justification: string }) {
  return {
    ruleId: finding.policy,
    ruleIndex: POLICY_IDS.indexOf(finding.policy),
    level: "error",
    message: {
      text: `${finding.address}: ${finding.reason}${finding.live ? ` (${finding.live.text})` : ""}. ${finding.message}`,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: source } },
        logicalLocations: [{ fullyQualifiedName: finding.address, kind: "resource" }],
      },
    ],
    partialFingerprints: { resourceAddress: `${finding.policy}:${finding.address}` },
    properties: {
      module: finding.module,
      status: finding.status,
      ...(finding.unknownUntilApply ? { unknownUntilApply: finding.unknownUntilApply } : {}),
    },
    ...(suppression
      ? { suppressions: [{ kind: "external", status: "accepted", justification: suppression.justification }] }
      : {}),
  };
}

function toSarif(report: GuardReport, source: string, version: string) {
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "imds-guard",
            version,
            rules: POLICY_IDS.map((id) => {
              const policy = POLICIES[id];
              return {
                id,
                name: id,
                shortDescription: { text: policy.description.join(" ") },
                fullDescription: { text: policy.message },
                helpUri: policy.control.url,
                defaultConfiguration: { level: "error" },
                properties: { securityHubControl: policy.control.id, resourceType: policy.resourceType },
              };
            }),
          },
        },
        results: report.policies.flatMap((policyResult) => [
          ...policyResult.violations.map((finding) => result(finding, source)),
          ...policyResult.waived.map((finding) =>
            result(finding, source, {
              justification: `waived until ${finding.waiver.expiresAt} by ${finding.waiver.owner}: ${finding.waiver.reason}`,
            }),
          ),
        ]),
      },
    ],
  };
}

export function renderSarifReport(report: GuardReport, source: string, version: string): string {
  return `${JSON.stringify(toSarif(report, source, version), null, 2)}\n`;
}
