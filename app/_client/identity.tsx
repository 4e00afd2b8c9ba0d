"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Identity } from "@/lib/http/identity";
import { hasRole } from "@/lib/domain/roles";

// Who is looking, as the server resolved it for this page (root layout -> Providers): known on the
// first render, so change controls never flash for a viewer. The API checks again on every call.
const IdentityContext = createContext<Identity | null>(null);

export function IdentityProvider({ identity, children }: { identity: Identity; children: ReactNode }) {
  return <IdentityContext.Provider value={identity}>{children}</IdentityContext.Provider>;
}

/** The caller's identity (local admin, a signed-in person, or anonymous). */
export function useIdentity(): Identity {
  const identity = useContext(IdentityContext);
  if (!identity) throw new Error("useIdentity() needs <Providers identity={...}> above it (app/layout.tsx)");
  return identity;
}

/** True when the caller may change AWS settings (operator or admin; the local user is admin). */
export function useCanChange(): boolean {
  const { actor } = useIdentity();
  return actor !== null && hasRole(actor.role, "operator");
}
