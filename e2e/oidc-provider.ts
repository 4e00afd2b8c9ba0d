// Runs the test OIDC provider for e2e (a Playwright webServer): `tsx e2e/oidc-provider.ts`.
import { startTestOidcProvider } from "../lib/auth/testing";
import { OIDC_APP_URL, OIDC_CLIENT, OIDC_PROVIDER_PORT } from "./oidc";

const provider = await startTestOidcProvider({
  port: OIDC_PROVIDER_PORT,
  clientId: OIDC_CLIENT.id,
  clientSecret: OIDC_CLIENT.secret,
  redirectUris: [`${OIDC_APP_URL}/api/auth/callback`],
});
console.log(`[test-oidc] provider at ${provider.issuer} for ${OIDC_APP_URL}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    provider.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("[test-oidc] close failed:", error);
        process.exit(1);
      },
    );
  });
}
