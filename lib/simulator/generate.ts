// Builds the fleet's static content from (seed, sizes, now). Everything is drawn from hashes of
// (seed, index, salt) so the same options always produce the same fleet, field for field.
import { DAY_MS, HOUR_MS, MINUTE_MS, type SimInstance, type TokenChange } from "./instance";
import { hash32, pick, resourceId, resourceIndex, unit } from "./prng";
import type {
  AccountRecord,
  HttpTokens,
  ImageRecord,
  LaunchTemplateRecord,
  LaunchTemplateVersionRecord,
  RegionalDefaults,
} from "./types";

export interface Cell {
  readonly accountId: string;
  readonly region: string;
  readonly instances: SimInstance[];
  readonly images: ImageRecord[];
  readonly launchTemplates: LaunchTemplateRecord[];
  defaults: RegionalDefaults;
}

export interface GenerateOptions {
  seed: number;
  instances: number;
  accounts: number;
  regions: readonly string[];
  historyDays: number;
  now: number;
  suspendedAccount: boolean;
}

const ACCOUNT_NAMES = [
  "management",
  "prod-payments",
  "prod-web",
  "staging",
  "sandbox",
  "data-platform",
  "prod-search",
  "shared-services",
  "analytics",
  "dev-tools",
  "prod-mobile",
  "security-tooling",
];

/** Applications and the team that owns each. */
const APPS: readonly { app: string; team: string }[] = [
  { app: "web", team: "frontend" },
  { app: "api", team: "platform" },
  { app: "payments-api", team: "payments" },
  { app: "checkout", team: "payments" },
  { app: "worker", team: "platform" },
  { app: "batch", team: "data" },
  { app: "etl", team: "data" },
  { app: "search", team: "search" },
  { app: "indexer", team: "search" },
  { app: "cache", team: "platform" },
  { app: "auth", team: "identity" },
  { app: "reporting", team: "analytics" },
  { app: "ml-inference", team: "ml" },
  { app: "kafka", team: "streaming" },
  { app: "bastion", team: "security" },
  { app: "jenkins-agent", team: "devex" },
];

const INSTANCE_TYPES = [
  "t3.micro",
  "t3.medium",
  "m5.large",
  "m6i.xlarge",
  "c6g.large",
  "r6i.2xlarge",
  "m7g.large",
  "c5.xlarge",
];

const AMI_FLAVOURS: readonly {
  name: string;
  weight: number;
  v2: boolean;
  arch: "x86_64" | "arm64";
  description: string;
}[] = [
  {
    name: "amzn2-ami-kernel-5.10-hvm-2.0.20240306.2-x86_64-gp2",
    weight: 7,
    v2: false,
    arch: "x86_64",
    description: "Amazon Linux 2 Kernel 5.10 AMI",
  },
  {
    name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301",
    weight: 5,
    v2: false,
    arch: "x86_64",
    description: "Canonical, Ubuntu, 22.04 LTS",
  },
  { name: "golden-base-v7", weight: 4, v2: false, arch: "x86_64", description: "Platform golden image v7" },
  {
    name: "Windows_Server-2022-English-Full-Base-2024.03.13",
    weight: 2,
    v2: false,
    arch: "x86_64",
    description: "Microsoft Windows Server 2022",
  },
  {
    name: "al2023-ami-2023.4.20240319.1-kernel-6.1-arm64",
    weight: 1,
    v2: true,
    arch: "arm64",
    description: "Amazon Linux 2023 AMI",
  },
  {
    name: "golden-base-v9-imdsv2",
    weight: 1,
    v2: true,
    arch: "x86_64",
    description: "Platform golden image v9 (IMDSv2 only)",
  },
];
const AMI_WEIGHT_TOTAL = AMI_FLAVOURS.reduce((s, f) => s + f.weight, 0);

