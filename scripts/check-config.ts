// Runs before `npm start` (and before any build it needs): validates the configuration the way
// the server will, with the same .env files Next.js loads, so a bad or unsafe setting (a public
// listen address without sign-in) stops here with the reason instead of after a build.
import nextEnv from "@next/env";
import { ConfigError, parseEnv } from "../lib/env";

const root = new URL("..", import.meta.url).pathname;
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error });

try {
  parseEnv(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${error.message}\n\nThe server was not started.`);
  process.exit(1);
}
