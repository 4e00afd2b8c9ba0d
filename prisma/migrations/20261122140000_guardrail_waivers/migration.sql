-- Guardrail waivers: accepted exceptions to the Terraform IMDSv2 policies, per resource address, until a date.
-- CreateTable
CREATE TABLE "guard_waiver" (
    "id" BIGSERIAL NOT NULL,
    "policy" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),
    "revoked_by_id" TEXT,
    "revoked_by_name" TEXT,

    CONSTRAINT "guard_waiver_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "guard_waiver_policy_address_idx" ON "guard_waiver"("policy", "address");

-- CreateIndex
CREATE INDEX "guard_waiver_expires_at_idx" ON "guard_waiver"("expires_at");
