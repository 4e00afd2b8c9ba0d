import { InputError } from "./errors";
import { childPath, isObject, own, parseJsonText, type Json, type JsonObject } from "./json-text";
import type { PlanModel, PlanResource } from "./model";

// `terraform show -json plan.out` -> PlanModel. Only the parts the policies read are checked, and
// a wrong shape there is an InputError naming the JSON path; everything else is left alone.
// Modules are walked with an explicit stack: nesting has no depth limit (Sentinel has none).

class Reader {
  constructor(readonly source: string) {}

  fail(path: string, problem: string): never {
    throw new InputError(this.source, path, problem);
  }

  object(value: Json | undefined, path: string): JsonObject {
    if (!isObject(value)) this.fail(path, `expected an object, found ${describe(value)}`);
    return value;
  }

  optionalArray(value: Json | undefined, path: string): Json[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path, `expected an array, found ${describe(value)}`);
    return value;
  }

  string(value: Json | undefined, path: string): string {
    if (typeof value !== "string") this.fail(path, `expected a string, found ${describe(value)}`);
    return value;
  }

  optionalString(value: Json | undefined, path: string): string | null {
    if (value === undefined || value === null) return null;
    return this.string(value, path);
  }
}

function describe(value: Json | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `a ${typeof value} (${String(value)})`;
}

/** Parses plan JSON text; throws InputError (with line/column or JSON path) when it is not one. */
export function parsePlanText(text: string, source: string): PlanModel {
  return parsePlanJson(parseJsonText(text, source), source);
}

function parsePlanJson(document: Json, source: string): PlanModel {
  const read = new Reader(source);
  const root = read.object(document, "$");
  if (own(root, "planned_values") === undefined) {
    const hint =
      own(root, "values") !== undefined
        ? " (this looks like state output: run `terraform show -json plan.out` on a saved plan)"
        : " (expected the output of `terraform show -json plan.out`)";
    read.fail("$.planned_values", `missing${hint}`);
  }
  const planned = read.object(own(root, "planned_values"), "$.planned_values");
  const rootModulePath = "$.planned_values.root_module";
  const rootModule =
    own(planned, "root_module") === undefined ? {} : read.object(own(planned, "root_module"), rootModulePath);

  const unknownByAddress = readAfterUnknown(read, root);
  const regions = readProviderRegions(root);
  const resources: PlanResource[] = [];
  readModules(read, rootModule, rootModulePath, (resource) => {
    resources.push({
      ...resource,
      afterUnknown: unknownByAddress.get(resource.address) ?? {},
      region: regions.regionOf(resource),
    });
  });
  return { kind: "plan", resources, notes: [] };
}

type Found = Omit<PlanResource, "afterUnknown" | "region">;

function readModules(read: Reader, root: JsonObject, rootPath: string, emit: (resource: Found) => void): void {
  // Pre-order, children in plan order: the same order a recursive walk gives.
  const pending: { module: JsonObject; path: string; address: string | null }[] = [
    { module: root, path: rootPath, address: null },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { module, path, address: moduleAddress } = next;
    const resources = read.optionalArray(own(module, "resources"), childPath(path, "resources"));
    resources.forEach((entry, i) =>
      emit(readResource(read, entry, childPath(childPath(path, "resources"), i), moduleAddress)),
    );
    const children = read.optionalArray(own(module, "child_modules"), childPath(path, "child_modules"));
    const found = children.map((entry, i) => {
      const at = childPath(childPath(path, "child_modules"), i);
      const child = read.object(entry, at);
      return { module: child, path: at, address: read.string(own(child, "address"), childPath(at, "address")) };
    });
    pending.push(...found.reverse());
  }
}

function readResource(read: Reader, entry: Json, at: string, moduleAddress: string | null): Found {
  const resource = read.object(entry, at);
  const address = read.string(own(resource, "address"), childPath(at, "address"));
  const type = read.string(own(resource, "type"), childPath(at, "type"));
  const name = read.string(own(resource, "name"), childPath(at, "name"));
  const mode = read.optionalString(own(resource, "mode"), childPath(at, "mode")) ?? "managed";
  if (mode !== "managed" && mode !== "data")
    read.fail(childPath(at, "mode"), `expected "managed" or "data", found ${describe(mode)}`);
  const rawIndex = own(resource, "index");
  if (rawIndex !== undefined && rawIndex !== null && typeof rawIndex !== "number" && typeof rawIndex !== "string") {
    read.fail(childPath(at, "index"), `expected a number or a string, found ${describe(rawIndex)}`);
  }
  const values = read.object(own(resource, "values") ?? {}, childPath(at, "values"));
  return { address, moduleAddress, mode, type, name, index: rawIndex ?? null, values };
}

