"use client";

import { useId, useState, type ReactNode } from "react";
import { useModalDialog } from "@/components/ui/change-dialog-frame";
import { createWaiverInput, defaultExpiryDate, type WaiverDraft } from "@/lib/contracts/waiver-input";

/** The violation a waiver is for. */
export type WaiveTarget = Pick<WaiverDraft, "policy" | "address">;

type FieldErrors = Partial<Record<"owner" | "reason" | "expiresAt", string>>;

/** The fields' problems as the API would name them (the same zod schema runs on both sides). */
function validateDraft(draft: WaiverDraft, now: number): FieldErrors {
  const parsed = createWaiverInput(now).safeParse(draft);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === "owner" || field === "reason" || field === "expiresAt") && !errors[field])
      errors[field] = issue.message;
  }
  return errors;
}

const FIELD_LABELS = { owner: "Owner", reason: "Reason", expiresAt: "Expires" } as const;

/**
 * Accepting one policy's violation on one resource: owner, reason and an expiry (30 days by
 * default). Errors name the field; the server's own refusal (422, 403) shows above the buttons.
 */
export function WaiveDialog({
  target,
  now,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  target: WaiveTarget;
  now: number;
  busy: boolean;
  error: ReactNode;
  onSubmit: (draft: WaiverDraft) => void;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const id = useId();
  const [owner, setOwner] = useState("");
  const [reason, setReason] = useState("");
  const [expiresAt, setExpiresAt] = useState(() => defaultExpiryDate(now));
  const [errors, setErrors] = useState<FieldErrors>({});

  const field = (
    name: keyof FieldErrors,
    control: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode,
  ) => {
    const controlId = `${id}-${name}`;
    const errorId = `${controlId}-error`;
    return (
      <div className="dialog-field">
        <label htmlFor={controlId}>{FIELD_LABELS[name]}</label>
        {control({
          id: controlId,
          "aria-invalid": Boolean(errors[name]),
          "aria-describedby": errors[name] ? errorId : undefined,
        })}
        {errors[name] ? (
          <span id={errorId} className="field-error">
            {FIELD_LABELS[name]}: {errors[name]}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <dialog ref={ref} className="change-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>Waive a violation</h2>
      <p className="note">
        <span className="mono">{target.policy}</span> on <span className="mono break-anywhere">{target.address}</span>.
        While the waiver is active the violation is shown as waived and does not fail the verdict; it stops applying
        when it expires or is revoked.
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const draft = { ...target, owner, reason, expiresAt };
          const found = validateDraft(draft, Date.now());
          setErrors(found);
          if (Object.keys(found).length === 0) onSubmit(draft);
        }}
      >
        {field("owner", (props) => (
          <input
            {...props}
            type="text"
            value={owner}
            autoComplete="off"
            onChange={(event) => setOwner(event.target.value)}
          />
        ))}
        {field("reason", (props) => (
          <textarea {...props} rows={3} value={reason} onChange={(event) => setReason(event.target.value)} />
        ))}
        {field("expiresAt", (props) => (
          <input {...props} type="date" value={expiresAt} onChange={(event) => setExpiresAt(event.target.value)} />
        ))}
        {error}
        <div className="page-actions dialog-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Saving…" : "Waive"}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
