"use client";

import { formatUtcMinute } from "@/lib/domain/time";
import { AlarmPanel } from "@/components/alerts/alarm-panel";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { InstanceMetricsChart } from "@/components/charts/instance-metrics-chart";
import { HttpTokensBadge } from "@/components/instances/http-tokens-badge";
import styles from "@/components/instances/instances.module.css";
import { PrecedenceExplanationView } from "@/components/instances/precedence-explanation";
import { ReadinessBadge, readinessLabel } from "@/components/instances/readiness-badge";
import { SettingsHistoryTable } from "@/components/instances/settings-history-table";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { fetchInstanceDetail } from "@/app/(dashboard)/instances/queries";
import { queryKeys } from "@/app/_client/query-keys";
import type { InstanceDetail } from "@/lib/db/read/instance-detail";
import { ErrorAlert } from "@/app/_client/error-alert";

const utc = (iso: string | null) => (iso ? formatUtcMinute(iso) : "—");
const orDash = (value: ReactNode) => (value === null || value === undefined || value === "" ? "—" : value);

function Facts({ items, label }: { items: [string, ReactNode][]; label: string }) {
  return (
    <dl className={styles.facts} aria-label={label}>
      {items.map(([term, value]) => (
        <div key={term} style={{ display: "contents" }}>
          <dt>{term}</dt>
          <dd>{orDash(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function InstanceDetailClient({ id }: { id: string }) {
  const detail = useQuery({ queryKey: queryKeys.instance(id), queryFn: () => fetchInstanceDetail(id) });

  const back = (
    <p>
      <Link href="/instances">← All instances</Link>
    </p>
  );
  if (detail.isPending) {
    return (
      <div className="stack">
        {back}
        <h1 className="mono id">{id}</h1>
        <Card>
          <Skeleton lines={6} label="Loading the instance" />
        </Card>
      </div>
    );
  }
  if (detail.isError) {
    return (
      <div className="stack">
        {back}
        <h1 className="mono id">{id}</h1>
        <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />
      </div>
    );
  }
  return <InstanceDetailView detail={detail.data} back={back} />;
}

function InstanceDetailView({ detail, back }: { detail: InstanceDetail; back: ReactNode }) {
  const { instance, readiness, precedence, template, regionDefault, image } = detail;
  const stale = readiness.stored !== null && readiness.stored !== readiness.now.readiness;
  return (
    <div className="stack">
      {back}
      <div className="page-head">
        <div>
          <h1>
            {instance.name ?? <span className="mono id">{instance.id}</span>}
            {instance.name ? (
              <>
                {" "}
                <span className="mono muted id">{instance.id}</span>
              </>
            ) : null}
          </h1>
          <p className="muted">
            {instance.accountName ? `${instance.accountName} (` : null}
            <span className="id">{instance.accountId}</span>
            {instance.accountName ? ")" : null} · <span className="id">{instance.region}</span> · {instance.state}
            {instance.team ? ` · team ${instance.team}` : ""}
          </p>
        </div>
      </div>

      <div className={styles.grid2}>
        <Card title="Readiness">
          <p data-testid="readiness" data-readiness={readiness.stored ?? readiness.now.readiness}>
            <ReadinessBadge readiness={readiness.stored ?? readiness.now.readiness} reason={readiness.now.reason} />
          </p>
          <p data-testid="readiness-reason">
            {readiness.now.reason.charAt(0).toUpperCase() + readiness.now.reason.slice(1)}.
          </p>
          <p className="muted">
            Window: the last {readiness.windowDays} days.
            {stale
              ? ` The last collection judged it "${readinessLabel(readiness.stored!)}"; from today's facts it is "${readinessLabel(readiness.now.readiness)}".`
              : ""}
          </p>
        </Card>
        <Card title={`Why HttpTokens is ${precedence.verdict}`}>
          <PrecedenceExplanationView explanation={precedence} />
        </Card>
      </div>

      <div className={styles.grid2}>
        <Card title="Metadata options">
          <Facts
            label="Metadata options"
            items={[
              [
                "HttpTokens",
                <HttpTokensBadge key="t" httpTokens={instance.httpTokens} metadataState={instance.metadataState} />,
              ],
              ["Hop limit", instance.httpPutResponseHopLimit],
              ["Endpoint", instance.httpEndpoint],
              ["IPv6 endpoint", instance.httpProtocolIpv6],
              ["Tags in metadata", instance.instanceMetadataTags],
              ["Last IMDSv1 call", utc(instance.lastV1CallAt)],
              ["Last rejected call", utc(instance.lastRejectedAt)],
              [
                "Metrics known",
                instance.metricsKnownFrom
                  ? `${utc(instance.metricsKnownFrom)} to ${utc(instance.metricsKnownThrough)}`
                  : "not collected yet",
              ],
            ]}
          />
        </Card>
        <Card title="Where it came from">
          <Facts
            label="Launch facts"
            items={[
              ["Instance type", instance.instanceType],
              ["Launched", utc(instance.launchTime)],
              [
                "AMI",
                instance.imageId ? (
                  <>
                    <span className="mono id">{instance.imageId}</span>
                    {image ? ` · ImdsSupport ${image.imdsSupport ?? "none"}` : " · not readable"}
                  </>
                ) : null,
              ],
              [
                "Launch template",
                template ? (
                  <>
                    {template.name ?? <span className="mono id">{template.id}</span>} v{template.versionNumber} ·
                    http_tokens {template.httpTokens ?? "unspecified"}
                    {template.isDefault ? " · $Default" : ""}
                    {template.isLatest ? " · $Latest" : ""}
                  </>
                ) : instance.launchTemplateId ? (
                  <>
                    <span className="mono id">{instance.launchTemplateId}</span> v
                    {instance.launchTemplateVersion ?? "?"} (version not read)
                  </>
                ) : (
                  "none"
                ),
              ],
              [
                "Regional default",
                regionDefault
                  ? `HttpTokens ${regionDefault.httpTokens ?? "not set"}${regionDefault.httpTokensEnforced ? ` · enforced ${regionDefault.httpTokensEnforced}` : ""}${regionDefault.managedBy ? ` · managed by ${regionDefault.managedBy}` : ""}`
                  : "not collected",
              ],
              ["First seen", utc(instance.firstSeenAt)],
              ["Last seen", utc(instance.lastSeenAt)],
            ]}
          />
        </Card>
      </div>

      <Card title="IMDSv1 calls">
        <div className="stack">
          <InstanceMetricsChart
            title="Per day, last 90 days"
            samples={detail.daily}
            granularity="day"
            testId="chart-daily"
          />
          <InstanceMetricsChart
            title="Per hour, last 48 hours"
            samples={detail.hourly}
            granularity="hour"
            testId="chart-hourly"
          />
        </div>
      </Card>

      <Card title="Settings history">
        <SettingsHistoryTable rows={detail.history} />
      </Card>

      <Card title="Alarm on rejected IMDSv1 calls">
        <AlarmPanel instanceId={instance.id} />
      </Card>
    </div>
  );
}
