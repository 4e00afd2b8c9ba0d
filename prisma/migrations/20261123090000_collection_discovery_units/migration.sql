-- A failed listing of an account's regions becomes its own "discovery" unit (keyed by the region it
-- was asked in, so it sits beside that region's collection unit), and a run counts those failed
-- listings and the accounts whose regions were never attempted because nothing could stand in.
-- AlterTable
ALTER TABLE "collection_run" ADD COLUMN "accounts_not_attempted" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "region_listings_failed" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "collection_unit" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'collect',
ADD COLUMN "region_fallback" TEXT;

-- AlterTable
ALTER TABLE "collection_unit" DROP CONSTRAINT "collection_unit_pkey",
ADD CONSTRAINT "collection_unit_pkey" PRIMARY KEY ("run_id", "account_id", "region", "kind");
