import { DescribeRegionsCommand, type EC2Client } from "@aws-sdk/client-ec2";

export interface EnabledRegion {
  name: string;
  optInStatus: string | null;
}

/** Regions enabled for the account (DescribeRegions without AllRegions omits not-opted-in ones). */
export async function listEnabledRegions(ec2: EC2Client): Promise<EnabledRegion[]> {
  const reply = await ec2.send(new DescribeRegionsCommand({}));
  return (reply.Regions ?? [])
    .filter((region) => region.RegionName && region.OptInStatus !== "not-opted-in")
    .map((region) => ({ name: region.RegionName!, optInStatus: region.OptInStatus ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
