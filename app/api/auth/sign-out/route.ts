import { endSession } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { env, oidcSettings } from "@/lib/env";
import { AppError } from "@/lib/http/app-error";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Ends the session (POST from the header's form) and shows the sign-in page. */
export const POST = publicRoute(async (request) => {
  const settings = oidcSettings(env());
  if (!settings) return new Response(null, { status: 303, headers: { location: "/" } });
  // Another site must not sign people out: browsers send Origin with every form POST.
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(settings.publicUrl).origin) {
    throw new AppError("Forbidden", `Sign-out refused: the request came from ${origin}, not this dashboard`);
  }
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
