import { isObject, own, setOwn, type Json, type JsonObject } from "./json-text";
import type { PlanModel, PlanResource } from "./model";

// .tf sources (as @cdktf/hcl2json parses them) -> a plan-like model. This is a derivation, not a
// plan: only literal values are known ("${...}" expressions are unknown), count / for_each expand
// only when literal, variables are not resolved. Plan JSON is the authoritative input; the notes
// say what this derivation could not tell. Pure: reading the files is lib/terraform-guard/cli's job.

export interface HclDocument {
  file: string;
  /** hcl2json's output for the file. */
  json: Json;
}

export interface HclModuleTree {
  documents: HclDocument[];
  /** Module calls whose source is a local directory, read; others (registry, git) are null. */
  children: Record<string, HclModuleTree | null>;
}

const isExpression = (value: Json | undefined): value is string => typeof value === "string" && value.includes("${");

/** hcl2json gives a labelled block (resource, module call) as a list of bodies: the first one. */
export const firstBody = (bodies: Json | undefined): Json | undefined => (Array.isArray(bodies) ? bodies[0] : bodies);

/** Planned-values-like copy with every expression left out, and the matching after_unknown tree. */
function split(value: Json): { known: Json | undefined; unknown: Json | undefined } {
  if (isExpression(value)) return { known: undefined, unknown: true };
  if (Array.isArray(value)) {
    const known: Json[] = [];
    const unknown: Json[] = [];
    let anyUnknown = false;
    for (const item of value) {
      const part = split(item);
      known.push(part.known ?? null);
      unknown.push(part.unknown ?? false);
      anyUnknown ||= part.unknown !== undefined;
    }
    return { known, unknown: anyUnknown ? unknown : undefined };
  }
  if (isObject(value)) {
    const known: JsonObject = {};
    const unknown: JsonObject = {};
    let anyUnknown = false;
    for (const key of Object.keys(value)) {
      const part = split(value[key]!);
      if (part.known !== undefined) setOwn(known, key, part.known);
      if (part.unknown !== undefined) {
        setOwn(unknown, key, part.unknown);
        anyUnknown = true;
      }
    }
    return { known, unknown: anyUnknown ? unknown : undefined };
  }
  return { known: value, unknown: undefined };
}

/** Instance keys of a count / for_each value: a list when literal, null when not knowable here. */
function expansion(body: JsonObject): { keys: (number | string)[] | null; single: boolean; text: string } {
  const count = own(body, "count");
  if (count !== undefined) {
    if (typeof count === "number" && Number.isInteger(count) && count >= 0 && count <= 10_000) {
      return { keys: Array.from({ length: count }, (_, i) => i), single: false, text: String(count) };
    }
    return { keys: null, single: false, text: `count = ${String(count)}` };
  }
  const forEach = own(body, "for_each");
  if (forEach !== undefined) {
    if (Array.isArray(forEach) && forEach.every((key) => typeof key === "string" && !isExpression(key))) {
      return { keys: [...new Set(forEach as string[])].sort(), single: false, text: "" };
    }
    if (isObject(forEach) && !Object.values(forEach).some(isExpression))
      return { keys: Object.keys(forEach).sort(), single: false, text: "" };
    const literalSet = typeof forEach === "string" ? /^\$\{toset\((\[[^$]*\])\)\}$/.exec(forEach) : null;
    if (literalSet) {
      try {
        const list: unknown = JSON.parse(literalSet[1]!);
        if (Array.isArray(list) && list.every((key) => typeof key === "string")) {
          return { keys: [...new Set(list as string[])].sort(), single: false, text: "" };
        }
      } catch {
        // Not a JSON-compatible literal (e.g. references inside): not expandable, said below.
      }
    }
    return {
      keys: null,
      single: false,
      text: `for_each = ${typeof forEach === "string" ? forEach : JSON.stringify(forEach)}`,
    };
  }
  return { keys: [], single: true, text: "" };
}

const keySuffix = (key: number | string) => (typeof key === "number" ? `[${key}]` : `[${JSON.stringify(key)}]`);

interface ModuleContext {
  address: string | null;
  /** Provider configuration key ("aws", "aws.west") -> region (null: not a literal). */
  regions: Map<string, string | null>;
}

