"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { Alert } from "./alert";

/** A ref for a native <dialog>: the dialog opens with showModal() once mounted. */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  // No close() on cleanup: its "close" event would call onClose (React's dev double-mount runs the
  // cleanup at once), and an unmounted <dialog> leaves the top layer by itself.
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return ref;
}

/**
 * The frame every change dialog shares: a native <dialog> opened with showModal(), its title and
 * note, a stale-preview conflict, an error, then either the preview with Confirm / Cancel or the
 * results with Undo (once, after a success) / Close.
 */
export function ChangeDialogFrame({
  id,
  title,
  note,
  conflict,
  error,
  body,
  done,
  succeeded,
  undone,
  undo,
  confirm,
  onClose,
}: {
  id: string;
  title: string;
  note: string;
  conflict: string | null;
  error: ReactNode;
  /** The preview, or once done, the results. */
  body: ReactNode;
  done: boolean;
  succeeded: boolean;
  undone: boolean;
  undo: { label: string; busyLabel: string; busy: boolean; onClick: () => void };
  confirm: { label: string; busy: boolean; disabled: boolean; onClick: () => void };
  onClose: () => void;
}) {
  const ref = useModalDialog();

  return (
    <dialog ref={ref} className="change-dialog" aria-labelledby={id} onClose={onClose}>
      <h2 id={id}>{title}</h2>
      <p className="note">{note}</p>
      {conflict ? <Alert code="Conflict">{conflict}</Alert> : null}
      {error}
      {body}
      <div className="page-actions dialog-actions">
        {done ? (
          <>
            {succeeded && !undone ? (
              <button type="button" className="button button-secondary" disabled={undo.busy} onClick={undo.onClick}>
                {undo.busy ? undo.busyLabel : undo.label}
              </button>
            ) : null}
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="button"
              disabled={confirm.busy || confirm.disabled}
              onClick={confirm.onClick}
            >
              {confirm.busy ? "Applying…" : confirm.label}
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Cancel
            </button>
          </>
        )}
      </div>
    </dialog>
  );
}
