import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlerts } from "@/lib/db/write/alerts";
import { databaseKinds, openTestDatabase, type TestDatabase } from "@/lib/db/conn/testing";
import { createDeliveries, listDeliveryLog } from "@/lib/db/write/webhooks";
import { LOCAL_ADMIN } from "@/lib/core/actor";
import { toErrorResponse } from "@/lib/http/route";
import type { AlertActionContext } from "./context";
import { deliverDue } from "./deliver";
import { createWebhook } from "./manage-webhooks";
import { DEFAULT_ALERT_SETTINGS } from "./settings";
import {
  assertAllowedLiteralTarget,
  ForbiddenTargetError,
  guardedLookup,
  systemResolveHost,
  type ResolvedAddress,
  type ResolveHost,
} from "./webhook-target";

// Webhooks may not reach the instance metadata service: refused at creation (literal forms by the
// schema, host names by resolving them) and at delivery (inside the connection's own lookup).
// Only loopback is ever connected to: every refused case either fails before connecting or, if the
// guard were broken, would reach the loopback receiver first and fail the test.

/** A resolver that plays DNS: fixed answers per host name, and a record of what was asked. */
function fakeDns(answers: Record<string, ResolvedAddress[] | (() => ResolvedAddress[])>) {
  const asked: string[] = [];
  const resolveHost: ResolveHost = async (hostname) => {
    asked.push(hostname);
    const answer = answers[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return typeof answer === "function" ? answer() : answer;
  };
  return { resolveHost, asked };
}

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

/** The HTTP answer createWebhook's error gets from the one route error map. */
async function answerTo(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const response = toErrorResponse(error);
    const body = (await response.json()) as { error: { message: string } };
    return { status: response.status, message: body.error.message };
  }
  throw new Error("expected the webhook to be refused");
}

describe("guardedLookup", () => {
  const lookupWith = (resolveHost: ResolveHost, hostname: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
      guardedLookup(resolveHost)(hostname, { all }, (error, address) => resolve({ error, address })),
    );

  it("fails the connection when any resolved address is in an IMDS range", async () => {
    for (const answer of [
      [v4("169.254.169.254")],
      [v4("10.0.0.1"), v4("169.254.1.2")],
      [v6("fd00:ec2::254")],
      [v6("::ffff:169.254.169.254")],
    ]) {
      const { resolveHost } = fakeDns({ "imds.attacker.test": answer });
      for (const all of [true, false]) {
        const { error } = await lookupWith(resolveHost, "imds.attacker.test", all);
        expect(error).toBeInstanceOf(ForbiddenTargetError);
        expect(error?.message).toMatch(/^refused to connect: imds\.attacker\.test resolves to \S+, in (169|fd00)/);
      }
    }
  });

  it("refuses the IMDS literal through the real resolver, and passes loopback through", async () => {
    const refused = await lookupWith(systemResolveHost, "169.254.169.254", true);
    expect(refused.error?.message).toMatch(/169\.254\.169\.254, in 169\.254\.0\.0\/16/);
    const allowed = await lookupWith(systemResolveHost, "127.0.0.1", true);
    expect(allowed.error).toBeNull();
    expect(allowed.address).toEqual([{ address: "127.0.0.1", family: 4 }]);
  });

  it("refuses literal IMDS targets before any lookup (sockets skip lookup for IP literals)", () => {
    for (const url of ["http://169.254.169.254/", "http://0xa9fea9fe/", "http://[fd00:ec2::254]/"])
      expect(() => assertAllowedLiteralTarget(new URL(url)), url).toThrow(ForbiddenTargetError);
    expect(() => assertAllowedLiteralTarget(new URL("http://127.0.0.1:9/"))).not.toThrow();
    expect(() => assertAllowedLiteralTarget(new URL("http://10.1.2.3/"))).not.toThrow();
  });
});