// Salts keep the hash streams of different facts independent.
const S = {
  account: 1,
  cell: 2,
  image: 3,
  template: 4,
  defaults: 5,
  instance: 6,
  hashKey: 8,
} as const;

/** The generation index an instance id encodes (null: not an id of this fleet's seed). */
export function instanceIndexOf(seed: number, instanceId: string): number | null {
  return resourceIndex("i", seed, S.instance, instanceId);
}

function accountId(seed: number, i: number, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const hi = 100000 + (hash32(seed, S.account, i, attempt, 1) % 900000);
    const lo = hash32(seed, S.account, i, attempt, 2) % 1000000;
    const id = `${hi}${String(lo).padStart(6, "0")}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

export function generateAccounts(o: GenerateOptions): AccountRecord[] {
  const taken = new Set<string>();
  const accounts: AccountRecord[] = [];
  const total = o.accounts + (o.suspendedAccount ? 1 : 0);
  for (let i = 0; i < total; i++) {
    const suspended = i === o.accounts;
    const name = suspended ? "legacy-closed" : (ACCOUNT_NAMES[i] ?? `workload-${i}`);
    accounts.push({
      id: accountId(o.seed, i, taken),
      name,
      email: `aws+${name}@example.com`,
      state: suspended ? "SUSPENDED" : "ACTIVE",
      joinedTimestamp: Math.floor((o.now - (900 - i * 37) * DAY_MS) / 1000) * 1000,
      joinedMethod: i === 0 ? "CREATED" : unit(o.seed, S.account, i, 9) < 0.3 ? "INVITED" : "CREATED",
      isManagement: i === 0,
    });
  }
  return accounts;
}

/** Splits `total` over weights exactly (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

function generateImages(o: GenerateOptions, cellIndex: number, accountIdValue: string): ImageRecord[] {
  return AMI_FLAVOURS.map((f, k) => ({
    imageId: resourceId("ami", o.seed, S.image, cellIndex * 16 + k),
    name: f.name,
    ownerId: accountIdValue,
    creationDate: new Date(
      o.now - (420 + Math.floor(unit(o.seed, S.image, cellIndex, k) * 300)) * DAY_MS,
    ).toISOString(),
    ...(f.v2 ? { imdsSupport: "v2.0" as const } : {}),
    architecture: f.arch,
    description: f.description,
  }));
}

function generateLaunchTemplates(o: GenerateOptions, cellIndex: number, images: ImageRecord[]): LaunchTemplateRecord[] {
  const u = (k: number, j = 0) => unit(o.seed, S.template, cellIndex, k, j);
  const count = 2 + Math.floor(u(0) * 3);
  const templates: LaunchTemplateRecord[] = [];
  const usedNames = new Set<string>();
  for (let t = 0; t < count; t++) {
    let app = pick(APPS, u(1, t)).app;
    if (usedNames.has(app)) app = `${app}-${t}`;
    usedNames.add(app);
    const versionCount = 2 + Math.floor(u(2, t) * 5);
    const createTime = o.now - (150 + Math.floor(u(3, t) * 350)) * DAY_MS;
    const lastVersionTime = o.now - (3 + Math.floor(u(4, t) * 20)) * DAY_MS;
    // Templates that were migrated: versions from `migratedAt` on require tokens.
    const migratedAt = u(5, t) < 0.65 ? 2 + Math.floor(u(6, t) * (versionCount - 1)) : Infinity;
    const unspecified = u(7, t) < 0.2; // some templates never say anything about metadata
    const versions: LaunchTemplateVersionRecord[] = [];
    for (let v = 1; v <= versionCount; v++) {
      const image = pick(images, u(8, t * 16 + v));
      let metadataOptions: LaunchTemplateVersionRecord["metadataOptions"];
      if (v >= migratedAt) {
        metadataOptions = { httpTokens: "required", ...(u(9, t) < 0.4 ? { httpPutResponseHopLimit: 2 } : {}) };
      } else if (!unspecified && !(v === 1 && u(10, t) < 0.5)) {
        metadataOptions = { httpTokens: "optional", httpEndpoint: "enabled" };
      }
      versions.push({
        versionNumber: v,
        createTime: Math.round(createTime + ((lastVersionTime - createTime) * (v - 1)) / Math.max(1, versionCount - 1)),
        description: v >= migratedAt ? `IMDSv2 required (v${v})` : `release ${v}`,
        imageId: image.imageId,
        instanceType: pick(INSTANCE_TYPES, u(11, t * 16 + v)),
        ...(metadataOptions ? { metadataOptions } : {}),
      });
    }
    // $Default often lags $Latest: teams publish a version before promoting it.
    const defaultVersion = versionCount > 1 && u(12, t) < 0.4 ? versionCount - 1 : versionCount;
    templates.push({
      launchTemplateId: resourceId("lt", o.seed, S.template, cellIndex * 8 + t),
      launchTemplateName: `${app}-lt`,
      createTime,
      defaultVersion,
      versions,
    });
  }
  return templates;
}

export function declarativeMessage(seed: number): string {
  const policyId = `p-${hash32(seed, 0xd0c).toString(36).slice(0, 6).padEnd(6, "0")}`;
  return `IMDS defaults are set by the org's declarative policy ${policyId}; contact platform-security`;
}

