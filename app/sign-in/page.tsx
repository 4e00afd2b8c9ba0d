import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { requestIdentity } from "@/lib/http/identity";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const identity = await requestIdentity();
  const params = await searchParams;
  const error = typeof params.error === "string" ? params.error : null;
  if (identity.mode === "local") {
    return (
      <div className="card stack">
        <h1>No sign-in needed</h1>
        <p>
          This dashboard runs in local mode: no sign-in is configured, it listens on {identity.host} only, and you are
          admin. <Link href="/">Go to the overview</Link>.
        </p>
      </div>
    );
  }
  if (identity.actor && !error) redirect("/");
  return (
    <div className="card stack">
      <h1>Sign in</h1>
      {params.signedOut ? <p role="status">You are signed out.</p> : null}
      {error ? (
        <p role="alert" className="header-problem">
          {error}
        </p>
      ) : null}
      <p>Sign in with your organization&apos;s account to see the IMDSv2 migration dashboard.</p>
      <p>
        <a className="button" href="/api/auth/sign-in">
          Sign in
        </a>
      </p>
    </div>
  );
}
