import { Badge } from "@/components/ui/badge";

/** HttpTokens as a badge, with "pending" while a change is still being applied. */
export function HttpTokensBadge({ httpTokens, metadataState }: { httpTokens: string; metadataState: string | null }) {
  return (
    <>
      <Badge tone={httpTokens === "required" ? "success" : "warning"}>{httpTokens}</Badge>
      {metadataState === "pending" ? (
        <>
          {" "}
          <Badge tone="info" title="ModifyInstanceMetadataOptions was accepted and is still being applied">
            pending
          </Badge>
        </>
      ) : null}
    </>
  );
}