/** after_unknown of every resource that will exist after apply, by address. */
function readAfterUnknown(read: Reader, root: JsonObject): Map<string, Json> {
  const byAddress = new Map<string, Json>();
  const changes = read.optionalArray(own(root, "resource_changes"), "$.resource_changes");
  changes.forEach((entry, i) => {
    const at = childPath("$.resource_changes", i);
    const change = read.object(entry, at);
    const address = read.string(own(change, "address"), childPath(at, "address"));
    const body = own(change, "change");
    if (body === undefined || body === null) return;
    const details = read.object(body, childPath(at, "change"));
    const unknown = own(details, "after_unknown");
    if (unknown !== undefined && unknown !== null) byAddress.set(address, unknown);
  });
  return byAddress;
}

// ---------------------------------------------------------------------------------------------
// Regions: configuration.provider_config[<key>].expressions.region.constant_value, the key found
// through the resource's configuration (provider_config_key). Lenient: a shape we do not expect
// here only means "region unknown", since the verdicts never depend on it.

interface ProviderRegions {
  regionOf(resource: Found): string | null;
}

const constantRegion = (provider: Json | undefined): string | null => {
  if (!isObject(provider)) return null;
  const expressions = own(provider, "expressions");
  if (!isObject(expressions)) return null;
  const region = own(expressions, "region");
  if (!isObject(region)) return null;
  const value = own(region, "constant_value");
  return typeof value === "string" && value !== "" ? value : null;
};

/** `module.a[0].module.b["x"]` -> `a.b` (the configuration's module path, without instance keys). */
function configModulePath(moduleAddress: string | null): string {
  if (!moduleAddress) return "";
  return [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)/g)].map((match) => match[1]).join(".");
}

function readProviderRegions(root: JsonObject): ProviderRegions {
  const configuration = own(root, "configuration");
  const providers = isObject(configuration) ? own(configuration, "provider_config") : undefined;
  const regionByKey = new Map<string, string | null>();
  if (isObject(providers)) {
    for (const key of Object.keys(providers)) regionByKey.set(key, constantRegion(providers[key]));
  }
  // resource config address -> provider_config_key, per configuration module path
  const keyByResource = new Map<string, string>();
  const pending: { module: Json | undefined; modulePath: string }[] = [
    { module: isObject(configuration) ? own(configuration, "root_module") : undefined, modulePath: "" },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { module, modulePath } = next;
    if (!isObject(module)) continue;
    const resources = own(module, "resources");
    if (Array.isArray(resources)) {
      for (const resource of resources) {
        if (!isObject(resource)) continue;
        const address = own(resource, "address");
        const key = own(resource, "provider_config_key");
        if (typeof address === "string" && typeof key === "string") keyByResource.set(`${modulePath}|${address}`, key);
      }
    }
    const calls = own(module, "module_calls");
    if (isObject(calls)) {
      for (const name of Object.keys(calls)) {
        const call = calls[name];
        if (isObject(call))
          pending.push({ module: own(call, "module"), modulePath: modulePath ? `${modulePath}.${name}` : name });
      }
    }
  }
  const fallback = regionByKey.get("aws") ?? null;

  return {
    regionOf(resource) {
      const modulePath = configModulePath(resource.moduleAddress);
      const local = `${resource.mode === "data" ? "data." : ""}${resource.type}.${resource.name}`;
      const key = keyByResource.get(`${modulePath}|${local}`);
      // Keys are "aws", "aws.west", or "module.child:aws" for a provider a module declares itself.
      const configured = key === undefined ? undefined : regionByKey.get(key);
      if (configured) return configured;
      const zone = own(resource.values, "availability_zone");
      if (typeof zone === "string" && /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone)) return zone.slice(0, -1);
      // A known provider whose region is not a constant stays unknown; no provider found: the default one.
      return configured === undefined ? fallback : null;
    },
  };
}
