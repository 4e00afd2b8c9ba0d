import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { hostRefusal, isExpectedOrigin, originPolicy } from "./origin-policy";

const OIDC = {
  OIDC_ISSUER_URL: "https://login.example.com/realms/ops",
  OIDC_CLIENT_ID: "imds",
  OIDC_CLIENT_SECRET: "secret",
  AUTH_SECRET: "0123456789abcdef0123456789abcdef",
};

describe("originPolicy in local mode", () => {
  const policy = originPolicy(parseEnv({ PORT: "3100" }));

  it("serves only the loopback names on the configured port", () => {
    for (const host of ["127.0.0.1:3100", "localhost:3100", "[::1]:3100", "LOCALHOST:3100"]) {
      expect(hostRefusal(host, policy), host).toBeNull();
    }
    for (const host of [
      "rebind.attacker.example:3100",
      "127.0.0.1:3000",
      "127.0.0.1",
      "localhost.attacker.example:3100",
      "127.0.0.1:3100@evil.example",
      "",
      "127.0.0.2:3100",
    ]) {
      const refusal = hostRefusal(host, policy);
      expect(refusal, host).toMatch(/^Misdirected request: this dashboard answers at 127\.0\.0\.1:3100, localhost:3100, \[::1\]:3100/);
      expect(refusal).toContain("PUBLIC_URL");
    }
    expect(hostRefusal(null, policy)).toContain("no Host header");
  });

  it("adds a loopback HOST the server was told to listen on", () => {
    const custom = originPolicy(parseEnv({ HOST: "127.0.0.2", PORT: "3100" }));
    expect(hostRefusal("127.0.0.2:3100", custom)).toBeNull();
  });

  it("expects an Origin by scheme, host and port, not by the request's Host", () => {
    expect(isExpectedOrigin("http://127.0.0.1:3100", policy)).toBe(true);
    expect(isExpectedOrigin("http://localhost:3100", policy)).toBe(true);
    expect(isExpectedOrigin("https://127.0.0.1:3100", policy)).toBe(false);
    expect(isExpectedOrigin("http://rebind.attacker.example:3100", policy)).toBe(false);
    expect(isExpectedOrigin("http://127.0.0.1:3101", policy)).toBe(false);
    expect(isExpectedOrigin("null", policy)).toBe(false);
    expect(isExpectedOrigin("not a url", policy)).toBe(false);
  });
});

describe("originPolicy with sign-in", () => {
  it("serves PUBLIC_URL's host (default port dropped) and ALLOWED_HOSTS", () => {
    const policy = originPolicy(
      parseEnv({ ...OIDC, PUBLIC_URL: "https://imds.example.com", ALLOWED_HOSTS: "imds.internal:3000, 10.0.0.5:3000" }),
    );
    for (const host of ["imds.example.com", "imds.example.com:443", "IMDS.example.com", "imds.internal:3000", "10.0.0.5:3000"]) {
      expect(hostRefusal(host, policy), host).toBeNull();
    }
    expect(hostRefusal("127.0.0.1:3000", policy)).toContain("ALLOWED_HOSTS");
    expect(hostRefusal("imds.example.com:8443", policy)).not.toBeNull();
    expect(isExpectedOrigin("https://imds.example.com", policy)).toBe(true);
    expect(isExpectedOrigin("http://imds.example.com", policy)).toBe(false);
  });

  it("refuses ALLOWED_HOSTS in local mode, naming the variable and the fix", () => {
    expect(() => parseEnv({ ALLOWED_HOSTS: "imds.internal" })).toThrow(/ALLOWED_HOSTS: needs sign-in/);
    expect(() => parseEnv({ ...OIDC, PUBLIC_URL: "https://imds.example.com", ALLOWED_HOSTS: "http://x/" })).toThrow(
      /ALLOWED_HOSTS: "http:\/\/x\/" is not a host name/,
    );
  });
});
