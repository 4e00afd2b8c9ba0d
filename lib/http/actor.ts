import { sessionUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";
import type { UserRecord } from "@/lib/db/users";
import { roleFor } from "@/lib/domain/roles";
import { env, oidcSettings, type OidcSettings } from "@/lib/env";
import { AppError } from "@/lib/core/app-error";
import { LOCAL_ADMIN, type Actor } from "@/lib/core/actor";

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

const processDeps = () => ({
  settings: oidcSettings(env()),
  prisma: async () => (await getDatabase()).prisma,
});

export type ActorResolver = (request: Request) => Promise<Actor>;

let resolveActor: ActorResolver = (request) => actorFromCookies(request.headers.get("cookie"), processDeps());

/** Who sent this request (see actorFromCookies). */
export function getActor(request: Request): Promise<Actor> {
  return resolveActor(request);
}

/** Replaces how getActor resolves the caller (route tests); returns a function that restores it. */
export function setActorResolver(next: ActorResolver): () => void {
  const previous = resolveActor;
  resolveActor = next;
  return () => {
    resolveActor = previous;
  };
}

/** For server components: the same, from the incoming request's Cookie header. */
export function getActorFromHeaders(headers: Headers): Promise<Actor> {
  return actorFromCookies(headers.get("cookie"), processDeps());
}
