-- Daily rollups gain a team dimension. Existing rows are account-region totals: they become team "*".
ALTER TABLE "daily_rollup" ADD COLUMN     "team" TEXT NOT NULL DEFAULT '*';
ALTER TABLE "daily_rollup" DROP CONSTRAINT "daily_rollup_pkey",
ADD CONSTRAINT "daily_rollup_pkey" PRIMARY KEY ("account_id", "region", "team", "day");

-- CreateTable
CREATE TABLE "instance_summary" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "team" TEXT,
    "state" TEXT NOT NULL,
    "http_tokens" TEXT NOT NULL,
    "readiness" TEXT,
    "terminated" BOOLEAN NOT NULL,
    "last_v1_day" DATE,
    "last_rejected_day" DATE,
    "instances" INTEGER NOT NULL,

    CONSTRAINT "instance_summary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "instance_summary_account_id_region_idx" ON "instance_summary"("account_id", "region");

-- Fill the summary from what is already collected (as of now; the collector keeps it from here).
INSERT INTO "instance_summary" ("account_id", "region", "team", "state", "http_tokens", "readiness", "terminated",
  "last_v1_day", "last_rejected_day", "instances")
SELECT "account_id", "region", "team", "state", "http_tokens", "readiness", "terminated_at" IS NOT NULL,
  CASE WHEN "last_v1_call_at" >= (now() AT TIME ZONE 'UTC')::date - 7 THEN "last_v1_call_at"::date END,
  CASE WHEN "last_rejected_at" >= (now() AT TIME ZONE 'UTC')::date - 7 THEN "last_rejected_at"::date END,
  COUNT(*)
FROM "instance"
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

-- Advanced after every collector write, so read caches know when the data changed (lib/db/data-version.ts).
CREATE SEQUENCE "data_version";