describe.each(databaseKinds())("webhook targets (%s)", (kind) => {
  let database: TestDatabase;
  let receiver: Server;
  let port = 0;
  const hits: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    receiver = createServer((req, res) => {
      hits.push(req.url ?? "/");
      req.resume();
      req.on("end", () => res.end("ok"));
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    // safe because a TCP server listening on a host/port reports an AddressInfo
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    await database?.close();
  });

  const ctx = (resolveHost?: ResolveHost): AlertActionContext => ({ db: database, actor: LOCAL_ADMIN, resolveHost });

  it("answers 422 naming url for every literal spelling of an IMDS target", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
      "https://169.254.170.2/v2/credentials",
      "http://2852039166/",
      "http://0xa9fea9fe/",
      "http://0xA9.0xFE.0xA9.0xFE/",
      "http://0251.0376.0251.0376/",
      "http://169.254.43518/",
      "http://169.254.169.254./",
      "http://[::ffff:169.254.169.254]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://[fd00:ec2:0:0::254]:80/",
    ]) {
      const answer = await answerTo(createWebhook({ ctx: ctx(), input: { name: "imds", url } }));
      expect(answer.status, url).toBe(422);
      expect(answer.message, url).toMatch(/^url: refused, \S+ is in (169\.254\.0\.0\/16|fd00:ec2::\/32)/);
    }
    expect(await database.prisma.webhook.count({ where: { name: "imds" } })).toBe(0);
  });

  it("answers 422 naming url for a host name that resolves into an IMDS range, or not at all", async () => {
    const dns = fakeDns({
      "metadata.attacker.test": [v4("169.254.169.254")],
      "mixed.attacker.test": [v4("127.0.0.1"), v6("fd00:ec2::254")],
      "mapped.attacker.test": [v6("::ffff:169.254.169.254")],
    });
    for (const host of ["metadata.attacker.test", "mixed.attacker.test", "mapped.attacker.test"]) {
      const answer = await answerTo(
        createWebhook({ ctx: ctx(dns.resolveHost), input: { name: "imds", url: `https://${host}/hook` } }),
      );
      expect(answer).toMatchObject({ status: 422 });
      expect(answer.message).toMatch(new RegExp(`^url: refused, ${host.replace(/\./g, "\\.")} resolves to `));
    }
    const unknown = await answerTo(
      createWebhook({ ctx: ctx(dns.resolveHost), input: { name: "imds", url: "https://nowhere.test/hook" } }),
    );
    expect(unknown).toEqual({
      status: 422,
      message: "url: host nowhere.test could not be resolved (ENOTFOUND); check the name",
    });
    expect(dns.asked).toEqual([
      "metadata.attacker.test",
      "mixed.attacker.test",
      "mapped.attacker.test",
      "nowhere.test",
    ]);
    expect(await database.prisma.webhook.count({ where: { name: "imds" } })).toBe(0);
  });

  it("keeps loopback and private targets allowed (real resolver for localhost)", async () => {
    const dns = fakeDns({ "hooks.internal.test": [v4("10.20.30.40"), v4("192.168.0.9"), v4("172.16.0.1")] });
    const named = await createWebhook({
      ctx: ctx(dns.resolveHost),
      input: { name: "private", url: "https://hooks.internal.test/services/abc" },
    });
    expect(named.webhook.maskedUrl).toBe("https://hooks.internal.test/…/abc");
    const local = await createWebhook({ ctx: ctx(), input: { name: "local", url: `http://localhost:${port}/x` } });
    expect(local.webhook.maskedUrl).toBe(`http://localhost:${port}/…`);
    await database.prisma.webhook.deleteMany({ where: { id: { in: [named.webhook.id, local.webhook.id] } } });
  });

  it("refuses a delivery whose host resolves into an IMDS range by then, and logs why", async () => {
    // DNS rebinding: loopback when the webhook is added, the metadata address when it is delivered.
    let answer = [v4("127.0.0.1")];
    const dns = fakeDns({ "rebind.attacker.test": () => answer });
    const created = await createWebhook({
      ctx: ctx(dns.resolveHost),
      input: { name: "rebinding", url: `http://rebind.attacker.test:${port}/services/T0/B0/secretpath` },
    });
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
      [{ webhookId: created.webhook.id, alertId: alert!.id, payload: { text: "hello" } }],
      new Date(Date.now() - 1000),
    );

    // Loopback listed first: were the guard broken, the receiver would get the request.
    answer = [v4("127.0.0.1"), v4("169.254.169.254")];
    expect(await deliverDue(database, DEFAULT_ALERT_SETTINGS, { resolveHost: dns.resolveHost })).toBe(1);

    expect(hits).toEqual([]);
    const log = await listDeliveryLog(database.prisma, { webhookId: created.webhook.id, limit: 10 });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      attempt: 1,
      statusCode: null,
      nextRetryAt: null,
      deliveryStatus: "failed",
      error:
        "WebhookTargetRefused: refused to connect: rebind.attacker.test resolves to 169.254.169.254, " +
        "in 169.254.0.0/16 (IPv4 link-local, where the EC2 instance metadata service lives)",
    });
    expect(JSON.stringify(log)).not.toContain("secretpath");

    // The same webhook with a loopback answer is delivered: the refusal was the address, not the hook.
    answer = [v4("127.0.0.1")];
    await createDeliveries(
      database.prisma,
      [
        {
          webhookId: created.webhook.id,
          alertId: (
            await createAlerts(
              database.prisma,
              [
                {
                  key: "run:111122223333/eu-west-1",
                  type: "run",
                  severity: "warning",
                  accountId: "111122223333",
                  region: "eu-west-1",
                  instanceId: null,
                  team: null,
                  title: "Collection failed in eu-west-1",
                  detail: {},
                },
              ],
              { runId: 1, now: new Date() },
            )
          )[0]!.id,
          payload: { text: "again" },
        },
      ],
      new Date(Date.now() - 1000),
    );
    expect(await deliverDue(database, DEFAULT_ALERT_SETTINGS, { resolveHost: dns.resolveHost })).toBe(1);
    expect(hits).toEqual(["/services/T0/B0/secretpath"]);
  });
});
