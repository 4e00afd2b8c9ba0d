import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/lib/domain/hash";
import { HOUR_MS } from "@/lib/domain/time";
import type { OidcSettings } from "@/lib/env";
import { createSession, deleteSession, findSessionUser, type UserRecord } from "@/lib/db/write/users";
import type { Db } from "@/lib/db/conn/types";

// The session cookie holds 32 random bytes; the database keeps only their SHA-256. HttpOnly and
// SameSite=Lax always; Secure (and the __Host- prefix, which pins it to this host) over https.

export const SESSION_HOURS = 12;

export function sessionCookieName(settings: Pick<OidcSettings, "secureCookies">): string {
  return settings.secureCookies ? "__Host-imds_session" : "imds_session";
}

export const hashToken = (token: string): string => sha256Hex(token);

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
  path?: string;
}

/** A Set-Cookie value; maxAgeSeconds 0 deletes the cookie. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${options.path ?? "/"}`,
    `Max-Age=${options.maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

/** One cookie's value from a Cookie header, or null. */
export function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/** Starts a session for the user; returns the Set-Cookie header value. */
export async function startSession(
  prisma: Db,
  settings: Pick<OidcSettings, "secureCookies">,
  userId: string,
  now = new Date(),
): Promise<{ token: string; setCookie: string }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * HOUR_MS);
  await createSession(prisma, { tokenHash: hashToken(token), userId, now, expiresAt });
  const setCookie = serializeCookie(sessionCookieName(settings), token, {
    maxAgeSeconds: SESSION_HOURS * 3600,
    secure: settings.secureCookies,
  });
  return { token, setCookie };
}

/** The signed-in user for a Cookie header, or null (no cookie, unknown or expired session). */
export async function sessionUser(
  prisma: Db,
  settings: Pick<OidcSettings, "secureCookies">,
  cookieHeader: string | null,
  now = new Date(),
): Promise<UserRecord | null> {
  const token = readCookie(cookieHeader, sessionCookieName(settings));
  if (!token || !/^[\w-]{43}$/.test(token)) return null;
  return findSessionUser(prisma, hashToken(token), now);
}

/** Ends the session named by the Cookie header (if any); returns the Set-Cookie that clears it. */
export async function endSession(
  prisma: Db,
  settings: Pick<OidcSettings, "secureCookies">,
  cookieHeader: string | null,
): Promise<string> {
  const token = readCookie(cookieHeader, sessionCookieName(settings));
  if (token) await deleteSession(prisma, hashToken(token));
  return serializeCookie(sessionCookieName(settings), "", { maxAgeSeconds: 0, secure: settings.secureCookies });
}
