// Public surface of the simulator (see README.md in this folder).
export { startSimulator, SIMULATOR_ACCESS_KEY_ID, SIMULATOR_SECRET_ACCESS_KEY } from "./server";
export type { RunningSimulator, StartSimulatorOptions } from "./server";
export { createFleet, Fleet, DEFAULT_METADATA_APPLY_DELAY_MS } from "./fleet";
export type { FleetCounts, FleetOptions, MetadataOptionsChange, DefaultsChange } from "./fleet";
export { assumedAccessKeyId } from "./auth";
export { defaultKnobs } from "./knobs";
export type { DeniedAccountRegion, SimulatorKnobs, SimulatorStats } from "./knobs";
export { FLEET_REGION_NAMES, DEFAULT_FLEET_REGIONS, NOT_OPTED_IN_REGIONS, simulatorRegions } from "./regions";
export type { InstanceCategory, InstanceTruth } from "./timeline";
export { MAX_DATAPOINTS_PER_CALL, RETENTION_DAYS } from "./metrics";
export type * from "./types";
