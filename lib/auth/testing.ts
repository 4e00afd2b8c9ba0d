import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Configuration } from "oidc-provider";
import { escapeHtml } from "@/lib/http/html";

// A real OpenID Connect provider (the certified `oidc-provider` package) for tests and e2e: test
// users with groups, one confidential client for the dashboard, and a plain login form with a real
// password check (no consent screen: the dashboard is a first-party client).

export interface TestUser {
  login: string;
  name: string;
  email: string;
  groups: string[];
}

export const TEST_PASSWORD = "correct horse battery staple";

export const TEST_GROUPS = { admin: "imds-admins", operator: "imds-operators" } as const;

export const TEST_USERS: Record<"admin" | "operator" | "viewer" | "emailOperator", TestUser> = {
  admin: { login: "ada", name: "Ada Admin", email: "ada@example.com", groups: [TEST_GROUPS.admin, "staff"] },
  operator: { login: "otto", name: "Otto Operator", email: "otto@example.com", groups: [TEST_GROUPS.operator] },
  viewer: { login: "vera", name: "Vera Viewer", email: "vera@example.com", groups: ["staff"] },
  // No role group: the ROLE_OPERATOR_EMAILS allow-list makes her an operator.
  emailOperator: { login: "erin", name: "Erin Email", email: "erin@example.com", groups: [] },
};

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

function loginPage(uid: string, problem: string | null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head><body>
<h1>Test IdP</h1>${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Username <input name="login" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of request) body += String(chunk);
  return new URLSearchParams(body);
}

/** Starts the provider on 127.0.0.1 (port 0 = any free port); redirectUris are the client's. */
export async function startTestOidcProvider(options: {
  redirectUris: string[];
  port?: number;
  clientId?: string;
  clientSecret?: string;
}): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? "imds-dashboard";
  const clientSecret = options.clientSecret ?? "test-client-secret-not-for-production";
  const users = new Map(Object.values(TEST_USERS).map((user) => [user.login, user]));

  let provider: Provider | undefined;
  const server = createServer((request, response) => {
    if (!provider) {
      response.writeHead(503).end();
      return;
    }
    handle(provider, users, request, response).catch((error: unknown) => {
      console.error("[test-oidc]", error);
      if (!response.headersSent) response.writeHead(500).end("test provider failed");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: "test", alg: "RS256", use: "sig" }] },
    cookies: { keys: ["test-provider-cookie-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 600, Session: 600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const user = users.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, name: user.name, email: user.email, email_verified: true, groups: user.groups }),
      };
    },
  };
  provider = new Provider(issuer, configuration);

  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(
  provider: Provider,
  users: Map<string, TestUser>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(request.url ?? "/", "http://x").pathname);
  if (!match) {
    provider.callback()(request, response);
    return;
  }
  const details = await provider.interactionDetails(request, response);
  if (request.method === "GET") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(details.uid, null));
    return;
  }
  const form = await readForm(request);
  const login = form.get("login") ?? "";
  if (!users.has(login) || form.get("password") !== TEST_PASSWORD) {
    response
      .writeHead(200, { "content-type": "text/html; charset=utf-8" })
      .end(loginPage(details.uid, "Unknown user or wrong password"));
    return;
  }
  // First-party client: grant what it asked for instead of showing a consent screen.
  const grant = new provider.Grant({ accountId: login, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(
    request,
    response,
    { login: { accountId: login }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}
