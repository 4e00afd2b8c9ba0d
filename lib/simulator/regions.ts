/** Opt-in regions the accounts enabled (DescribeRegions says opted-in). */
const ENABLED_OPT_IN_REGIONS = [
  "eu-south-1",
  "ap-south-2",
  "eu-central-2",
  "me-central-1",
  "il-central-1",
  "ca-west-1",
  "ap-southeast-3",
  "ap-southeast-4",
] as const;

/** Real region names in the order `--regions N` takes them: first those that need no opt-in. */
export const FLEET_REGION_NAMES = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "ap-southeast-2",
  "eu-central-1",
  "ap-northeast-1",
  "us-east-2",
  "eu-west-2",
  "ca-central-1",
  "ap-south-1",
  "sa-east-1",
  "eu-north-1",
  "ap-southeast-1",
  "ap-northeast-2",
  "us-west-1",
  "eu-west-3",
  "ap-northeast-3",
  ...ENABLED_OPT_IN_REGIONS,
] as const;

/** Regions of FLEET_REGION_NAMES that are opt-in regions (enabled: "opted-in"). */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set(ENABLED_OPT_IN_REGIONS);

export const DEFAULT_FLEET_REGIONS: readonly string[] = FLEET_REGION_NAMES.slice(0, 4);

/** Opt-in regions the accounts never enabled: listed only with AllRegions=true. */
export const NOT_OPTED_IN_REGIONS: readonly string[] = ["af-south-1", "me-south-1", "ap-east-1"];

/** The first `count` fleet region names (count 1..FLEET_REGION_NAMES.length). */
export function simulatorRegions(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > FLEET_REGION_NAMES.length) {
    throw new RangeError(`regions must be an integer between 1 and ${FLEET_REGION_NAMES.length} (got ${count})`);
  }
  return FLEET_REGION_NAMES.slice(0, count);
}
