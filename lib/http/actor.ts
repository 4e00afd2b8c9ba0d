import { actorFromCookies } from "@/lib/auth/actor";
import type { Actor } from "@/lib/core/actor";
import { getDatabase } from "@/lib/db/conn/client";
import { env, oidcSettings } from "@/lib/env";

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
