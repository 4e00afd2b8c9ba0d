// The OIDC side of e2e (sign-in.spec.ts, oidc-changes.spec.ts): a real provider (lib/auth/testing.ts)
// on a fixed port and a second `next start` that signs in through it; LOCAL_* is the main,
// local-mode server. Shared by playwright.config.ts and the specs.

export const LOCAL_PORT = Number(process.env.E2E_LOCAL_PORT ?? 3100);
export const LOCAL_URL = `http://127.0.0.1:${LOCAL_PORT}`;
export const OIDC_APP_PORT = Number(process.env.E2E_OIDC_APP_PORT ?? 3101);
export const OIDC_PROVIDER_PORT = Number(process.env.E2E_OIDC_PROVIDER_PORT ?? 3102);
export const OIDC_APP_URL = `http://127.0.0.1:${OIDC_APP_PORT}`;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PROVIDER_PORT}`;
/** A third, local-mode server only the fuzz spec uses: its generated changes touch no other spec's data. */
export const FUZZ_PORT = Number(process.env.E2E_FUZZ_PORT ?? 3103);
export const FUZZ_URL = `http://127.0.0.1:${FUZZ_PORT}`;
export const OIDC_CLIENT = { id: "imds-e2e", secret: "e2e-client-secret-not-for-production" };
