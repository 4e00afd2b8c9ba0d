import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { currentIdentity } from "@/lib/auth/identity";
import "./globals.css";
import { Providers } from "./providers";
import { StatusHeader } from "./status-header";

export const metadata: Metadata = {
  title: { default: "IMDSv2 migration dashboard", template: "%s · IMDSv2 migration dashboard" },
  description: "Tracks the move of EC2 instances from IMDSv1 to IMDSv2-only across AWS accounts and regions.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const identity = await currentIdentity(await headers());
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Providers>
          <StatusHeader identity={identity} />
          <main id="main" className="page">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
