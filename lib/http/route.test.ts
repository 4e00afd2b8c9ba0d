import { z } from "zod";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { publicRoute, readJson, route, toErrorResponse } from "./route";

const body = async (response: Response) => ({ status: response.status, json: await response.json() });

describe("toErrorResponse", () => {
  it("maps AppError codes to their statuses", async () => {
    expect(await body(toErrorResponse(new AppError("NotFound", "Collection run 9 does not exist")))).toEqual({
      status: 404,
      json: { error: { code: "NotFound", message: "Collection run 9 does not exist" } },
    });
    expect((await body(toErrorResponse(new AppError("Conflict", "busy")))).status).toBe(409);
    expect((await body(toErrorResponse(new AppError("Forbidden", "no")))).status).toBe(403);
  });

  it("names the failing path of a zod error with 422", async () => {
    const schema = z.object({ regions: z.array(z.string().regex(/^[a-z]+-[a-z]+-\d$/, "is not a region name")) });
    const error = schema.safeParse({ regions: ["us-east-1", "us-east-1", "mars"] }).error!;
    expect(await body(toErrorResponse(error))).toEqual({
      status: 422,
      json: { error: { code: "ValidationFailed", message: "regions[2]: is not a region name" } },
    });
  });

  it("answers 502 with the AWS error code for an SDK error", async () => {
    const sdkError = Object.assign(new Error("You are not authorized"), {
      name: "UnauthorizedOperation",
      $metadata: { httpStatusCode: 403, requestId: "req-1" },
    });
    expect(await body(toErrorResponse(sdkError))).toEqual({
      status: 502,
      json: {
        error: { code: "UnauthorizedOperation", message: "AWS error UnauthorizedOperation: You are not authorized" },
      },
    });
  });

  it("hides unexpected errors behind a generic 500 and logs the cause", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const result = await body(toErrorResponse(new Error("password=hunter2 in a stack")));
    expect(result.status).toBe(500);
    expect(JSON.stringify(result.json)).not.toContain("hunter2");
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});

describe("readJson and route", () => {
  it("rejects a body that is not JSON with 400", async () => {
    const handler = route(async (request) => Response.json(await readJson(request)));
    const response = await handler(new Request("http://x/", { method: "POST", body: "{nope" }), {
      params: Promise.resolve({}),
    });
    expect(await body(response)).toEqual({
      status: 400,
      json: { error: { code: "BadRequest", message: "Request body is not valid JSON" } },
    });
  });

  it("passes resolved params to the handler", async () => {
    const handler = route<{ id: string }>(async (_request, { params }) => Response.json({ id: params.id }));
    const response = await handler(new Request("http://x/"), { params: Promise.resolve({ id: "12" }) });
    expect(await response.json()).toEqual({ id: "12" });
  });

  it("hands the handler the caller: the local admin when no sign-in is configured", async () => {
    const handler = route(async (_request, { actor }) => Response.json(actor));
    const response = await handler(new Request("http://x/"), { params: Promise.resolve({}) });
    expect(await response.json()).toEqual({ id: "local", name: "Local user", role: "admin", kind: "local" });
  });

  it("maps errors from public routes too", async () => {
    const handler = publicRoute(async () => {
      throw new AppError("Forbidden", "no");
    });
    expect((await handler(new Request("http://x/"), { params: Promise.resolve({}) })).status).toBe(403);
  });
});
