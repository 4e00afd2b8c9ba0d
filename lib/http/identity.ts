import { headers } from "next/headers";
import { cache } from "react";
import { env, oidcSettings } from "@/lib/env";
import { type Actor } from "@/lib/core/actor";
import { getActorFromHeaders } from "@/lib/http/actor";
import { AppError } from "@/lib/core/app-error";

/** What the header says about who you are. */
export type Identity =
  { mode: "local"; actor: Actor; host: string } | { mode: "oidc"; actor: Actor } | { mode: "oidc"; actor: null };

/** The identity behind a page request; an anonymous visitor is `actor: null` (not an error). */
async function currentIdentity(headers: Headers): Promise<Identity> {
  const config = env();
  if (!oidcSettings(config)) return { mode: "local", actor: await getActorFromHeaders(headers), host: config.HOST };
  try {
    return { mode: "oidc", actor: await getActorFromHeaders(headers) };
  } catch (error) {
    if (error instanceof AppError && error.status === 401) return { mode: "oidc", actor: null };
    throw error;
  }
}

/** currentIdentity for the request being rendered, looked up once however many layouts ask. */
export const requestIdentity = cache(async (): Promise<Identity> => currentIdentity(await headers()));
