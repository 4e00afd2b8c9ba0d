import { startSignIn } from "@/lib/auth/sign-in";
import { env, oidcSettings } from "@/lib/env";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Redirects to the OIDC provider; `returnTo` is the page to come back to. Local mode: home. */
export const GET = publicRoute(async (request) => {
  const settings = oidcSettings(env());
  if (!settings) return new Response(null, { status: 303, headers: { location: "/" } });
  const started = await startSignIn(settings, new URL(request.url).searchParams.get("returnTo"));
  return new Response(null, {
    status: 303,
    headers: { location: started.location, "set-cookie": started.setCookie, "cache-control": "no-store" },
  });
});
