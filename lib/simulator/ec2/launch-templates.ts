import { SimError } from "@/lib/simulator/errors";
import { LAUNCH_TEMPLATE_ID } from "./ids";
import { intParam, listParam } from "@/lib/simulator/query-params";
import type { CallContext } from "@/lib/simulator/protocols/context";
import type { LaunchTemplateRecord, LaunchTemplateVersionRecord } from "@/lib/simulator/types";
import { el, isoTime, node } from "@/lib/simulator/xml";
import { decodePageToken, encodePageToken } from "@/lib/simulator/paging";

interface Row {
  template: LaunchTemplateRecord;
  version: LaunchTemplateVersionRecord;
}

function resolveVersion(t: LaunchTemplateRecord, spec: string): LaunchTemplateVersionRecord {
  const latest = t.versions[t.versions.length - 1];
  let wanted: number;
  if (spec === "$Latest") wanted = latest?.versionNumber ?? 0;
  else if (spec === "$Default") wanted = t.defaultVersion;
  else if (/^\d+$/.test(spec)) wanted = Number(spec);
  else {
    throw new SimError(
      "InvalidLaunchTemplateVersion",
      `The launch template version '${spec}' is not valid: use a number, $Latest or $Default.`,
    );
  }
  const found = t.versions.find((v) => v.versionNumber === wanted);
  if (!found) {
    throw new SimError(
      "InvalidLaunchTemplateId.VersionNotFound",
      `Could not find launch template version ${spec} for launch template ${t.launchTemplateId}`,
    );
  }
  return found;
}

function versionXml(ctx: CallContext, { template: t, version: v }: Row): string {
  const m = v.metadataOptions;
  return (
    el("launchTemplateId", t.launchTemplateId) +
    el("launchTemplateName", t.launchTemplateName) +
    el("versionNumber", v.versionNumber) +
    el("versionDescription", v.description) +
    el("createTime", isoTime(v.createTime)) +
    el("createdBy", `arn:aws:iam::${ctx.caller.account.id}:user/platform-ci`) +
    el("defaultVersion", v.versionNumber === t.defaultVersion) +
    node(
      "launchTemplateData",
      el("imageId", v.imageId) +
        el("instanceType", v.instanceType) +
        (m
          ? node(
              "metadataOptions",
              el("httpTokens", m.httpTokens) +
                el("httpPutResponseHopLimit", m.httpPutResponseHopLimit) +
                el("httpEndpoint", m.httpEndpoint),
            )
          : ""),
    )
  );
}

export function describeLaunchTemplateVersions(ctx: CallContext, params: URLSearchParams): string {
  const id = params.get("LaunchTemplateId");
  const name = params.get("LaunchTemplateName");
  const specs = listParam(params, "LaunchTemplateVersion");
  const minVersion = intParam(params, "MinVersion");
  const maxVersion = intParam(params, "MaxVersion");
  const maxResults = intParam(params, "MaxResults");
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 200)) {
    throw new SimError(
      "InvalidParameterValue",
      `Value (${maxResults}) for parameter MaxResults is invalid. Expecting a value between 1 and 200.`,
    );
  }
  if (id && name) {
    throw new SimError(
      "InvalidParameterCombination",
      "Specify either LaunchTemplateId or LaunchTemplateName, not both.",
    );
  }
  const templates = ctx.fleet.cell(ctx.caller.account.id, ctx.region).launchTemplates;
  let chosen: LaunchTemplateRecord[];
  if (id) {
    if (!LAUNCH_TEMPLATE_ID.test(id))
      throw new SimError("InvalidLaunchTemplateId.Malformed", `The specified launch template ID ${id} is not valid.`);
    const t = templates.find((x) => x.launchTemplateId === id);
    if (!t)
      throw new SimError(
        "InvalidLaunchTemplateId.NotFound",
        `The specified launch template, with template ID ${id}, does not exist.`,
      );
    chosen = [t];
  } else if (name) {
    const t = templates.find((x) => x.launchTemplateName === name);
    if (!t) {
      throw new SimError(
        "InvalidLaunchTemplateName.NotFoundException",
        `The specified launch template, with template name ${name}, does not exist.`,
      );
    }
    chosen = [t];
  } else {
    // Without a template, only $Latest/$Default across every template can be asked for.
    if (specs.length === 0 || specs.some((s) => s !== "$Latest" && s !== "$Default")) {
      throw new SimError(
        "MissingParameter",
        "The request must contain the parameter LaunchTemplateId or LaunchTemplateName (or ask only for $Latest/$Default versions).",
      );
    }
    chosen = templates;
  }

  const rows: Row[] = [];
  for (const template of chosen) {
    if (specs.length > 0) {
      const seen = new Set<number>();
      for (const spec of specs) {
        const version = resolveVersion(template, spec);
        if (!seen.has(version.versionNumber)) rows.push({ template, version });
        seen.add(version.versionNumber);
      }
    } else {
      // Newest first, as EC2 lists them.
      for (const version of [...template.versions].reverse()) {
        if (minVersion !== undefined && version.versionNumber < minVersion) continue;
        if (maxVersion !== undefined && version.versionNumber > maxVersion) continue;
        rows.push({ template, version });
      }
    }
  }

  const requestKey = `${ctx.caller.account.id}/${ctx.region}|${id}|${name}|${specs.join(",")}|${minVersion}|${maxVersion}`;
  const token = params.get("NextToken");
  const start = token ? decodePageToken(token, requestKey) : 0;
  const end = maxResults === undefined ? rows.length : Math.min(rows.length, start + maxResults);
  let items = "";
  for (let i = start; i < end; i++) {
    const row = rows[i];
    if (row) items += `<item>${versionXml(ctx, row)}</item>`;
  }
  return (
    node("launchTemplateVersionSet", items) +
    (end < rows.length ? el("nextToken", encodePageToken(end, requestKey)) : "")
  );
}
