import { sessionUser } from "@/lib/auth/session";
import { LOCAL_ADMIN, type Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/app-error";
import type { Db } from "@/lib/db/conn/types";
import type { UserRecord } from "@/lib/db/write/users";
import { roleFor } from "@/lib/domain/roles";
import type { OidcSettings } from "@/lib/env";

/** A signed-in user as an actor; the role follows the current ROLE_* settings. */
export function actorForUser(user: UserRecord, settings: OidcSettings): Actor {
  return {
    id: user.id,
    name: user.name,
    role: roleFor({ groups: user.groups, email: user.email }, settings.roles),
    kind: "oidc",
  };
}

/** The actor for a Cookie header: local admin without OIDC, else the session's user (401 without one). */
export async function actorFromCookies(
  cookieHeader: string | null,
  deps: { settings: OidcSettings | null; prisma: () => Promise<Db> },
): Promise<Actor> {
  if (!deps.settings) return LOCAL_ADMIN;
  const user = await sessionUser(await deps.prisma(), deps.settings, cookieHeader);
  if (!user) throw new AppError("Unauthenticated", "Unauthenticated: sign in first (/api/auth/sign-in)");
  return actorForUser(user, deps.settings);
}