function generateDefaults(
  o: GenerateOptions,
  cellIndex: number,
  role: "declarative" | "enforced" | "plain",
): RegionalDefaults {
  if (role === "declarative") {
    return {
      httpTokens: "required",
      httpPutResponseHopLimit: 2,
      managedBy: "declarative-policy",
      managedExceptionMessage: declarativeMessage(o.seed),
    };
  }
  if (role === "enforced") return { httpTokens: "required", httpTokensEnforced: "enabled", managedBy: "account" };
  const u = unit(o.seed, S.defaults, cellIndex);
  if (u < 0.4) return {};
  if (u < 0.65) return { httpTokens: "required", managedBy: "account" };
  if (u < 0.8) return { httpTokens: "required", httpPutResponseHopLimit: 2, managedBy: "account" };
  if (u < 0.9) return { httpPutResponseHopLimit: 2, managedBy: "account" };
  return { httpTokens: "optional", instanceMetadataTags: "enabled", managedBy: "account" };
}

function environmentFor(accountName: string, u: number): string {
  if (accountName.startsWith("prod") || accountName === "management" || accountName === "shared-services")
    return "prod";
  if (accountName === "staging") return "staging";
  if (accountName === "sandbox" || accountName === "dev-tools") return "dev";
  return u < 0.6 ? "prod" : u < 0.8 ? "staging" : "dev";
}

/** Share of initially-optional instances switched to required during the history window. */
const SWITCH_SHARE = 0.47;

interface InstanceContext {
  o: GenerateOptions;
  index: number;
  account: AccountRecord;
  region: string;
  images: ImageRecord[];
  templates: LaunchTemplateRecord[];
  appCounters: Map<string, number>;
}

/** The k-th uniform draw of instance i. */
function draw(seed: number, i: number, k: number): number {
  return unit(seed, S.instance, i, k);
}

function lerp(lo: number, hi: number, v: number): number {
  return lo + (hi - lo) * v;
}

function snapMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

