import type { Finding, GuardReport, LivePass, PolicyResult, WaivedFinding } from "./evaluate";
import { POLICIES } from "./policies";

// The trace in the Sentinel CLI's format, as the seed document prints it: for the seed policy
// without waivers, unknowns or live context it is the seed's text character for character. Extra
// facts (unknown until apply, live context, waivers) are extra `|` lines and sections.

const INDENT = "    ";
const SUCCESS = "This result means that all resources have passed the policy check for the policy ";
const FAILURE =
  "This result means that not all resources passed the policy check and the protected behavior is not allowed for the policy ";

function groupByModule<T extends { module: string }>(items: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.module);
    if (list) list.push(item);
    else groups.set(item.module, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function moduleBlocks<T extends { module: string; address: string }>(
  items: readonly T[],
  lines: (item: T) => string[],
): string {
  let text = "";
  for (const [module, members] of groupByModule(items)) {
    text += `\n→ Module name: ${module}\n`;
    for (const item of members) {
      text += `↳ Resource Address: ${item.address}\n`;
      for (const line of lines(item)) text += `    | ${line}\n`;
    }
  }
  return text;
}

const findingExtras = (finding: Finding): string[] => [
  ...(finding.unknownUntilApply ? [`unknown until apply: ${finding.unknownUntilApply}`] : []),
  ...(finding.live ? [finding.live.text] : []),
];

const day = (iso: string) => iso.slice(0, 10);

const waivedLines = (finding: WaivedFinding): string[] => [
  `~ waived until ${day(finding.waiver.expiresAt)} by ${finding.waiver.owner} (waiver ${finding.waiver.id}): ${finding.waiver.reason}`,
  finding.message,
  ...findingExtras(finding),
];

const livePassLines = (pass: LivePass): string[] => ["✓ passed", pass.live.text];

/** What the policy prints (Sentinel's "Print messages"), without indentation. */
function printMessages(result: PolicyResult): string {
  const id = result.policy;
  let text: string;
  if (result.pass) {
    text = `→ → Overall Result: true\n\n${SUCCESS}${id}.\n\n✓ Found 0 resource violations`;
  } else {
    text = `→ → Overall Result: false\n\n${FAILURE}${id}.\n\nFound ${result.violations.length} resource violations\n`;
    text += moduleBlocks(result.violations, (finding) => ["✗ failed", finding.message, ...findingExtras(finding)]);
  }
  const sections: string[] = [];
  if (result.waived.length > 0) {
    sections.push(`Waived ${result.waived.length} resource violations\n${moduleBlocks(result.waived, waivedLines)}`);
  }
  if (result.livePasses.length > 0) {
    sections.push(
      `Live context passed ${result.livePasses.length} resources\n${moduleBlocks(result.livePasses, livePassLines)}`,
    );
  }
  for (const section of sections) text += (text.endsWith("\n") ? "\n" : "\n\n") + section;
  return text;
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((line) => (line === "" ? "" : INDENT + line))
    .join("\n");

/** One policy's trace block, ending with a newline. */
function renderPolicyTrace(result: PolicyResult): string {
  const policy = POLICIES[result.policy];
  const value = result.pass ? "true" : "false";
  return (
    "trace:\n" +
    indent(
      `${result.pass ? "Pass" : "Fail"} - ${policy.traceName}\n\n` +
        `Description:\n${policy.description.join("\n")}\n\n` +
        `Print messages:\n\n` +
        `${printMessages(result)}\n\n` +
        `${policy.ruleLocation} - Rule "main"\nValue:\n    ${value}`,
    ) +
    "\n"
  );
}

/** Every policy's block, a blank line between them. */
export function renderTextReport(report: GuardReport): string {
  return report.policies.map(renderPolicyTrace).join("\n");
}
