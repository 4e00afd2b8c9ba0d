import { paginateDescribeLaunchTemplateVersions, type EC2Client } from "@aws-sdk/client-ec2";
import { toAwsFailure } from "./errors";
import type { LaunchTemplateVersionRecord } from "@/lib/domain/imds";

export interface TemplateVersionsResult {
  versions: LaunchTemplateVersionRecord[];
  /** The highest version number returned, so $Latest can be marked. */
  latestVersion: number | null;
}

/**
 * $Default, $Latest and the given numbered versions of one template. A template deleted since its
 * instances launched is normal: it yields no versions rather than an error.
 */
export async function describeTemplateVersions(
  ec2: EC2Client,
  launchTemplateId: string,
  numberedVersions: string[],
): Promise<TemplateVersionsResult> {
  const wanted = [...new Set(["$Default", "$Latest", ...numberedVersions.filter((v) => /^\d+$/.test(v))])];
  const versions: LaunchTemplateVersionRecord[] = [];
  try {
    const pages = paginateDescribeLaunchTemplateVersions(
      { client: ec2, pageSize: 200 },
      { LaunchTemplateId: launchTemplateId, Versions: wanted },
    );
    for await (const page of pages) {
      for (const version of page.LaunchTemplateVersions ?? []) {
        if (version.VersionNumber === undefined) continue;
        const options = version.LaunchTemplateData?.MetadataOptions;
        versions.push({
          launchTemplateId,
          launchTemplateName: version.LaunchTemplateName ?? null,
          versionNumber: version.VersionNumber,
          isDefault: version.DefaultVersion ?? false,
          imageId: version.LaunchTemplateData?.ImageId ?? null,
          httpTokens: options?.HttpTokens ?? null,
          httpPutResponseHopLimit: options?.HttpPutResponseHopLimit ?? null,
          httpEndpoint: options?.HttpEndpoint ?? null,
          instanceMetadataTags: options?.InstanceMetadataTags ?? null,
        });
      }
    }
  } catch (error) {
    const { code } = toAwsFailure(error);
    if (/^InvalidLaunchTemplate(Id|Name)\.(NotFound|NotFoundException|Malformed)$/.test(code)) {
      return { versions: [], latestVersion: null };
    }
    throw error;
  }
  const unique = new Map(versions.map((version) => [version.versionNumber, version]));
  const latestVersion = unique.size ? Math.max(...unique.keys()) : null;
  return { versions: [...unique.values()], latestVersion };
}
