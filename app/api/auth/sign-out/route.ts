import { endSession } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/conn/client";
import { env, oidcSettings } from "@/lib/env";
import { assertSameOrigin, publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Ends the session (POST from the header's form) and shows the sign-in page. */
export const POST = publicRoute(async (request) => {
  // Another site must not sign people out: same-origin like every other POST.
  assertSameOrigin(request);
  const settings = oidcSettings(env());
  if (!settings) return new Response(null, { status: 303, headers: { location: "/" } });
  const clear = await endSession((await getDatabase()).prisma, settings, request.headers.get("cookie"));
  return new Response(null, {
    status: 303,
    headers: {
      location: `${settings.publicUrl}/sign-in?signedOut=1`,
      "set-cookie": clear,
      "cache-control": "no-store",
    },
  });
});
