import type { Identity } from "@/lib/http/identity";
import { Badge } from "@/components/ui/badge";

/** Who you are and what you may do: the local-mode notice, or the signed-in person, role and sign-out. */
export function IdentityBar({ identity }: { identity: Identity }) {
  if (identity.mode === "local") {
    return (
      <p className="identity-bar" data-testid="identity">
        Local mode: you are admin (no sign-in configured; listening on {identity.host} only)
      </p>
    );
  }
  if (!identity.actor) {
    return (
      <p className="identity-bar" data-testid="identity">
        <a href="/api/auth/sign-in">Sign in</a>
      </p>
    );
  }
  return (
    <div className="identity-bar" data-testid="identity">
      <span>
        Signed in as <strong data-testid="identity-name">{identity.actor.name}</strong>
      </span>
      <Badge tone={identity.actor.role === "viewer" ? "neutral" : "info"} title="Your role">
        <span data-testid="identity-role">{identity.actor.role}</span>
      </Badge>
      <form method="post" action="/api/auth/sign-out">
        <button type="submit" className="link-button">
          Sign out
        </button>
      </form>
    </div>
  );
}
