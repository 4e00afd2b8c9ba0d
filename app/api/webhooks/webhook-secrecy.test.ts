import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReactElement } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverDue } from "@/lib/alerts/deliver";
import { DEFAULT_ALERT_SETTINGS } from "@/lib/alerts/settings";
import type { Identity } from "@/lib/http/identity";
import { createAlerts } from "@/lib/db/write/alerts";
import { createAuditEntry } from "@/lib/db/write/audit";
import { openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { createDeliveries } from "@/lib/db/write/webhooks";
import { type Actor } from "@/lib/core/actor";
import { setActorResolver } from "@/lib/http/actor";
import type { AppContext } from "@/lib/app-context";
import AlertsPage from "@/app/(dashboard)/alerts/page";
import AuditPage from "@/app/(dashboard)/audit/page";
import { GET as getDeliveries } from "@/app/api/alerts/deliveries/route";
import { GET as getAlertsCsv } from "@/app/api/alerts/export/route";
import { GET as getAlerts } from "@/app/api/alerts/route";
import { GET as getAuditCsv } from "@/app/api/audit/export/route";
import { GET as getAudit } from "@/app/api/audit/route";
import { DELETE as deleteWebhook } from "./[id]/route";
import { GET as getWebhooks, POST as postWebhook } from "./route";

// A webhook URL is a credential (Slack, Teams): after it is sent once, no answer a viewer or an
// operator can get (API, CSV, page data) holds it in full, and the signing secret only the reply
// to the create. The handlers run for real against a real database; only who asks is chosen here.
const app = vi.hoisted(() => ({ current: null as Promise<unknown> | null }));
vi.mock("@/lib/app-context", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/app-context")>()),
  getAppContext: () => app.current ?? Promise.reject(new Error("test app not started")),
}));
// Server components ask next/headers who is looking, which needs a live request: here, the test says.
const identity = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/lib/http/identity", () => ({ requestIdentity: async () => identity.current }));

const ORIGIN = "http://127.0.0.1:3000";
const VIEWER: Actor = { id: "v-1", name: "Vera Viewer", role: "viewer", kind: "oidc" };
const OPERATOR: Actor = { id: "o-1", name: "Olga Operator", role: "operator", kind: "oidc" };
/** The part of the URL that is the credential; none of its text may come back. */
const TOKEN = "T0AAAA1111/B0BBBB2222/s3cr3tT0k3nXYZa1B2";
const noParams = { params: Promise.resolve({}) };

let restoreActor: (() => void) | null = null;
const as = (actor: Actor) => {
  restoreActor?.();
  restoreActor = setActorResolver(async () => actor);
  identity.current = { mode: "oidc", actor } satisfies Identity;
};
afterEach(() => {
  restoreActor?.();
  restoreActor = null;
});

const get = (handler: typeof getAudit, path: string) => handler(new Request(`${ORIGIN}${path}`), noParams);

/** The credential in any form a leak could take: raw, JSON-escaped, URL-encoded. */
function expectNoCredential(text: string, where: string) {
  for (const needle of ["s3cr3tT0k3nXYZ", "T0AAAA1111", encodeURIComponent(TOKEN)])
    expect(text, `${where} must not contain ${needle}`).not.toContain(needle);
}

