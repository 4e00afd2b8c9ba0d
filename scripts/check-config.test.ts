import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

// The real `npm start`: its prestart validates the configuration before building or listening.
function npmStart(env: Record<string, string>) {
  const result = spawnSync("npm", ["start"], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    // Empty means unset (lib/env.ts) and keeps a developer's .env from turning sign-in on.
    env: {
      ...process.env,
      OIDC_ISSUER_URL: "",
      OIDC_CLIENT_ID: "",
      OIDC_CLIENT_SECRET: "",
      AUTH_SECRET: "",
      PUBLIC_URL: "",
      ...env,
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("npm start refuses an unsafe listen address", () => {
  it("stops with AWS_MODE=aws, HOST=0.0.0.0 and no OIDC, saying why and what to set", () => {
    const { status, output } = npmStart({ AWS_MODE: "aws", HOST: "0.0.0.0", PORT: "3599" });
    expect(status).not.toBe(0);
    expect(output).toContain("HOST: refusing to listen on 0.0.0.0 without sign-in");
    expect(output).toContain("could change your AWS accounts");
    expect(output).toContain("Set HOST=127.0.0.1, or configure sign-in");
    expect(output).toContain("The server was not started.");
    expect(output).not.toContain("next build");
  });

  it("names a missing OIDC variable before building", () => {
    const { status, output } = npmStart({ OIDC_ISSUER_URL: "https://login.example.com", PORT: "3599" });
    expect(status).not.toBe(0);
    expect(output).toContain("OIDC_CLIENT_ID: is required because OIDC_ISSUER_URL is set");
  });
});
