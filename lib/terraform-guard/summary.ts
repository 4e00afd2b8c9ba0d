// The one-line verdicts that are imds-guard's own (the CLI's stderr summary, the page, JSON), apart
// from the Sentinel-format trace, whose "Found N resource violations" stays as the seed prints it.

/** "1 violation", "2 violations". */
export const violationCount = (count: number) => `${count} ${count === 1 ? "violation" : "violations"}`;

/** "Pass", "Fail, 1 violation", or "Pass, no resources of this type" when the policy found none. */
export function policySummary(result: { pass: boolean; checked: number; violations: readonly unknown[] }): string {
  if (!result.pass) return `Fail, ${violationCount(result.violations.length)}`;
  return result.checked === 0 ? "Pass, no resources of this type" : "Pass";
}
