import { getDatabase } from "@/lib/db/conn/client";
import { listUsers } from "@/lib/db/write/users";
import type { Role } from "@/lib/domain/roles";
import { env, oidcSettings } from "@/lib/env";
import { actorForUser } from "@/lib/auth/actor";

export interface UserRole {
  id: string;
  name: string;
  email: string | null;
  groups: string[];
  role: Role;
  firstSignedInAt: string;
  lastSignedInAt: string;
}

export interface UserRoles {
  /** "local": no sign-in configured, so nobody has signed in and the local user is admin. */
  mode: "local" | "oidc";
  users: UserRole[];
}

/** Everyone who has signed in, with the role the current ROLE_* settings give them. */
export async function listUserRoles(): Promise<UserRoles> {
  const settings = oidcSettings(env());
  if (!settings) return { mode: "local", users: [] };
  const users = await listUsers((await getDatabase()).prisma);
  return {
    mode: "oidc",
    users: users.map((user) => ({
      id: user.id,
      name: user.name,
      email: user.email,
      groups: user.groups,
      role: actorForUser(user, settings).role,
      firstSignedInAt: user.firstSignedInAt.toISOString(),
      lastSignedInAt: user.lastSignedInAt.toISOString(),
    })),
  };
}
