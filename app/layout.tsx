import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { requestIdentity } from "@/lib/http/identity";
import "./globals.css";
import { Providers } from "./providers";
import { StatusHeader } from "./status-header";

export const metadata: Metadata = {
  title: { default: "IMDSv2 migration dashboard", template: "%s · IMDSv2 migration dashboard" },
  description: "Tracks the move of EC2 instances from IMDSv1 to IMDSv2-only across AWS accounts and regions.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const identity = await requestIdentity();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Providers identity={identity}>
          <StatusHeader identity={identity} />
          <main id="main" className="page">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
