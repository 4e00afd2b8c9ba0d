import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WebhooksSection } from "@/components/alerts/webhooks-section";
import { queryKeys } from "@/app/_client/query-keys";
import type { WebhookRecord } from "@/lib/db/write/webhooks";
import { IdentityProvider } from "@/app/_client/identity";
import type { Actor } from "@/lib/core/actor";

// What the Alerts page's webhook section shows each role: operators the list (URLs masked, as the
// API gives them), viewers a note saying why there is no list, and the delivery log to both.
const hook: WebhookRecord = {
  id: "6f1c2b9e-0000-4000-8000-000000000001",
  name: "payments slack",
  maskedUrl: "https://hooks.slack.com/…a1B2",
  team: "payments",
  enabled: true,
  createdAt: "2026-11-22T10:00:00.000Z",
  createdById: "o-1",
  createdByName: "Olga Operator",
  lastAttempt: null,
};

function render(actor: Actor): string {
  const client = new QueryClient();
  // What the page prefetches for this role (nothing for a viewer).
  if (actor.role !== "viewer") client.setQueryData(queryKeys.webhooks, [hook]);
  client.setQueryData(queryKeys.deliveries, []);
  return renderToStaticMarkup(
    <IdentityProvider identity={{ mode: "oidc", actor }}>
      <QueryClientProvider client={client}>
        <WebhooksSection />
      </QueryClientProvider>
    </IdentityProvider>,
  );
}

describe("WebhooksSection", () => {
  it("shows an operator the list with masked URLs and the form", () => {
    const html = render({ id: "o-1", name: "Olga Operator", role: "operator", kind: "oidc" });
    expect(html).toContain("payments slack");
    expect(html).toContain("https://hooks.slack.com/…a1B2");
    expect(html).toContain('aria-label="Add a webhook"');
    expect(html).not.toContain('data-testid="webhooks-hidden"');
  });

  it("shows a viewer why there is no list, and the delivery log", () => {
    const html = render({ id: "v-1", name: "Vera Viewer", role: "viewer", kind: "oidc" });
    expect(html).toContain('data-testid="webhooks-hidden"');
    expect(html).toContain("operators and admins only");
    expect(html).not.toContain('aria-label="Webhooks"');
    expect(html).not.toContain('aria-label="Add a webhook"');
    expect(html).toContain('aria-label="Delivery log"');
  });
});
