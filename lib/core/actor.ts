import { hasRole, type Role } from "@/lib/domain/roles";
import { AppError } from "./app-error";

/** Who is making a request. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  kind: "local" | "oidc";
}

/** With no sign-in configured the server listens on loopback only, and its one user is admin. */
export const LOCAL_ADMIN: Actor = { id: "local", name: "Local user", role: "admin", kind: "local" };

/** Throws 403 unless the actor has `role` or a higher one. */
export function requireRole(actor: Actor, role: Role): void {
  if (!hasRole(actor.role, role)) {
    throw new AppError(
      "Forbidden",
      `Forbidden: this needs the ${role} role${role === "admin" ? "" : " or higher"}; ${actor.name} is ${actor.role}`,
    );
  }
}