describe("webhook URLs and secrets stay secret", () => {
  let database: TestDatabase;
  let receiver: Server;
  let fullUrl = "";
  let secret = "";

  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    // safe because the handlers under test only read app.db
    app.current = Promise.resolve({ db: database } as unknown as AppContext);
    // A receiver whose error page quotes the request path, as many do.
    receiver = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end(`no such hook: ${req.url} at http://${req.headers.host}${req.url}`);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    // safe because a TCP server listening on a host/port reports an AddressInfo
    const port = (receiver.address() as AddressInfo).port;
    fullUrl = `http://127.0.0.1:${port}/services/${TOKEN}`;

    // Audit rows written before URLs were masked: they hold the full URL and must come out masked.
    for (const [action, before, after] of [
      ["webhook.create", null, { id: "legacy", name: "legacy", url: fullUrl, team: null }],
      ["webhook.delete", { id: "legacy", name: "legacy", url: fullUrl, team: null, enabled: true }, null],
    ] as const) {
      await createAuditEntry(database.prisma, {
        changeId: randomUUID(),
        requestedAt: new Date(),
        actorId: OPERATOR.id,
        actorName: OPERATOR.name,
        action,
        accountId: "",
        region: "",
        before,
        after,
        completedAt: new Date(),
      });
    }
  });
  afterAll(async () => {
    app.current = null;
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    await database?.close();
  });

  it("the reply to create shows the URL masked and the secret once", async () => {
    as(OPERATOR);
    const response = await postWebhook(
      new Request(`${ORIGIN}/api/webhooks`, {
        method: "POST",
        headers: { origin: ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ name: "payments slack", url: fullUrl, team: null }),
      }),
      noParams,
    );
    const text = await response.text();
    expect(response.status).toBe(201);
    expectNoCredential(text, "POST /api/webhooks");
    const body = JSON.parse(text) as { webhook: { maskedUrl: string }; secret: string };
    expect(body.webhook.maskedUrl).toBe(`${new URL(fullUrl).origin}/…a1B2`);
    expect(body.secret).toMatch(/^whsec_/);
    secret = body.secret;
  });

  it("refuses an IMDS target over HTTP with 422 naming url", async () => {
    as(OPERATOR);
    const response = await postWebhook(
      new Request(`${ORIGIN}/api/webhooks`, {
        method: "POST",
        headers: { origin: ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ name: "imds", url: "http://[::ffff:169.254.169.254]/latest/meta-data/" }),
      }),
      noParams,
    );
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /^url: refused, ::ffff:a9fe:a9fe is in 169\.254\.0\.0\/16/,
    );
  });

  it("a viewer gets 403 for the list, and no full URL or secret from audit, CSV, alerts or deliveries", async () => {
    // A delivery attempt whose error page quotes the URL, so the delivery log has something to leak.
    const webhook = await database.prisma.webhook.findFirstOrThrow({ where: { name: "payments slack" } });
    const [alert] = await createAlerts(
      database.prisma,
      [
        {
          key: "run:failed",
          type: "run",
          severity: "critical",
          accountId: null,
          region: null,
          instanceId: null,
          team: null,
          title: "Collection failed",
          detail: {},
        },
      ],
      { runId: 1, now: new Date() },
    );
    await createDeliveries(
      database.prisma,
      [{ webhookId: webhook.id, alertId: alert!.id, payload: { text: "hi" } }],
      new Date(Date.now() - 1000),
    );
    expect(await deliverDue(database, DEFAULT_ALERT_SETTINGS)).toBe(1);

    as(VIEWER);
    const list = await get(getWebhooks, "/api/webhooks");
    expect(list.status).toBe(403);
    expect(((await list.json()) as { error: { message: string } }).error.message).toBe(
      "Forbidden: this needs the operator role or higher; Vera Viewer is viewer",
    );

    const answers: Record<string, Response> = {
      "/api/audit": await get(getAudit, "/api/audit"),
      "/api/audit?action=webhook.create": await get(getAudit, "/api/audit?action=webhook.create"),
      "/api/audit/export": await get(getAuditCsv, "/api/audit/export"),
      "/api/alerts": await get(getAlerts, "/api/alerts"),
      "/api/alerts/export": await get(getAlertsCsv, "/api/alerts/export"),
      "/api/alerts/deliveries": await get(getDeliveries, "/api/alerts/deliveries"),
    };
    const texts: Record<string, string> = {};
    for (const [path, response] of Object.entries(answers)) {
      expect(response.status, path).toBe(200);
      texts[path] = await response.text();
      expectNoCredential(texts[path]!, path);
      expect(texts[path], path).not.toContain(secret);
    }
    const masked = `${new URL(fullUrl).origin}/…a1B2`;
    // The audit trail still says which webhook: new and old rows alike, in JSON and CSV.
    const audit = JSON.parse(texts["/api/audit?action=webhook.create"]!) as { entries: { after: { url: string } }[] };
    expect(audit.entries.map((entry) => entry.after.url)).toEqual([masked, masked]);
    expect(texts["/api/audit/export"]).toContain(masked.replace(/"/g, '""'));
    // The delivery log says what went wrong, with the quoted URL masked.
    const deliveries = JSON.parse(texts["/api/alerts/deliveries"]!) as { attempts: { error: string }[] };
    expect(deliveries.attempts).toHaveLength(1);
    expect(deliveries.attempts[0]!.error).toBe(`HTTP 404: no such hook: /… at ${masked}`);
  });

  it("the audit and alerts pages' data hold no full URL, and a viewer's holds no webhook list", async () => {
    const pageData = async (page: ReactElement | Promise<ReactElement>) =>
      // safe because both pages render <HydrationBoundary state={dehydrate(...)}> at the top
      JSON.stringify(((await page).props as { state: unknown }).state);

    as(VIEWER);
    const auditData = await pageData(AuditPage({ searchParams: Promise.resolve({}) }));
    expect(auditData).toContain("webhook.create");
    expectNoCredential(auditData, "audit page data");
    const viewerAlerts = await pageData(AlertsPage({ searchParams: Promise.resolve({}) }));
    expect(viewerAlerts).not.toContain('"webhooks"');
    expect(viewerAlerts).not.toContain("payments slack");

    as(OPERATOR);
    const operatorAlerts = await pageData(AlertsPage({ searchParams: Promise.resolve({}) }));
    expect(operatorAlerts).toContain("payments slack");
    expect(operatorAlerts).toContain(`${new URL(fullUrl).origin}/…a1B2`);
    expectNoCredential(operatorAlerts, "alerts page data (operator)");
    expect(operatorAlerts).not.toContain(secret);
  });

  it("an operator lists webhooks with masked URLs and without secrets", async () => {
    as(OPERATOR);
    const response = await get(getWebhooks, "/api/webhooks");
    expect(response.status).toBe(200);
    const text = await response.text();
    expectNoCredential(text, "GET /api/webhooks (operator)");
    expect(text).not.toContain(secret);
    expect(text).not.toContain("whsec_");
    const body = JSON.parse(text) as { webhooks: { name: string; maskedUrl: string }[] };
    expect(body.webhooks.map((hook) => [hook.name, hook.maskedUrl])).toEqual([
      ["payments slack", `${new URL(fullUrl).origin}/…a1B2`],
    ]);
  });

  it("writes new audit rows with the URL already masked (create and delete), not only reads them so", async () => {
    as(OPERATOR);
    const webhook = await database.prisma.webhook.findFirstOrThrow({ where: { name: "payments slack" } });
    const deleted = await deleteWebhook(
      new Request(`${ORIGIN}/api/webhooks/${webhook.id}`, { method: "DELETE", headers: { origin: ORIGIN } }),
      { params: Promise.resolve({ id: webhook.id }) },
    );
    expect(deleted.status).toBe(204);
    const idOf = (values: unknown) => (values as { id?: unknown } | null)?.id;
    // safe because webhook audit values are objects with the webhook's id (manage-webhooks.ts)
    const written = (
      await database.prisma.auditEntry.findMany({
        where: { action: { in: ["webhook.create", "webhook.delete"] } },
        orderBy: { id: "asc" },
      })
    ).filter((row) => idOf(row.before) === webhook.id || idOf(row.after) === webhook.id);
    expect(written.map((row) => row.action)).toEqual(["webhook.create", "webhook.delete"]);
    expectNoCredential(JSON.stringify(written.map((row) => [row.before, row.after])), "stored audit rows");
    expect(written.map((row) => (row.action === "webhook.create" ? row.after : row.before))).toMatchObject([
      { url: `${new URL(fullUrl).origin}/…a1B2` },
      { url: `${new URL(fullUrl).origin}/…a1B2` },
    ]);
  });
});
