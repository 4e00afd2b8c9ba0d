"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useId, useState } from "react";
import { useModalDialog } from "@/components/ui/change-dialog-frame";
import { createReport } from "@/app/(dashboard)/reports/queries";
import { queryKeys } from "./query-keys";
import type { ReportView } from "@/lib/contracts/report-snapshot";
import type { CreatedReport } from "@/lib/reports/create-report";
import { ErrorAlert } from "./error-alert";
import { useCanChange } from "./identity";

const EXPIRY_CHOICES = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never (until revoked)" },
];

/**
 * "Share": freezes the view on screen (its URL's filters, computed again on the server) into a
 * read-only report behind a link that opens without signing in. Operators and admins only.
 */
export function ShareButton({ view, defaultTitle }: { view: ReportView; defaultTitle: string }) {
  const canShare = useCanChange();
  const [open, setOpen] = useState(false);
  if (!canShare) return null;
  return (
    <>
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        Share
      </button>
      {open ? <ShareDialog view={view} defaultTitle={defaultTitle} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ShareDialog({ view, defaultTitle, onClose }: { view: ReportView; defaultTitle: string; onClose: () => void }) {
  const ref = useModalDialog();
  const ids = { title: useId(), name: useId(), expiry: useId(), link: useId() };
  const searchParams = useSearchParams();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(defaultTitle);
  const [expiry, setExpiry] = useState("30");
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      createReport({
        view,
        params: Object.fromEntries(searchParams.entries()),
        title: title.trim() || undefined,
        expiresInDays: expiry === "never" ? null : Number(expiry),
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.reports }),
  });
  const created: CreatedReport | undefined = create.data;
  const link = created ? `${window.location.origin}${created.path}` : null;

  return (
    <dialog ref={ref} className="change-dialog" aria-labelledby={ids.title} onClose={onClose}>
      <h2 id={ids.title}>Share a read-only report</h2>
      <p className="note">
        Freezes this view as it is now (filters, figures, charts and up to 1,000 table rows). Anyone with the link can
        open it without signing in, until it expires or is revoked on the Reports page.
      </p>
      {create.error ? <ErrorAlert error={create.error} /> : null}
      {link && created ? (
        <div className="stack">
          <label htmlFor={ids.link}>Report link (shown once: copy it now)</label>
          <input
            id={ids.link}
            type="text"
            readOnly
            value={link}
            data-testid="report-link"
            onFocus={(e) => e.target.select()}
          />
          <p className="muted">
            {created.report.expiresAt ? `Expires ${created.report.expiresAt.slice(0, 10)}.` : "Never expires."} Only a
            hash of the link is stored; if it is lost, share again.
          </p>
          <div className="page-actions dialog-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                void navigator.clipboard?.writeText(link).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy link"}
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <div className="field">
            <label htmlFor={ids.name}>Title</label>
            <input id={ids.name} type="text" maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.expiry}>Link expires after</label>
            <select id={ids.expiry} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <div className="page-actions dialog-actions">
            <button type="submit" className="button" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create link"}
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
