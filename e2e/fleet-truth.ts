import { createFleet } from "@/lib/simulator/fleet";
import { simulatorRegions } from "@/lib/simulator/regions";
import { E2E_FLEET } from "./fleet";

export interface FleetTruth {
  /** Instances the dashboard counts (the simulator never terminates any, so all of them). */
  instances: number;
  required: number;
  optional: number;
  activeAccountIds: string[];
  /** "accountId/region" of every account-region that holds instances. */
  cellsWithInstances: string[];
}

/** What the simulator serves to the e2e server: built as lib/aws/resolve-context.ts builds it. */
export function fleetTruth(at = Date.now()): FleetTruth {
  const fleet = createFleet({
    seed: E2E_FLEET.seed,
    instances: E2E_FLEET.instances,
    accounts: E2E_FLEET.accounts,
    regions: simulatorRegions(E2E_FLEET.regions),
  });
  const truth: FleetTruth = { instances: 0, required: 0, optional: 0, activeAccountIds: [], cellsWithInstances: [] };
  for (const account of fleet.activeAccounts()) {
    truth.activeAccountIds.push(account.id);
    for (const region of fleet.regions) {
      const views = fleet.listInstances(account.id, region, at);
      if (views.length > 0) truth.cellsWithInstances.push(`${account.id}/${region}`);
      truth.instances += views.length;
      for (const view of views) {
        if (view.metadataOptions.httpTokens === "required") truth.required += 1;
        else truth.optional += 1;
      }
    }
  }
  return truth;
}

/** A region's account-level IMDS defaults as the simulator starts with them (absent = never set). */
export function regionalDefaultsTruth(accountId: string, region: string) {
  const fleet = createFleet({
    seed: E2E_FLEET.seed,
    instances: E2E_FLEET.instances,
    accounts: E2E_FLEET.accounts,
    regions: simulatorRegions(E2E_FLEET.regions),
  });
  const d = fleet.getRegionalDefaults(accountId, region);
  return {
    httpTokens: d.httpTokens ?? null,
    httpPutResponseHopLimit: d.httpPutResponseHopLimit ?? null,
    httpEndpoint: d.httpEndpoint ?? null,
    instanceMetadataTags: d.instanceMetadataTags ?? null,
    httpTokensEnforced: d.httpTokensEnforced ?? null,
  };
}
