import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers of docs/architecture.md, held by no-restricted-imports: each layer lists what it may
// import of ours, and everything else of ours is refused. Cross-folder imports use the "@/" alias
// (relative "../" imports are refused), so a pattern on the alias sees every one of them.

const OURS = {
  domain: ["@/lib/domain/**"],
  core: ["@/lib/core/**"],
  contracts: ["@/lib/contracts/**"],
  env: ["@/lib/env", "@/lib/startup-check"],
  // The Terraform policy engine is pure (its tests assert no I/O), so it sits beside domain.
  guard: ["@/lib/terraform-guard/**", "!@/lib/terraform-guard/cli/**"],
  guardCli: ["@/lib/terraform-guard/cli/**"],
  aws: ["@/lib/aws/**"],
  simulator: ["@/lib/simulator/**"],
  db: ["@/lib/db/**"],
  capabilities: [
    "@/lib/collector/**",
    "@/lib/changes/**",
    "@/lib/alerts/**",
    "@/lib/reports/**",
    "@/lib/auth/**",
    "@/lib/waivers/**",
  ],
  http: ["@/lib/http/**"],
  appContext: ["@/lib/app-context"],
  app: ["@/app/**"],
  components: ["@/components/**"],
  // Plain scripts shared with the tooling (e.g. where Chromium is).
  scripts: ["@/scripts/**"],
};

const PURE = ["domain", "core", "contracts", "guard"];
const SERVER_LIB = [...PURE, "env", "aws", "db", "capabilities", "scripts"];

/** The patterns for everything of ours outside `allowed` (negations only narrow their own group). */
function refused(allowed) {
  return Object.entries(OURS)
    .filter(([name]) => !allowed.includes(name))
    .flatMap(([, patterns]) => patterns.filter((pattern) => !pattern.startsWith("!")));
}

const PRISMA = ["@prisma/*", "@/lib/db/generated/**"];
const AWS_SDK = ["@aws-sdk/*"];

const TESTS = ["**/*.test.ts", "**/*.test.tsx", "**/testing.ts", "**/*.fixture.ts", "**/fixtures/**"];

/**
 * One config object per layer. `allowed`: layers of ours it may import; `typesFrom`: layers it may
 * import types from only (erased at build, so no server code reaches the browser bundle).
 */
function layer({ name, files, ignores = [], allowed, typesFrom = [], prisma = false, awsSdk = "types" }) {
  const patterns = [
    { group: ["../*", "../**"], message: "Import across folders with the @/ alias." },
    {
      group: refused([...allowed, ...typesFrom]),
      message: `${name} may import only ${allowed.join(", ")} (see docs/architecture.md).`,
    },
  ];
  if (typesFrom.length > 0) {
    patterns.push({
      group: typesFrom.flatMap((group) => OURS[group].filter((pattern) => !pattern.startsWith("!"))),
      allowTypeImports: true,
      message: `${name} may import only types from ${typesFrom.join(", ")} (see docs/architecture.md).`,
    });
  }
  if (!prisma) patterns.push({ group: PRISMA, message: "Prisma is used only in lib/db." });
  if (awsSdk !== "all") {
    patterns.push({
      group: AWS_SDK,
      allowTypeImports: awsSdk === "types",
      message: "The AWS SDK is called only in lib/aws and the simulator.",
    });
  }
  return {
    name: `layers/${name}`,
    files,
    ignores: [...TESTS, ...ignores],
    rules: { "no-restricted-imports": ["error", { patterns: patterns.filter((p) => p.group.length > 0) }] },
  };
}

const CLIENT_FILES = [
  "components/**",
  "app/**/client.tsx",
  "app/**/queries.ts",
  "app/**/search-params.ts",
  "app/_client/**",
  "app/providers.tsx",
  "app/status-header.tsx",
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "lib/db/generated/**",
    "e2e/artifacts/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      // `_name` marks a parameter or a destructured field left out on purpose.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // A variable a callback reads before its one assignment (a server handler set up first) must stay `let`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Server components render once per request: reading the clock there is the point, not a bug.
    files: ["app/**/page.tsx", "app/**/layout.tsx", "app/**/not-found.tsx", "app/**/forbidden.tsx"],
    rules: { "react-hooks/purity": "off" },
  },
  layer({ name: "lib/domain", files: ["lib/domain/**"], allowed: ["domain"] }),
  layer({ name: "lib/core", files: ["lib/core/**"], allowed: ["core", "domain"] }),
  layer({ name: "lib/contracts", files: ["lib/contracts/**"], allowed: ["contracts", "domain", "guard"] }),
  layer({
    name: "lib/terraform-guard",
    files: ["lib/terraform-guard/**"],
    ignores: ["lib/terraform-guard/cli/**"],
    allowed: ["guard", "domain", "core", "contracts"],
  }),
  layer({ name: "lib/env", files: ["lib/env.ts", "lib/startup-check.ts"], allowed: ["domain", "contracts", "env"] }),
  layer({ name: "lib/aws", files: ["lib/aws/**"], allowed: ["aws", ...PURE, "env", "simulator"], awsSdk: "all" }),
  layer({
    name: "lib/simulator",
    files: ["lib/simulator/**"],
    allowed: ["simulator", ...PURE, "env", "aws"],
    awsSdk: "all",
  }),
  layer({ name: "lib/db", files: ["lib/db/**"], allowed: ["db", ...PURE, "env"], prisma: true }),
  layer({
    name: "a capability (lib/collector, changes, alerts, reports, auth, waivers)",
    files: ["lib/collector/**", "lib/changes/**", "lib/alerts/**", "lib/reports/**", "lib/auth/**", "lib/waivers/**"],
    ignores: ["lib/**/cli.ts"],
    allowed: SERVER_LIB,
  }),
  layer({ name: "lib/http", files: ["lib/http/**"], allowed: ["http", ...SERVER_LIB, "appContext"] }),
  layer({ name: "lib/app-context", files: ["lib/app-context.ts"], allowed: [...SERVER_LIB, "simulator"] }),
  layer({
    name: "client code",
    files: CLIENT_FILES,
    allowed: ["domain", "contracts", "guard", "components", "app"],
    typesFrom: ["core", "db", "capabilities", "http", "aws", "env"],
    awsSdk: "none",
  }),
]);
