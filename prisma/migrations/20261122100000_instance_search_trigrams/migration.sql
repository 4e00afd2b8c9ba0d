-- Substring search over instances through trigram indexes (pg_trgm is a trusted extension: the
-- database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "instance" ADD COLUMN     "tag_values" TEXT NOT NULL DEFAULT '';

UPDATE "instance" SET "tag_values" =
  (SELECT COALESCE(string_agg(t.value, E'\n' ORDER BY t.key COLLATE "C"), '') FROM jsonb_each_text("tags") AS t);

-- CreateIndex
CREATE INDEX "instance_id_trgm_idx" ON "instance" USING GIN ("id" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "instance_name_trgm_idx" ON "instance" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "instance_tag_values_trgm_idx" ON "instance" USING GIN ("tag_values" gin_trgm_ops);