function providerRegions(tree: HclModuleTree, inherited: Map<string, string | null>): Map<string, string | null> {
  const regions = new Map(inherited);
  for (const document of tree.documents) {
    if (!isObject(document.json)) continue;
    const providers = own(document.json, "provider");
    if (!isObject(providers)) continue;
    const aws = own(providers, "aws");
    if (!Array.isArray(aws)) continue;
    for (const block of aws) {
      if (!isObject(block)) continue;
      const alias = own(block, "alias");
      const region = own(block, "region");
      regions.set(
        typeof alias === "string" ? `aws.${alias}` : "aws",
        typeof region === "string" && !isExpression(region) ? region : null,
      );
    }
  }
  return regions;
}

const META_ARGUMENTS = new Set([
  "count",
  "for_each",
  "provider",
  "depends_on",
  "lifecycle",
  "provisioner",
  "connection",
]);

/** Recursion is bounded by the tree: readHclDirectory stops reading modules 32 deep (and at cycles). */
function collect(tree: HclModuleTree, context: ModuleContext, resources: PlanResource[], notes: string[]) {
  const regions = providerRegions(tree, context.regions);
  const where = context.address ? `${context.address}.` : "";
  for (const document of tree.documents) {
    if (!isObject(document.json)) continue;
    const blocks = own(document.json, "resource");
    if (isObject(blocks)) {
      for (const type of Object.keys(blocks).sort()) {
        const byName = blocks[type];
        if (!isObject(byName)) continue;
        for (const name of Object.keys(byName).sort()) {
          const body = firstBody(byName[name]);
          if (!isObject(body)) continue;
          const provider = own(body, "provider");
          const providerKey = typeof provider === "string" ? provider.replace(/^\$\{(.*)\}$/, "$1") : "aws";
          const region = regions.get(providerKey) ?? null;
          const attributes: JsonObject = {};
          for (const key of Object.keys(body)) {
            if (!META_ARGUMENTS.has(key) && key !== "dynamic") setOwn(attributes, key, body[key]!);
          }
          const { known, unknown } = split(attributes);
          const afterUnknown: JsonObject = isObject(unknown) ? unknown : {};
          // A dynamic block's content is generated from an expression: the block itself is unknown.
          const dynamic = own(body, "dynamic");
          for (const entry of Array.isArray(dynamic) ? dynamic : [dynamic]) {
            if (!isObject(entry)) continue;
            for (const block of Object.keys(entry)) setOwn(afterUnknown, block, true);
          }
          const values = isObject(known) ? known : {};
          const local = `${type}.${name}`;
          const expanded = expansion(body);
          const base = {
            moduleAddress: context.address,
            mode: "managed" as const,
            type,
            name,
            values,
            afterUnknown,
            region,
          };
          if (expanded.single) resources.push({ ...base, address: `${where}${local}`, index: null });
          else if (expanded.keys === null) {
            notes.push(
              `${where}${local}: ${expanded.text} is not a literal, so its instances are unknown here; judged once as ${where}${local}[*] (use plan JSON for the real instances)`,
            );
            resources.push({ ...base, address: `${where}${local}[*]`, index: "*" });
          } else {
            for (const key of expanded.keys)
              resources.push({ ...base, address: `${where}${local}${keySuffix(key)}`, index: key });
          }
        }
      }
    }
    const calls = own(document.json, "module");
    if (isObject(calls)) {
      for (const name of Object.keys(calls).sort()) {
        const body = firstBody(calls[name]);
        const child = Object.hasOwn(tree.children, name) ? tree.children[name] : undefined;
        const moduleBase = `${where}module.${name}`;
        if (!child) {
          const source = isObject(body) ? own(body, "source") : undefined;
          notes.push(
            `${moduleBase}: source ${JSON.stringify(source ?? null)} is not a local directory and was not read (use plan JSON)`,
          );
          continue;
        }
        const expanded = isObject(body) ? expansion(body) : { keys: [], single: true, text: "" };
        const addresses = expanded.single
          ? [moduleBase]
          : expanded.keys === null
            ? [`${moduleBase}[*]`]
            : expanded.keys.map((key) => `${moduleBase}${keySuffix(key)}`);
        if (!expanded.single && expanded.keys === null) {
          notes.push(`${moduleBase}: ${expanded.text} is not a literal; the module is judged once as ${moduleBase}[*]`);
        }
        for (const address of addresses) collect(child, { address, regions }, resources, notes);
      }
    }
  }
}

export function hclToModel(tree: HclModuleTree): PlanModel {
  const resources: PlanResource[] = [];
  const notes: string[] = [];
  collect(tree, { address: null, regions: new Map() }, resources, notes);
  return { kind: "hcl", resources, notes };
}
