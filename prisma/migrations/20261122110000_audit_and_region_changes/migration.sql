-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "change_id" TEXT NOT NULL,
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "instance_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "status" TEXT NOT NULL,
    "aws_request_id" TEXT,
    "error_code" TEXT,
    "error_message" TEXT,
    "undo_of" BIGINT,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_entry_change_id_idx" ON "audit_entry"("change_id");

-- CreateIndex
CREATE INDEX "audit_entry_account_id_region_idx" ON "audit_entry"("account_id", "region");

-- CreateIndex
CREATE INDEX "audit_entry_undo_of_idx" ON "audit_entry"("undo_of");
