import { AppError } from "./app-error";

// Who is asking. With no OIDC configured the server listens on loopback only and its one user is
// the local admin; the identity module replaces the resolver with one that reads the session.

export type Role = "viewer" | "operator" | "admin";

export interface Actor {
  id: string;
  name: string;
  role: Role;
  kind: "local" | "oidc";
}

export const LOCAL_ACTOR: Actor = { id: "local", name: "Local user", role: "admin", kind: "local" };

export type ActorResolver = (request: Request) => Promise<Actor>;

let resolver: ActorResolver = async () => LOCAL_ACTOR;

export async function getActor(request: Request): Promise<Actor> {
  return resolver(request);
}

/**
 * Replaces how getActor resolves the caller (tests; later the identity module) and returns a
 * function that restores the previous resolver.
 */
export function setActorResolver(next: ActorResolver): () => void {
  const previous = resolver;
  resolver = next;
  return () => {
    resolver = previous;
  };
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Throws Forbidden unless the actor has at least `role`. */
export function requireRole(actor: Actor, role: Role): void {
  if (RANK[actor.role] < RANK[role]) {
    throw new AppError(
      "Forbidden",
      `${actor.name} has the ${actor.role} role; changing AWS settings needs the ${role} or admin role`,
    );
  }
}
