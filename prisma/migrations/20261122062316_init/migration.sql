-- CreateEnum
CREATE TYPE "MetricName" AS ENUM ('MetadataNoToken', 'MetadataNoTokenRejected');

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "state" TEXT,
    "source" TEXT NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "region" (
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "opt_in_status" TEXT,
    "http_tokens" TEXT,
    "http_put_response_hop_limit" INTEGER,
    "http_endpoint" TEXT,
    "instance_metadata_tags" TEXT,
    "http_tokens_enforced" TEXT,
    "managed_by" TEXT,
    "managed_exception_message" TEXT,
    "defaults_collected_at" TIMESTAMP(3),
    "last_collected_at" TIMESTAMP(3),

    CONSTRAINT "region_pkey" PRIMARY KEY ("account_id","name")
);

-- CreateTable
CREATE TABLE "instance" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "availability_zone" TEXT,
    "instance_type" TEXT,
    "image_id" TEXT,
    "state" TEXT NOT NULL,
    "launch_time" TIMESTAMP(3),
    "name" TEXT,
    "team" TEXT,
    "environment" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "launch_template_id" TEXT,
    "launch_template_version" TEXT,
    "http_tokens" TEXT NOT NULL,
    "http_put_response_hop_limit" INTEGER,
    "http_endpoint" TEXT,
    "http_protocol_ipv6" TEXT,
    "instance_metadata_tags" TEXT,
    "metadata_state" TEXT,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "terminated_at" TIMESTAMP(3),
    "metrics_known_from" TIMESTAMP(3),
    "metrics_known_through" TIMESTAMP(3),
    "hourly_known_through" TIMESTAMP(3),
    "last_v1_call_at" TIMESTAMP(3),
    "last_rejected_at" TIMESTAMP(3),

    CONSTRAINT "instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance_settings_change" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" TEXT NOT NULL,
    "observed_at" TIMESTAMP(3) NOT NULL,
    "run_id" INTEGER,
    "previous_http_tokens" TEXT,
    "http_tokens" TEXT NOT NULL,
    "http_put_response_hop_limit" INTEGER,
    "http_endpoint" TEXT,

    CONSTRAINT "instance_settings_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "image" (
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "image_id" TEXT NOT NULL,
    "name" TEXT,
    "owner_id" TEXT,
    "creation_date" TEXT,
    "imds_support" TEXT,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "image_pkey" PRIMARY KEY ("account_id","region","image_id")
);

-- CreateTable
CREATE TABLE "launch_template_version" (
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "launch_template_id" TEXT NOT NULL,
    "version_number" INTEGER NOT NULL,
    "launch_template_name" TEXT,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "is_latest" BOOLEAN NOT NULL DEFAULT false,
    "image_id" TEXT,
    "http_tokens" TEXT,
    "http_put_response_hop_limit" INTEGER,
    "http_endpoint" TEXT,
    "instance_metadata_tags" TEXT,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "launch_template_version_pkey" PRIMARY KEY ("account_id","region","launch_template_id","version_number")
);

-- CreateTable
CREATE TABLE "metric_point" (
    "instance_id" TEXT NOT NULL,
    "metric" "MetricName" NOT NULL,
    "period" INTEGER NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "metric_point_pkey" PRIMARY KEY ("instance_id","metric","period","timestamp")
);

-- CreateTable
CREATE TABLE "metric_coverage" (
    "instance_id" TEXT NOT NULL,
    "from_day" DATE NOT NULL,
    "to_day" DATE NOT NULL,

    CONSTRAINT "metric_coverage_pkey" PRIMARY KEY ("instance_id","from_day")
);

-- CreateTable
CREATE TABLE "daily_rollup" (
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "instances" INTEGER,
    "http_tokens_required" INTEGER,
    "http_tokens_optional" INTEGER,
    "v1_calls" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "rejected_calls" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "instances_with_v1_calls" INTEGER NOT NULL DEFAULT 0,
    "instances_with_rejected" INTEGER NOT NULL DEFAULT 0,
    "instances_reporting" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "daily_rollup_pkey" PRIMARY KEY ("account_id","region","day")
);

-- CreateTable
CREATE TABLE "collection_run" (
    "id" SERIAL NOT NULL,
    "trigger" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "units_total" INTEGER NOT NULL DEFAULT 0,
    "units_done" INTEGER NOT NULL DEFAULT 0,
    "units_failed" INTEGER NOT NULL DEFAULT 0,
    "instances_seen" INTEGER NOT NULL DEFAULT 0,
    "metric_points_written" INTEGER NOT NULL DEFAULT 0,
    "api_calls" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,

    CONSTRAINT "collection_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collection_unit" (
    "run_id" INTEGER NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" TEXT,
    "error_code" TEXT,
    "error_message" TEXT,
    "instances" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "collection_unit_pkey" PRIMARY KEY ("run_id","account_id","region")
);

-- CreateIndex
CREATE INDEX "instance_account_id_region_idx" ON "instance"("account_id", "region");

-- CreateIndex
CREATE INDEX "instance_http_tokens_idx" ON "instance"("http_tokens");

-- CreateIndex
CREATE INDEX "instance_team_idx" ON "instance"("team");

-- CreateIndex
CREATE INDEX "instance_settings_change_instance_id_observed_at_idx" ON "instance_settings_change"("instance_id", "observed_at");

-- CreateIndex
CREATE INDEX "daily_rollup_day_idx" ON "daily_rollup"("day");

-- CreateIndex
CREATE INDEX "collection_run_started_at_idx" ON "collection_run"("started_at");

-- AddForeignKey
ALTER TABLE "region" ADD CONSTRAINT "region_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance" ADD CONSTRAINT "instance_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_settings_change" ADD CONSTRAINT "instance_settings_change_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_point" ADD CONSTRAINT "metric_point_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_coverage" ADD CONSTRAINT "metric_coverage_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_unit" ADD CONSTRAINT "collection_unit_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "collection_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
