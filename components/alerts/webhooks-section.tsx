"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  setWebhookEnabled,
} from "@/app/(dashboard)/alerts/queries";
import { queryKeys } from "@/app/_client/query-keys";
import { ErrorAlert } from "@/app/_client/error-alert";
import { useCanChange } from "@/app/_client/identity";

const utc = (iso: string) => `${iso.replace("T", " ").slice(0, 19)} UTC`;

/**
 * Where alerts are posted, how to add one (its secret is shown once), and the delivery log. A
 * webhook URL is a credential, so viewers see the delivery log (names, no URLs) but not the list.
 */
export function WebhooksSection() {
  const queryClient = useQueryClient();
  const canChange = useCanChange();
  const webhooks = useQuery({
    queryKey: queryKeys.webhooks,
    queryFn: listWebhooks,
    refetchInterval: 30_000,
    enabled: canChange,
  });
  const deliveries = useQuery({
    queryKey: queryKeys.deliveries,
    queryFn: listDeliveries,
    refetchInterval: 30_000,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.webhooks });
    void queryClient.invalidateQueries({ queryKey: queryKeys.deliveries });
  };
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [team, setTeam] = useState("");
  const create = useMutation({
    mutationFn: () => createWebhook({ name, url, team: team.trim() || null }),
    onSuccess: () => {
      setName("");
      setUrl("");
      setTeam("");
      refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => setWebhookEnabled(id, enabled),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (id: string) => deleteWebhook(id), onSuccess: refresh });
  const ids = { name: useId(), url: useId(), team: useId() };
  const list = webhooks.data ?? [];

  return (
    <>
      <Card title="Webhooks">
        <div className="stack">
          <p className="muted">
            Each new alert is posted as Slack-compatible JSON (<span className="mono">text</span>,{" "}
            <span className="mono">blocks</span>, and the structured <span className="mono">alert</span>), signed in the{" "}
            <span className="mono">X-IMDS-Signature</span> header, and retried with backoff on network errors, 5xx and
            429. A team webhook only gets alerts for instances whose team tag matches.
          </p>
          {webhooks.isError ? <ErrorAlert error={webhooks.error} onRetry={() => void webhooks.refetch()} /> : null}
          {canChange ? null : (
            <p className="note" data-testid="webhooks-hidden">
              Webhook targets are listed for operators and admins only: a webhook URL is a credential (anyone who has a
              Slack or Teams webhook URL can post to that channel). The delivery log below shows where alerts went by
              webhook name.
            </p>
          )}
          {canChange ? (
            <div className="table-scroll" role="region" aria-label="Webhooks" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">URL</th>
                    <th scope="col">Team</th>
                    <th scope="col">Last attempt</th>
                    <th scope="col">State</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {list.length === 0 ? (
                    <tr>
                      <td colSpan={6} className="table-empty">
                        No webhooks: alerts are shown here only.
                      </td>
                    </tr>
                  ) : (
                    list.map((hook) => (
                      <tr key={hook.id} data-testid="webhook-row">
                        <td>
                          {hook.name}
                          <span className="cell-sub">by {hook.createdByName}</span>
                        </td>
                        <td className="mono cell-note" title="Shown masked: the full URL is a credential">
                          {hook.maskedUrl}
                        </td>
                        <td>{hook.team ?? <span className="muted">all alerts</span>}</td>
                        <td>
                          {hook.lastAttempt ? (
                            <>
                              {hook.lastAttempt.statusCode ?? "no answer"}
                              <span className="cell-sub">{utc(hook.lastAttempt.at)}</span>
                              {hook.lastAttempt.error ? (
                                <span className="cell-sub">{hook.lastAttempt.error}</span>
                              ) : null}
                            </>
                          ) : (
                            <span className="muted">none yet</span>
                          )}
                        </td>
                        <td>{hook.enabled ? <Badge tone="success">active</Badge> : <Badge>paused</Badge>}</td>
                        <td className="nowrap">
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => toggle.mutate({ id: hook.id, enabled: !hook.enabled })}
                          >
                            {hook.enabled ? "Pause" : "Resume"}
                          </button>{" "}
                          <button
                            type="button"
                            className="link-button"
                            aria-label={`Delete webhook ${hook.name}`}
                            onClick={() => {
                              if (window.confirm(`Delete webhook "${hook.name}" and its delivery log?`))
                                remove.mutate(hook.id);
                            }}
                          >
                            Delete
                          </button>
                        </td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
          ) : null}
          {toggle.error ? <ErrorAlert error={toggle.error} /> : null}
          {remove.error ? <ErrorAlert error={remove.error} /> : null}
          {canChange ? (
            <form
              className="filters"
              aria-label="Add a webhook"
              onSubmit={(event) => {
                event.preventDefault();
                create.mutate();
              }}
            >
              <div className="filter">
                <label htmlFor={ids.name}>Name</label>
                <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} required />
              </div>
              <div className="filter">
                <label htmlFor={ids.url}>URL</label>
                <input
                  id={ids.url}
                  type="url"
                  value={url}
                  placeholder="https://hooks.slack.com/services/…"
                  onChange={(e) => setUrl(e.target.value)}
                  required
                />
              </div>
              <div className="filter">
                <label htmlFor={ids.team}>Team (optional)</label>
                <input id={ids.team} value={team} placeholder="all alerts" onChange={(e) => setTeam(e.target.value)} />
              </div>
              <div className="filter">
                <button type="submit" className="button" disabled={create.isPending}>
                  Add webhook
                </button>
              </div>
            </form>
          ) : null}
          {create.error ? <ErrorAlert error={create.error} /> : null}
          {create.data ? (
            <div role="status" className="note" data-testid="webhook-secret">
              Webhook &quot;{create.data.webhook.name}&quot; added. Its signing secret, shown only now:{" "}
              <code className="mono">{create.data.secret}</code>. Verify each request&apos;s{" "}
              <span className="mono">X-IMDS-Signature</span> with it (see the README).
            </div>
          ) : null}
        </div>
      </Card>

      <Card title="Delivery log">
        {deliveries.isError ? <ErrorAlert error={deliveries.error} onRetry={() => void deliveries.refetch()} /> : null}
        <div className="table-scroll" role="region" aria-label="Delivery log" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Webhook</th>
                <th scope="col">Alert</th>
                <th scope="col">Attempt</th>
                <th scope="col">Answer</th>
                <th scope="col">Took</th>
                <th scope="col">Next retry</th>
              </tr>
            </thead>
            <tbody>
              {(deliveries.data ?? []).length === 0 ? (
                <tr>
                  <td colSpan={7} className="table-empty">
                    Nothing delivered yet.
                  </td>
                </tr>
              ) : (
                (deliveries.data ?? []).map((entry) => (
                  <tr key={entry.id} data-testid="delivery-row">
                    <td className="nowrap">{utc(entry.startedAt)}</td>
                    <td>{entry.webhookName}</td>
                    <td className="cell-note">
                      #{entry.alertId} {entry.alertTitle}
                    </td>
                    <td>
                      {entry.attempt} <span className="cell-sub">{entry.deliveryStatus}</span>
                    </td>
                    <td>
                      {entry.statusCode ?? "—"}
                      {entry.error ? <span className="cell-sub">{entry.error}</span> : null}
                    </td>
                    <td>{entry.durationMs} ms</td>
                    <td className="nowrap">{entry.nextRetryAt ? utc(entry.nextRetryAt) : "—"}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