function generateInstance(c: InstanceContext): SimInstance {
  const { o, index: i } = c;
  const seed = o.seed;
  const now = o.now;
  const historyStart = now - o.historyDays * DAY_MS;

  const { app, team } = pick(APPS, draw(seed, i, 1));
  const n = (c.appCounters.get(app) ?? 0) + 1;
  c.appCounters.set(app, n);

  // Lifecycle: a few are launching or stopping right now; ~10% stopped during the history.
  const lifecycle = draw(seed, i, 2);
  const launchTime =
    lifecycle < 0.004
      ? now - Math.floor(5_000 + draw(seed, i, 3) * 40_000)
      : Math.floor(now - HOUR_MS - Math.pow(draw(seed, i, 3), 1.15) * 400 * DAY_MS);
  let stopTime: number | null = null;
  if (lifecycle >= 0.004 && lifecycle < 0.008 && launchTime < now - DAY_MS) {
    stopTime = now + Math.floor(30_000 + draw(seed, i, 4) * 70_000);
  } else if (lifecycle >= 0.9) {
    const lo = Math.max(launchTime + DAY_MS, historyStart);
    if (lo < now - HOUR_MS) stopTime = Math.floor(lerp(lo, now - HOUR_MS, draw(seed, i, 4)));
  }

  // Image and launch template; a template version must exist when the instance launched.
  let pickU = draw(seed, i, 5) * AMI_WEIGHT_TOTAL;
  let imageIndex = 0;
  for (let k = 0; k < AMI_FLAVOURS.length; k++) {
    pickU -= AMI_FLAVOURS[k]?.weight ?? 0;
    if (pickU < 0) {
      imageIndex = k;
      break;
    }
  }
  let image = c.images[imageIndex] ?? c.images[0];
  let launchTemplateId: string | null = null;
  let launchTemplateVersion = 0;
  let templateTokens: HttpTokens | undefined;
  if (draw(seed, i, 6) < 0.35 && c.templates.length > 0) {
    const template = pick(c.templates, draw(seed, i, 7));
    // Versions are in creation order: those before the launch are a prefix; favour its newer half.
    let available = 0;
    while (available < template.versions.length && (template.versions[available]?.createTime ?? Infinity) <= launchTime)
      available++;
    const version = available > 0 ? template.versions[Math.floor((0.5 + draw(seed, i, 8) / 2) * available)] : undefined;
    if (version) {
      launchTemplateId = template.launchTemplateId;
      launchTemplateVersion = version.versionNumber;
      templateTokens = version.metadataOptions?.httpTokens;
      image = c.images.find((img) => img.imageId === version.imageId) ?? image;
    }
  }
  if (!image) throw new Error("a cell has no images");

  // Launch precedence: launch template > AMI ImdsSupport > EC2 default (optional).
  const initial: HttpTokens = templateTokens ?? (image.imdsSupport === "v2.0" ? "required" : "optional");
  const tokenChanges: TokenChange[] = [{ at: launchTime, httpTokens: initial }];
  let switchAt: number | null = null;
  if (initial === "optional" && draw(seed, i, 9) < SWITCH_SHARE) {
    const lo = Math.max(launchTime + HOUR_MS, historyStart);
    const hi = Math.min(now - HOUR_MS, stopTime ?? Infinity);
    if (lo < hi) {
      switchAt = snapMinute(lerp(lo, hi, draw(seed, i, 10)));
      tokenChanges.push({ at: switchAt, httpTokens: "required" });
    }
  }

  // The workload's IMDSv1 use: most callers stopped before their switch, some were switched too
  // early (Rejected), and among optional instances some still call v1 while many went quiet.
  const w = draw(seed, i, 11);
  let v1Until: number | null;
  if (initial === "required") {
    v1Until = w < 0.03 ? Infinity : null;
  } else if (switchAt !== null) {
    if (w < 0.85) v1Until = snapMinute(switchAt - (1 + draw(seed, i, 12) * 40) * DAY_MS);
    else if (w < 0.93) v1Until = snapMinute(Math.min(switchAt + (1 + draw(seed, i, 12) * 13) * DAY_MS, now - HOUR_MS));
    else v1Until = Infinity;
  } else if (w < 0.4) {
    v1Until = Infinity;
  } else if (w < 0.8) {
    const lo = Math.max(launchTime + HOUR_MS, historyStart);
    const hi = now - 15 * DAY_MS;
    v1Until = lo < hi ? snapMinute(lerp(lo, hi, draw(seed, i, 12))) : null;
  } else if (w < 0.9) {
    const lo = Math.max(launchTime + HOUR_MS, now - 13 * DAY_MS);
    v1Until = lo < now - DAY_MS ? snapMinute(lerp(lo, now - DAY_MS, draw(seed, i, 12))) : Infinity;
  } else {
    v1Until = null;
  }
  if (v1Until !== null && v1Until <= launchTime) v1Until = null;

  return {
    instanceId: resourceId("i", o.seed, S.instance, i),
    accountId: c.account.id,
    region: c.region,
    instanceType: pick(INSTANCE_TYPES, draw(seed, i, 14)),
    imageId: image.imageId,
    launchTime,
    stopTime,
    name: `${app}-${n}`,
    team,
    environment: environmentFor(c.account.name, draw(seed, i, 15)),
    launchTemplateId,
    launchTemplateVersion,
    metadata: {
      httpTokens: tokenChanges[tokenChanges.length - 1]?.httpTokens ?? initial,
      httpPutResponseHopLimit: draw(seed, i, 16) < 0.2 ? 2 : 1,
      httpEndpoint: v1Until === null && draw(seed, i, 17) < 0.02 ? "disabled" : "enabled",
      httpProtocolIpv6: "disabled",
      instanceMetadataTags: draw(seed, i, 18) < 0.1 ? "enabled" : "disabled",
    },
    metadataPendingUntil: 0,
    tokenChanges,
    v1Until,
    dailyCalls: Math.round(Math.exp(Math.log(48) + draw(seed, i, 19) * (Math.log(6000) - Math.log(48)))),
    hashKey: hash32(o.seed, S.hashKey, i),
  };
}

