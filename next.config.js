/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from its own package directory at run time,
  // and the SDK/pg stacks are server-only: keep them out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  // forbidden(): pages only admins may see answer 403 (app/forbidden.tsx).
  experimental: { authInterrupts: true },
};

export default nextConfig;
