import { POLICY_IDS, type PolicyId } from "@/lib/terraform-guard/policies";

// imds-guard's command line, parsed without I/O so it can be tested.

export const USAGE = `Usage: imds-guard <plan.json | directory of .tf files | -> [options]

Checks a Terraform plan (terraform show -json plan.out > plan.json) against the IMDSv2 policy set.

Options:
  --format text|json|sarif   output format (default text: Sentinel-style traces)
  --policy <id>              run only this policy (repeatable); ids: ${POLICY_IDS.join(", ")}
  --live                     use the collected regional defaults and AMI ImdsSupport for instances
                             without metadata_options in a plan without a defaults resource
  --account <id>             with --live: only this account's regional defaults count
  --waivers db|<file.json>   apply waivers from the dashboard's database or from a file
  --output <file>            write the report there instead of stdout
  -h, --help                 this text

Exit codes: 0 every policy passed, 1 violations, 2 unreadable input or bad arguments.`;

export type OutputFormat = "text" | "json" | "sarif";

export interface CliArgs {
  input: string;
  format: OutputFormat;
  policies: PolicyId[] | null;
  live: boolean;
  accountId: string | null;
  waivers: { from: "db" } | { from: "file"; path: string } | null;
  output: string | null;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function parseArgs(argv: readonly string[]): CliArgs | "help" {
  const args: Omit<CliArgs, "input"> & { input: string | null } = {
    input: null,
    format: "text",
    policies: null,
    live: false,
    accountId: null,
    waivers: null,
    output: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--format": {
        const format = value();
        if (format !== "text" && format !== "json" && format !== "sarif")
          throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
        args.format = format;
        break;
      }
      case "--policy": {
        const id = value();
        const policy = POLICY_IDS.find((known) => known === id);
        if (!policy) throw new UsageError(`--policy "${id}" is not one of ${POLICY_IDS.join(", ")}`);
        args.policies = [...(args.policies ?? []), policy];
        break;
      }
      case "--live":
        args.live = true;
        break;
      case "--account": {
        const account = value();
        if (!/^\d{12}$/.test(account))
          throw new UsageError(`--account must be a 12-digit AWS account id, not "${account}"`);
        args.accountId = account;
        break;
      }
      case "--waivers": {
        const source = value();
        args.waivers = source === "db" ? { from: "db" } : { from: "file", path: source };
        break;
      }
      case "--output":
        args.output = value();
        break;
      default:
        if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}`);
        if (args.input !== null) throw new UsageError(`one input only (got ${args.input} and ${arg})`);
        args.input = arg;
    }
  }
  if (args.input === null)
    throw new UsageError(
      "give a plan file (terraform show -json plan.out > plan.json), a directory of .tf files, or - for stdin",
    );
  if (args.accountId !== null && !args.live) throw new UsageError("--account only applies with --live");
  return { ...args, input: args.input };
}
