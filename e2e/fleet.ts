// The simulated fleet the e2e server runs: playwright.config.ts passes these to the app, and
// fleet-truth.ts rebuilds the same fleet to know what the UI must show.
export const E2E_FLEET = { seed: 7, instances: 300, accounts: 3, regions: 4 } as const;
