import { AppError } from "@/lib/core/app-error";

/**
 * 409 when what a change was planned on has moved in AWS: names every stale item, and with
 * `fresh` puts a fresh preview in the details (`{ stale, preview }`, else `{ stale }`).
 */
export async function throwIfStale(
  stale: readonly string[],
  what: {
    subject: "defaults" | "instances";
    since: "the preview" | "this change was made";
    nothing: "changed" | "rolled back";
  },
  fresh?: () => Promise<unknown>,
): Promise<void> {
  if (stale.length === 0) return;
  throw new AppError(
    "Conflict",
    `The ${what.subject} changed since ${what.since}, so nothing was ${what.nothing}: ${stale.join("; ")}.` +
      (what.since === "the preview" ? " Review the fresh preview and confirm again." : ""),
    { details: fresh ? { stale, preview: await fresh() } : { stale } },
  );
}
