import { finishSignIn } from "@/lib/auth/sign-in";
import { getDatabase } from "@/lib/db/conn/client";
import { env, oidcSettings } from "@/lib/env";
import { AppError } from "@/lib/core/app-error";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The provider's redirect back: starts a session, then returns to the page sign-in began on. */
export const GET = publicRoute(async (request) => {
  const settings = oidcSettings(env());
  if (!settings) return new Response(null, { status: 303, headers: { location: "/" } });
  try {
    const finished = await finishSignIn({
      settings,
      prisma: (await getDatabase()).prisma,
      callbackUrl: new URL(request.url),
      cookieHeader: request.headers.get("cookie"),
    });
    const headers = new Headers({ location: `${settings.publicUrl}${finished.returnTo}`, "cache-control": "no-store" });
    for (const cookie of finished.setCookies) headers.append("set-cookie", cookie);
    return new Response(null, { status: 303, headers });
  } catch (error) {
    // A person landed here from the provider: show the reason on the sign-in page, not as JSON.
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    if (error.cause) console.warn(`[auth] sign-in failed: ${error.message}`, error.cause);
    const location = `${settings.publicUrl}/sign-in?error=${encodeURIComponent(error.message)}`;
    return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
  }
});
