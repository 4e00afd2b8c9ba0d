import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorContext } from "@/lib/aws/context";
import { runCollection } from "@/lib/collector/run-collection";
import { testCollectorSettings } from "@/lib/collector/testing";
import { listDeliveryLog } from "@/lib/db/write/webhooks";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { verifySignature, type WebhookPayload } from "@/lib/domain/alerts";
import { LOCAL_ADMIN } from "@/lib/core/actor";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { TEST_NOW } from "@/lib/simulator/testing";
import { startDeliveryLoop } from "./deliver";
import { createWebhook, deleteWebhook } from "./manage-webhooks";
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from "./settings";

// A webhook receiver on 127.0.0.1 gets each new alert of a collection run, signed; when it answers
// 500 the delivery is retried after the configured delay (milliseconds here) and logged.

interface Received {
  path: string;
  body: string;
  signature: string;
  attempt: string;
  at: number;
}

async function startReceiver(answer: (count: number, path: string) => number) {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      received.push({
        path,
        body,
        signature: String(req.headers["x-imds-signature"] ?? ""),
        attempt: String(req.headers["x-imds-attempt"] ?? ""),
        at: Date.now(),
      });
      // Counted per path and alert, so each alert's first attempt gets the first answer.
      const key = (text: string) => /"key":"([^"]+)"/.exec(text)?.[1];
      const status = answer(received.filter((r) => r.path === path && key(r.body) === key(body)).length, path);
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status >= 500 ? "receiver is down" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // safe because a TCP server listening on a host/port reports an AddressInfo
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 10_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe.each(databaseKinds())("webhook delivery (%s)", (kind) => {
  let sim: RunningSimulator;
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const settings: AlertSettings = {
    ...DEFAULT_ALERT_SETTINGS,
    retryDelaysMs: [150, 300],
    timeoutMs: 2_000,
    publicUrl: "https://imds.example.com",
  };

  beforeAll(async () => {
    sim = await startSimulator({
      fleet: { seed: 3, instances: 60, accounts: 1, regions: 2, now: TEST_NOW },
      clock: () => TEST_NOW,
    });
    database = await openTestDatabase(kind);
    // "all" fails each alert's first attempt with 500, then accepts; "team" always accepts; "gone" always 404s.
    receiver = await startReceiver((count, path) =>
      path === "/all" ? (count === 1 ? 500 : 200) : path === "/gone" ? 404 : 200,
    );
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await database?.close();
    await sim?.close();
  });

  it("signs each new alert, retries after a 500, logs every attempt and honours the team filter", async () => {
    const ctx = { db: database, actor: LOCAL_ADMIN };
    const all = await createWebhook({ ctx, input: { name: "everything", url: `${receiver.url}/all` } });
    expect(all.secret).toMatch(/^whsec_[\w-]{32}$/);
    expect(JSON.stringify(all.webhook)).not.toContain(all.secret);
    const gone = await createWebhook({ ctx, input: { name: "gone", url: `${receiver.url}/gone` } });

    // The team of one instance with rejected calls: only its alerts reach the team's webhook.
    const accountId = sim.fleet.managementAccount.id;
    const rejecting = sim.fleet.regions
      .flatMap((r) => sim.fleet.listInstances(accountId, r))
      .filter(
        (v) =>
          (sim.fleet.metricSum(
            v.instanceId,
            "MetadataNoTokenRejected",
            TEST_NOW - 24 * 3_600_000,
            TEST_NOW - 3_600_000,
          ) ?? 0) > 0,
      );
    const team = rejecting.map((v) => v.tags.find((t) => t.key === "team")?.value).find(Boolean);
    expect(team).toBeTruthy();
    const teamHook = await createWebhook({ ctx, input: { name: "team", url: `${receiver.url}/team`, team } });

    let stop: (() => void) | null = null;
    try {
      const run = await runCollection(
        {
          db: database,
          aws: simulatorContext(sim.url, 2),
          settings: testCollectorSettings({ backfillDays: 2, historyDays: 0 }),
          databaseUrl: database.url ?? undefined,
          now: () => TEST_NOW,
          alerts: settings,
        },
        { trigger: "cli" },
      );
      expect(run.status).toBe("succeeded");
      const alertCount = rejecting.length;

      // The first attempt happened within the run: every alert already reached /all once (and got 500).
      const atRunEnd = receiver.received.filter((r) => r.path === "/all" && r.attempt === "1");
      expect(atRunEnd).toHaveLength(alertCount);
      // Retries are the delivery loop's. It starts only now, so the first attempts above were the run's own.
      stop = startDeliveryLoop(database, settings, 20);

      await waitFor(() => receiver.received.filter((r) => r.path === "/all").length === alertCount * 2);
      await waitFor(async () => (await database.prisma.webhookDelivery.count({ where: { status: "pending" } })) === 0);

      for (const hit of receiver.received.filter((r) => r.path === "/all")) {
        const t = Number(/t=(\d+)/.exec(hit.signature)?.[1]);
        expect(verifySignature(all.secret, hit.body, hit.signature, Math.floor(Date.now() / 1000))).toBe(true);
        expect(verifySignature(all.secret, `${hit.body} `, hit.signature, t)).toBe(false);
        expect(verifySignature(gone.secret, hit.body, hit.signature, t)).toBe(false);
      }
      // safe because the receiver got exactly the JSON the dashboard sent
      const payload = JSON.parse(receiver.received[0]!.body) as WebhookPayload;
      expect(payload.text).toMatch(/^:rotating_light: IMDSv1 calls rejected on /);
      expect(payload.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
      expect(payload.alert).toMatchObject({
        type: "rejected",
        severity: "critical",
        accountId,
        runId: run.id,
        url: "https://imds.example.com/alerts?state=open&type=rejected",
      });
      expect(payload.alert.key).toBe(`rejected:${payload.alert.instanceId}`);

      // The retry came after the configured delay, as attempt 2.
      const [firstHit, retry] = receiver.received.filter(
        (r) => r.path === "/all" && r.body === receiver.received.find((x) => x.path === "/all")!.body,
      );
      expect(retry?.attempt).toBe("2");
      expect(retry!.at - firstHit!.at).toBeGreaterThanOrEqual(140);

      const log = await listDeliveryLog(database.prisma, { webhookId: all.webhook.id, limit: 100 });
      expect(log).toHaveLength(alertCount * 2);
      const firstAttempts = log.filter((entry) => entry.attempt === 1);
      expect(
        firstAttempts.every(
          (e) => e.statusCode === 500 && e.error === "HTTP 500: receiver is down" && e.nextRetryAt !== null,
        ),
      ).toBe(true);
      expect(
        log
          .filter((e) => e.attempt === 2)
          .every((e) => e.statusCode === 200 && e.error === null && e.nextRetryAt === null),
      ).toBe(true);
      expect(log.every((e) => e.deliveryStatus === "delivered" && e.durationMs >= 0)).toBe(true);

      // A 404 is not retried: one attempt, failed.
      const goneLog = await listDeliveryLog(database.prisma, { webhookId: gone.webhook.id, limit: 100 });
      expect(goneLog.map((e) => [e.attempt, e.statusCode, e.deliveryStatus])).toEqual(
        Array.from({ length: alertCount }, () => [1, 404, "failed"]),
      );

      // The team's webhook got only its team's alerts.
      const teamHits = receiver.received.filter((r) => r.path === "/team");
      expect(teamHits.length).toBeGreaterThan(0);
      expect(teamHits.length).toBeLessThan(alertCount + 1);
      for (const hit of teamHits) {
        expect(verifySignature(teamHook.secret, hit.body, hit.signature, Math.floor(Date.now() / 1000))).toBe(true);
        expect((JSON.parse(hit.body) as WebhookPayload).alert.team).toBe(team);
      }
      expect(teamHits.length).toBe(
        rejecting.filter((v) => v.tags.some((t) => t.key === "team" && t.value === team)).length,
      );

      // A second run with the same conditions sends nothing new.
      const before = receiver.received.length;
      await runCollection(
        {
          db: database,
          aws: simulatorContext(sim.url, 2),
          settings: testCollectorSettings({ backfillDays: 2, historyDays: 0 }),
          databaseUrl: database.url ?? undefined,
          now: () => TEST_NOW + 60_000,
          alerts: settings,
        },
        { trigger: "cli" },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received.length).toBe(before);
    } finally {
      stop?.();
    }
    await deleteWebhook({ ctx, input: { id: gone.webhook.id } });
    expect(await database.prisma.webhook.count()).toBe(2);
  }, 120_000);

  it("refuses URLs that are not http(s)", async () => {
    const ctx = { db: database, actor: LOCAL_ADMIN };
    for (const url of ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://x", "not a url"]) {
      await expect(createWebhook({ ctx, input: { name: "bad", url } })).rejects.toThrow(
        /must be an http:\/\/ or https:\/\/ URL/,
      );
    }
  });
});
