import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  alertKeys,
  buildPayload,
  decideAlerts,
  isRetryable,
  nextRetryDelay,
  signPayload,
  verifySignature,
  type AlertCondition,
} from "./alerts";

const condition = (key: string): AlertCondition => ({
  key,
  type: "rejected",
  severity: "critical",
  accountId: "111122223333",
  region: "eu-west-1",
  instanceId: key.slice("rejected:".length),
  team: "payments",
  title: `IMDSv1 calls rejected on ${key}`,
  detail: { summary: "3 calls <rejected> & more" },
});

describe("decideAlerts", () => {
  it("fires new conditions, keeps open ones, resolves cleared ones in scope only", () => {
    const open = [
      { id: "1", key: "rejected:i-1" },
      { id: "2", key: "rejected:i-2" },
      { id: "3", key: "rejected:i-3" },
    ];
    const decision = decideAlerts(
      [condition("rejected:i-1"), condition("rejected:i-4"), condition("rejected:i-4")],
      open,
      (key) => key !== "rejected:i-3",
    );
    expect(decision.fire.map((c) => c.key)).toEqual(["rejected:i-4"]);
    expect(decision.keep.map((k) => k.alert.id)).toEqual(["1"]);
    expect(decision.resolve.map((a) => a.id)).toEqual(["2"]);
  });

  it("never fires a key that is open, and every open key in scope is kept or resolved", () => {
    const key = fc.constantFrom(...["a", "b", "c", "d", "e"].map((k) => `rejected:${k}`));
    fc.assert(
      fc.property(fc.array(key), fc.uniqueArray(key), (present, openKeys) => {
        const open = openKeys.map((k, i) => ({ id: String(i), key: k }));
        const d = decideAlerts(present.map(condition), open, () => true);
        expect(d.fire.every((c) => !openKeys.includes(c.key))).toBe(true);
        expect(new Set(d.fire.map((c) => c.key)).size).toBe(d.fire.length);
        expect(d.keep.length + d.resolve.length).toBe(open.length);
      }),
    );
  });
});

describe("webhook payload and signature", () => {
  it("is Slack-compatible with the structured alert and escapes mrkdwn", () => {
    const payload = buildPayload(
      { ...condition(alertKeys.rejected("i-0abc")), id: "7", openedAt: "2026-11-22T12:00:00.000Z", runId: 3 },
      "https://imds.example.com",
    );
    expect(payload.text).toBe(
      ":rotating_light: IMDSv1 calls rejected on rejected:i-0abc (i-0abc, team payments, 111122223333, eu-west-1)",
    );
    expect(JSON.stringify(payload.blocks)).toContain("3 calls &lt;rejected&gt; &amp; more");
    expect(payload.alert).toMatchObject({
      id: "7",
      key: "rejected:i-0abc",
      url: "https://imds.example.com/alerts?state=open&type=rejected",
    });
    expect(buildPayload({ ...payload.alert }, null).alert.url).toBeNull();
  });

  it("signs t.body with HMAC-SHA256 and verifies only the same secret, body and a fresh timestamp", () => {
    const header = signPayload("whsec_x", '{"a":1}', 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature("whsec_x", '{"a":1}', header, 1_700_000_100)).toBe(true);
    expect(verifySignature("whsec_y", '{"a":1}', header, 1_700_000_100)).toBe(false);
    expect(verifySignature("whsec_x", '{"a":2}', header, 1_700_000_100)).toBe(false);
    expect(verifySignature("whsec_x", '{"a":1}', header, 1_700_001_000)).toBe(false);
    expect(verifySignature("whsec_x", '{"a":1}', "garbage", 1_700_000_000)).toBe(false);
  });

  it("retries network errors, 5xx and 429 on the schedule, then stops", () => {
    expect([null, 429, 500, 503].every(isRetryable)).toBe(true);
    expect([200, 301, 400, 404, 410].some(isRetryable)).toBe(false);
    expect([1, 2, 3, 4].map((n) => nextRetryDelay(n, [30_000, 120_000, 600_000]))).toEqual([
      30_000,
      120_000,
      600_000,
      null,
    ]);
  });
});
