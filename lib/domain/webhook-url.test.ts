import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  forbiddenTargetReason,
  ipLiteralHost,
  maskWebhookAuditValues,
  maskWebhookUrl,
  redactWebhookUrl,
} from "./webhook-url";

const SLACK = "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/XXXXXXXXXXXXXXXXXXXXa1B2";

describe("maskWebhookUrl", () => {
  it("keeps scheme, host and the last 4 characters only", () => {
    expect(maskWebhookUrl(SLACK)).toBe("https://hooks.slack.com/…a1B2");
    expect(maskWebhookUrl("https://example.webhook.office.com/webhookb2/abc@def/IncomingWebhook/0123/zz9Y")).toBe(
      "https://example.webhook.office.com/…zz9Y",
    );
    // Port kept, user info (a credential too) dropped, query counted in the hidden part.
    expect(maskWebhookUrl("http://user:pw@127.0.0.1:8080/hook?token=abcdefgh")).toBe("http://127.0.0.1:8080/…efgh");
  });

  it("reveals no tail of a short path, and nothing of text that is not a URL", () => {
    expect(maskWebhookUrl("http://127.0.0.1:4000/all")).toBe("http://127.0.0.1:4000/…");
    expect(maskWebhookUrl("https://example.com")).toBe("https://example.com/…");
    expect(maskWebhookUrl("not a url with secret-token-1234")).toBe("…");
  });

  it("is idempotent and never contains the hidden part (property)", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const path = `/${segments.join("/")}`;
        const url = `https://hooks.example.com${path}`;
        const masked = maskWebhookUrl(url);
        expect(maskWebhookUrl(masked)).toBe(masked);
        expect(masked.startsWith("https://hooks.example.com/…")).toBe(true);
        expect(masked.length).toBeLessThanOrEqual("https://hooks.example.com/…".length + 4);
        if (path.length > 8) expect(masked).not.toContain(path);
      }),
    );
  });

  it("masks the url of an audit row's values and leaves other shapes alone", () => {
    expect(maskWebhookAuditValues({ id: "w", url: SLACK, team: null })).toEqual({
      id: "w",
      url: "https://hooks.slack.com/…a1B2",
      team: null,
    });
    expect(maskWebhookAuditValues(null)).toBeNull();
    expect(maskWebhookAuditValues({ alertId: "7" })).toEqual({ alertId: "7" });
  });

  it("redacts the URL and its path from error text", () => {
    expect(redactWebhookUrl(`POST ${SLACK} failed`, SLACK)).toBe("POST https://hooks.slack.com/…a1B2 failed");
    expect(redactWebhookUrl("HTTP 404: no route /services/T0000AAAA/B0000BBBB/XXXXXXXXXXXXXXXXXXXXa1B2", SLACK)).toBe(
      "HTTP 404: no route /…",
    );
  });
});

describe("forbiddenTargetReason", () => {
  it("refuses IPv4 link-local (the IMDS address included) and the IPv6 IMDS range", () => {
    for (const address of ["169.254.169.254", "169.254.0.1", "169.254.255.255"])
      expect(forbiddenTargetReason(address), address).toMatch(/^169\.254\.0\.0\/16/);
    for (const address of ["fd00:ec2::254", "FD00:0EC2:0:0:0:0:0:254", "fd00:ec2:ffff::1"])
      expect(forbiddenTargetReason(address), address).toMatch(/^fd00:ec2::\/32/);
  });

  it("refuses link-local IPv4 embedded in IPv6 (mapped, compatible, NAT64), in either notation", () => {
    for (const address of [
      "::ffff:169.254.169.254",
      "::ffff:a9fe:a9fe",
      "0:0:0:0:0:ffff:a9fe:0101",
      "::169.254.169.254",
      "64:ff9b::169.254.169.254",
      "[::ffff:a9fe:a9fe]",
    ])
      expect(forbiddenTargetReason(address), address).toMatch(/^169\.254\.0\.0\/16/);
  });

  it("allows loopback, private ranges, neighbours of the refused ranges and host names", () => {
    for (const address of [
      "127.0.0.1",
      "10.0.0.5",
      "172.16.3.4",
      "192.168.1.1",
      "169.253.255.255",
      "169.255.0.0",
      "::1",
      "::ffff:10.0.0.1",
      "::ffff:127.0.0.1",
      "fd00:ec3::1",
      "fe80::1",
      "2001:db8::1",
      "hooks.slack.com",
    ])
      expect(forbiddenTargetReason(address), address).toBeNull();
  });

  it("sees every spelling URL parsing normalises as the literal it is", () => {
    for (const spelling of [
      "http://169.254.169.254/latest/meta-data/",
      "http://2852039166/",
      "http://0xa9fea9fe/",
      "http://0xA9.0xFE.0xA9.0xFE/",
      "http://0251.0376.0251.0376/",
      "http://169.254.43518/",
      "http://169.254.169.254./",
      "http://[::ffff:169.254.169.254]/",
      "http://[fd00:ec2::254]/",
      "http://[FD00:EC2:0::254]:80/",
    ]) {
      const literal = ipLiteralHost(new URL(spelling));
      expect(literal, spelling).not.toBeNull();
      expect(forbiddenTargetReason(literal!), spelling).not.toBeNull();
    }
    expect(ipLiteralHost(new URL("https://hooks.slack.com/x"))).toBeNull();
  });
});
