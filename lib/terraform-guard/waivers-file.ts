import { z } from "zod";
import { InputError } from "./errors";
import { childPath, parseJsonText } from "./json-text";
import { waiverExpiry, WaiverPolicy, type Waiver } from "./waivers";

// `--waivers file.json`: waivers kept next to the Terraform code, reviewed like it. Either
// `{"waivers": [...]}` or a bare array of {policy, address, owner, reason, expiresAt}.

const WaiverEntry = z.object({
  policy: WaiverPolicy,
  address: z.string().trim().min(1, { error: "must name a resource address" }).max(500),
  owner: z.string().trim().min(1, { error: "must name who owns the exception" }).max(200),
  reason: z.string().trim().min(1, { error: "must say why" }).max(2000),
  expiresAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: "must be a date (2026-12-31) or an ISO date-time",
  }),
});
const WaiverList = z.array(WaiverEntry);
const WaiverFile = z.object({ waivers: WaiverList });

export function parseWaiversFile(text: string, source: string): Waiver[] {
  const document = parseJsonText(text, source);
  const parsed = Array.isArray(document) ? WaiverList.safeParse(document) : WaiverFile.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.reduce<string>(
      (at, part) => childPath(at, typeof part === "number" ? part : String(part)),
      "$",
    );
    throw new InputError(source, path, issue.message);
  }
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.waivers;
  return entries.map((entry, i) => ({
    id: `${source}#${i + 1}`,
    policy: entry.policy,
    address: entry.address,
    owner: entry.owner,
    reason: entry.reason,
    expiresAt: waiverExpiry(entry.expiresAt).toISOString(),
    revokedAt: null,
  }));
}
