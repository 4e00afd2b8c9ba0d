import { createHash } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import * as oidc from "openid-client";
import { z } from "zod";
import { recordSignIn, type UserRecord } from "@/lib/db/write/users";
import type { Db } from "@/lib/db/conn/types";
import { groupsFromClaim } from "@/lib/domain/roles";
import { isLoopbackHost, type OidcSettings } from "@/lib/env";
import { AppError } from "@/lib/core/app-error";
import { readCookie, serializeCookie, startSession } from "./session";

// OIDC authorization code flow with PKCE, state and nonce (openid-client). What the callback must
// check travels in a short-lived cookie encrypted with AUTH_SECRET, so no server state is kept
// between the redirect to the provider and its answer.

const CALLBACK_PATH = "/api/auth/callback";
const FLOW_COOKIE = "imds_sign_in";
const FLOW_COOKIE_PATH = "/api/auth";
const FLOW_SECONDS = 600;

const FlowState = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), returnTo: z.string() });
type FlowState = z.infer<typeof FlowState>;

const flowKey = (secret: string) => createHash("sha256").update(`imds sign-in flow\0${secret}`).digest();

const configurations = new Map<string, Promise<oidc.Configuration>>();

/** The provider's metadata, discovered once per process (and again after a failure). */
function providerConfiguration(settings: OidcSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuerUrl}\0${settings.clientId}`;
  let configuration = configurations.get(key);
  if (!configuration) {
    const issuer = new URL(settings.issuerUrl);
    // Plain http only for a provider on this machine (tests, local development).
    const insecure = issuer.protocol === "http:" && isLoopbackHost(issuer.hostname);
    configuration = oidc
      .discovery(issuer, settings.clientId, undefined, oidc.ClientSecretPost(settings.clientSecret), {
        execute: insecure ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        configurations.delete(key);
        throw new AppError("Internal", `Could not reach the sign-in provider at ${settings.issuerUrl}`, {
          status: 502,
          cause: error,
        });
      });
    configurations.set(key, configuration);
  }
  return configuration;
}

/** Only a path on this site: never an absolute or protocol-relative URL (no open redirect). */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}

/** Where to send the browser to sign in, and the cookie that remembers what to check on return. */
export async function startSignIn(
  settings: OidcSettings,
  returnTo: string | null,
): Promise<{ location: string; setCookie: string }> {
  const configuration = await providerConfiguration(settings);
  const flow: FlowState = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    returnTo: safeReturnTo(returnTo),
  };
  const location = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: `${settings.publicUrl}${CALLBACK_PATH}`,
    scope: settings.scopes,
    response_type: "code",
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  const sealed = await new EncryptJWT(flow)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setExpirationTime(`${FLOW_SECONDS}s`)
    .encrypt(flowKey(settings.secret));
  const setCookie = serializeCookie(FLOW_COOKIE, sealed, {
    maxAgeSeconds: FLOW_SECONDS,
    secure: settings.secureCookies,
    path: FLOW_COOKIE_PATH,
  });
  return { location: location.href, setCookie };
}

async function openFlow(settings: OidcSettings, cookieHeader: string | null): Promise<FlowState> {
  const sealed = readCookie(cookieHeader, FLOW_COOKIE);
  if (!sealed) {
    throw new AppError("BadRequest", "This sign-in expired or was started in another browser: sign in again");
  }
  try {
    const { payload } = await jwtDecrypt(sealed, flowKey(settings.secret));
    return FlowState.parse(payload);
  } catch (error) {
    throw new AppError("BadRequest", "This sign-in expired or was tampered with: sign in again", { cause: error });
  }
}

const stringClaim = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

interface FinishedSignIn {
  user: UserRecord;
  returnTo: string;
  /** The session cookie, and the flow cookie's removal. */
  setCookies: string[];
}

/**
 * Completes the flow at the callback: exchanges the code (checking state, nonce and PKCE), reads
 * the claims (ID token, then userinfo for what it lacks), records the user and starts a session.
 */
export async function finishSignIn(input: {
  settings: OidcSettings;
  prisma: Db;
  /** The callback URL the provider redirected to (its query carries the code). */
  callbackUrl: URL;
  cookieHeader: string | null;
  now?: Date;
}): Promise<FinishedSignIn> {
  const { settings, prisma } = input;
  const flow = await openFlow(settings, input.cookieHeader);
  const providerError = input.callbackUrl.searchParams.get("error");
  if (providerError) {
    const description = input.callbackUrl.searchParams.get("error_description");
    throw new AppError("Unauthorized", `The sign-in provider refused: ${description ?? providerError}`);
  }
  const configuration = await providerConfiguration(settings);
  // The redirect URI as registered: behind a proxy the request's own URL may differ.
  const currentUrl = new URL(`${settings.publicUrl}${CALLBACK_PATH}${input.callbackUrl.search}`);
  let claims: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error("no ID token");
    claims = { ...idToken };
    if (configuration.serverMetadata().userinfo_endpoint) {
      claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), ...claims };
    }
  } catch (error) {
    throw new AppError("Unauthorized", "Sign-in failed: the provider's answer could not be verified; sign in again", {
      cause: error,
    });
  }
  const subject = stringClaim(claims.sub);
  if (!subject) throw new AppError("Unauthorized", "Sign-in failed: the provider sent no subject");
  // An address the provider flags as unverified must not match the email allow-lists.
  const email = claims.email_verified === false ? null : stringClaim(claims.email);
  const user = await recordSignIn(
    prisma,
    {
      issuer: configuration.serverMetadata().issuer,
      subject,
      name: stringClaim(claims.name) ?? stringClaim(claims.preferred_username) ?? email ?? subject,
      email,
      groups: groupsFromClaim(claims[settings.groupsClaim]),
    },
    input.now ?? new Date(),
  );
  const session = await startSession(prisma, settings, user.id, input.now);
  const clearFlow = serializeCookie(FLOW_COOKIE, "", {
    maxAgeSeconds: 0,
    secure: settings.secureCookies,
    path: FLOW_COOKIE_PATH,
  });
  return { user, returnTo: flow.returnTo, setCookies: [session.setCookie, clearFlow] };
}
