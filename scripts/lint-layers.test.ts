import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The layer rules of eslint.config.mjs, tried on code that crosses each line (and code that does not),
// so a config edit that silently stops refusing an import fails here.
const eslint = new ESLint({ cwd: process.cwd() });

async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const CASES: { file: string; code: string; refused: boolean }[] = [
  { file: "lib/domain/x.ts", code: 'import { AppError } from "@/lib/core/app-error";', refused: true },
  { file: "lib/core/x.ts", code: 'import { hasRole } from "@/lib/domain/roles";', refused: false },
  { file: "lib/core/x.ts", code: 'import { getDatabase } from "@/lib/db/conn/client";', refused: true },
  { file: "lib/db/x.ts", code: 'import { apiRoute } from "@/lib/http/route";', refused: true },
  { file: "lib/db/x.ts", code: 'import { startCollection } from "@/lib/collector/start-collection";', refused: true },
  { file: "lib/db/x.ts", code: 'import { AppError } from "@/lib/core/app-error";', refused: false },
  { file: "lib/changes/x.ts", code: 'import { getActor } from "@/lib/http/actor";', refused: true },
  { file: "lib/changes/x.ts", code: 'import { requireRole } from "@/lib/core/actor";', refused: false },
  { file: "lib/changes/x.ts", code: 'import { EC2Client } from "@aws-sdk/client-ec2";', refused: true },
  { file: "lib/changes/x.ts", code: 'import type { EC2Client } from "@aws-sdk/client-ec2";', refused: false },
  { file: "lib/changes/x.ts", code: 'import { PrismaClient } from "@prisma/client";', refused: true },
  { file: "lib/aws/x.ts", code: 'import { EC2Client } from "@aws-sdk/client-ec2";', refused: false },
  { file: "lib/db/x.ts", code: 'import { PrismaClient } from "@/lib/db/generated/client";', refused: false },
  { file: "components/x/y.tsx", code: 'import { listInstances } from "@/lib/db/read/instance-list";', refused: true },
  {
    file: "components/x/y.tsx",
    code: 'import type { InstanceListRow } from "@/lib/db/read/instance-list";',
    refused: false,
  },
  { file: "app/(dashboard)/x/client.tsx", code: 'import { getAppContext } from "@/lib/app-context";', refused: true },
  {
    file: "app/(dashboard)/x/client.tsx",
    code: 'import { OVERVIEW_RANGES } from "@/lib/contracts/overview-ranges";',
    refused: false,
  },
  { file: "app/(dashboard)/x/page.tsx", code: 'import { getAppContext } from "@/lib/app-context";', refused: false },
  { file: "lib/collector/x.ts", code: 'import { helper } from "../db/helper";', refused: true },
];

describe("the layer rules (eslint.config.mjs)", () => {
  it.each(CASES)("$file: $code -> refused $refused", async ({ file, code, refused }) => {
    const messages = await refusals(file, code);
    if (refused) expect(messages.length, "expected a refusal").toBeGreaterThan(0);
    else expect(messages).toEqual([]);
  });
});
