import { defineConfig } from "prisma/config";

// Only `prisma generate` runs here; the app applies migrations itself (see lib/db/conn/migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
