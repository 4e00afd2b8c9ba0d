// The simulated fleet the e2e server runs (playwright.config.ts passes these to the app).
export const E2E_FLEET = { seed: 7, instances: 300 } as const;
