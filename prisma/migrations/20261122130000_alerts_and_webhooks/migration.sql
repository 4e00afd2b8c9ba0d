-- Alerts evaluated after every collection run, and webhooks that receive them (issue 5).
-- CreateTable
CREATE TABLE "alert" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "open_key" TEXT,
    "type" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "account_id" TEXT,
    "region" TEXT,
    "instance_id" TEXT,
    "team" TEXT,
    "title" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "run_id" INTEGER NOT NULL,
    "opened_at" TIMESTAMP(3) NOT NULL,
    "last_seen_run_id" INTEGER NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "resolved_run_id" INTEGER,
    "resolved_at" TIMESTAMP(3),
    "acknowledged_at" TIMESTAMP(3),
    "acknowledged_by_id" TEXT,
    "acknowledged_by_name" TEXT,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_evaluation" (
    "run_id" INTEGER NOT NULL,
    "evaluated_at" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "fired" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "alert_evaluation_pkey" PRIMARY KEY ("run_id")
);

-- CreateTable
CREATE TABLE "region_defaults_baseline" (
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "defaults" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "audit_id" BIGINT,
    "set_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "region_defaults_baseline_pkey" PRIMARY KEY ("account_id","region")
);

-- CreateTable
CREATE TABLE "instance_done_mark" (
    "instance_id" TEXT NOT NULL,
    "done_since" TIMESTAMP(3) NOT NULL,
    "is_done" BOOLEAN NOT NULL,

    CONSTRAINT "instance_done_mark_pkey" PRIMARY KEY ("instance_id")
);

-- CreateTable
CREATE TABLE "webhook" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "team" TEXT,
    "secret" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" TEXT NOT NULL,
    "created_by_name" TEXT NOT NULL,

    CONSTRAINT "webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "id" BIGSERIAL NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "alert_id" BIGINT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "completed_at" TIMESTAMP(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_attempt" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "next_retry_at" TIMESTAMP(3),

    CONSTRAINT "webhook_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_open_key_key" ON "alert"("open_key");

-- CreateIndex
CREATE INDEX "alert_key_idx" ON "alert"("key");

-- CreateIndex
CREATE INDEX "alert_opened_at_idx" ON "alert"("opened_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_webhook_id_alert_id_key" ON "webhook_delivery"("webhook_id", "alert_id");

-- CreateIndex
CREATE INDEX "webhook_delivery_status_next_attempt_at_idx" ON "webhook_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_delivery_alert_id_idx" ON "webhook_delivery"("alert_id");

-- CreateIndex
CREATE INDEX "webhook_attempt_delivery_id_idx" ON "webhook_attempt"("delivery_id");

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_attempt" ADD CONSTRAINT "webhook_attempt_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