export function generateCells(o: GenerateOptions, accounts: readonly AccountRecord[]): Cell[] {
  const active = accounts.filter((a) => a.state === "ACTIVE");
  const cellSpecs: { account: AccountRecord; accountIndex: number; region: string; regionIndex: number }[] = [];
  active.forEach((account, accountIndex) =>
    o.regions.forEach((region, regionIndex) => cellSpecs.push({ account, accountIndex, region, regionIndex })),
  );
  // Uneven spread: the management account runs little, the first regions run most.
  const weights = cellSpecs.map(({ accountIndex, regionIndex }, c) => {
    const accountWeight = accountIndex === 0 ? 0.15 : 0.6 + 1.4 * unit(o.seed, S.cell, accountIndex, 1);
    const regionWeight = Math.pow(0.7, regionIndex) * (0.5 + unit(o.seed, S.cell, regionIndex, 2));
    return accountWeight * regionWeight * (0.4 + unit(o.seed, S.cell, c, 3));
  });
  const counts = apportion(o.instances, weights);
  const declarativeCell = cellSpecs.findIndex(
    (s) => s.accountIndex === Math.min(1, active.length - 1) && s.regionIndex === Math.min(1, o.regions.length - 1),
  );
  const enforcedCell = cellSpecs.findIndex((s) => s.accountIndex === active.length - 1 && s.regionIndex === 0);

  const cells: Cell[] = [];
  let index = 0;
  cellSpecs.forEach((spec, c) => {
    const images = generateImages(o, c, spec.account.id);
    const templates = generateLaunchTemplates(o, c, images);
    const role = c === declarativeCell ? "declarative" : c === enforcedCell ? "enforced" : "plain";
    const ctx: InstanceContext = {
      o,
      index: 0,
      account: spec.account,
      region: spec.region,
      images,
      templates,
      appCounters: new Map(),
    };
    const instances: SimInstance[] = [];
    const count = counts[c] ?? 0;
    for (let k = 0; k < count; k++) {
      ctx.index = index++;
      instances.push(generateInstance(ctx));
    }
    cells.push({
      accountId: spec.account.id,
      region: spec.region,
      instances,
      images,
      launchTemplates: templates,
      defaults: generateDefaults(o, c, role),
    });
  });
  return cells;
}
