// Entry point for the app's embedded simulator mode (lib/aws/resolve-context.ts).
export { startSimulator, SIMULATOR_ACCESS_KEY_ID, SIMULATOR_SECRET_ACCESS_KEY } from "./server";
export type { RunningSimulator, StartSimulatorOptions } from "./server";
export { simulatorRegions } from "./regions";
