-- AlterTable
ALTER TABLE "daily_rollup" ADD COLUMN     "settings_source" TEXT;

-- AlterTable
ALTER TABLE "instance" ADD COLUMN     "readiness" TEXT;

-- AlterTable
ALTER TABLE "instance_settings_change" ADD COLUMN     "event_id" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'observed';

-- AlterTable
ALTER TABLE "region" ADD COLUMN     "history_known_through" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "instance_readiness_idx" ON "instance"("readiness");

-- CreateIndex
CREATE UNIQUE INDEX "instance_settings_change_event_id_key" ON "instance_settings_change"("event_id");
