import { describe, expect, it } from "vitest";
import { hashToken, readCookie, serializeCookie, sessionCookieName } from "./session";

describe("session cookies", () => {
  it("are HttpOnly and SameSite=Lax always, Secure with the __Host- prefix over https", () => {
    expect(sessionCookieName({ secureCookies: false })).toBe("imds_session");
    expect(sessionCookieName({ secureCookies: true })).toBe("__Host-imds_session");
    expect(serializeCookie("__Host-imds_session", "t", { maxAgeSeconds: 60, secure: true })).toBe(
      "__Host-imds_session=t; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure",
    );
    expect(serializeCookie("imds_session", "", { maxAgeSeconds: 0, secure: false })).toBe(
      "imds_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
    );
  });

  it("reads one cookie from a Cookie header", () => {
    expect(readCookie("a=1; imds_session=abc; b=2", "imds_session")).toBe("abc");
    expect(readCookie("ximds_session=abc", "imds_session")).toBeNull();
    expect(readCookie(null, "imds_session")).toBeNull();
  });

  it("stores a hash, not the token", () => {
    expect(hashToken("token")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken("token")).not.toContain("token");
  });
});
