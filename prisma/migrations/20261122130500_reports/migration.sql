-- Shareable reports: frozen snapshots of a dashboard view behind a random link (token hash only).
-- CreateTable
CREATE TABLE "report" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "view" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "captured_at" TIMESTAMP(3) NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "revoked_by_name" TEXT,
    "view_count" INTEGER NOT NULL DEFAULT 0,
    "last_viewed_at" TIMESTAMP(3),

    CONSTRAINT "report_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "report_token_hash_key" ON "report"("token_hash");

-- CreateIndex
CREATE INDEX "report_captured_at_idx" ON "report"("captured_at");
