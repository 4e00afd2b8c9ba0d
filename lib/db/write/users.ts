import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/conn/types";

// People who signed in through OIDC and their sessions. A session row holds the SHA-256 of the
// cookie's token, never the token: a leaked table cannot be replayed as cookies.

export interface SignedInClaims {
  issuer: string;
  subject: string;
  name: string;
  email: string | null;
  groups: string[];
}

export interface UserRecord {
  id: string;
  name: string;
  email: string | null;
  groups: string[];
  firstSignedInAt: Date;
  lastSignedInAt: Date;
}

const USER_FIELDS = {
  id: true,
  name: true,
  email: true,
  groups: true,
  firstSignedInAt: true,
  lastSignedInAt: true,
} as const;

/** Records a sign-in: creates the user on first sign-in, refreshes name, email and groups after. */
export async function recordSignIn(prisma: Db, claims: SignedInClaims, now: Date): Promise<UserRecord> {
  const fields = { name: claims.name, email: claims.email, groups: claims.groups, lastSignedInAt: now };
  return prisma.user.upsert({
    where: { issuer_subject: { issuer: claims.issuer, subject: claims.subject } },
    create: { id: randomUUID(), issuer: claims.issuer, subject: claims.subject, firstSignedInAt: now, ...fields },
    update: fields,
    select: USER_FIELDS,
  });
}

export async function createSession(
  prisma: Db,
  input: { tokenHash: string; userId: string; now: Date; expiresAt: Date },
): Promise<void> {
  await prisma.session.create({
    data: { tokenHash: input.tokenHash, userId: input.userId, createdAt: input.now, expiresAt: input.expiresAt },
  });
  // Expired rows are only ever read to be refused; drop this user's so they do not pile up.
  await prisma.session.deleteMany({ where: { userId: input.userId, expiresAt: { lte: input.now } } });
}

/** The user behind an unexpired session, or null. */
export async function findSessionUser(prisma: Db, tokenHash: string, now: Date): Promise<UserRecord | null> {
  const session = await prisma.session.findUnique({
    where: { tokenHash },
    select: { expiresAt: true, user: { select: USER_FIELDS } },
  });
  return session && session.expiresAt > now ? session.user : null;
}

export async function deleteSession(prisma: Db, tokenHash: string): Promise<void> {
  await prisma.session.deleteMany({ where: { tokenHash } });
}

/** Everyone who has signed in, most recent first (a handful to a few thousand people). */
export async function listUsers(prisma: Db): Promise<UserRecord[]> {
  return prisma.user.findMany({ select: USER_FIELDS, orderBy: [{ lastSignedInAt: "desc" }, { id: "asc" }] });
}
