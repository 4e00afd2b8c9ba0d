"use client";

import { useEffect, useRef, type ReactNode, type RefObject } from "react";
import { Alert } from "./alert";

/**
 * A ref for a native <dialog>: the dialog opens with showModal() once mounted. With `initialFocus`
 * (a static element at the top, e.g. the title with tabIndex -1) it opens there, scrolled to the
 * top; otherwise showModal() focuses the first focusable element, which in a long dialog may
 * scroll the title out of view.
 */
export function useModalDialog(initialFocus?: RefObject<HTMLElement | null>) {
  const ref = useRef<HTMLDialogElement>(null);
  // No close() on cleanup: its "close" event would call onClose (React's dev double-mount runs the
  // cleanup at once), and an unmounted <dialog> leaves the top layer by itself.
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      dialog.showModal();
      if (initialFocus?.current) showFromTop(dialog, initialFocus.current);
    }
  }, [initialFocus]);
  return ref;
}

/** Focus on `target` and the dialog scrolled to its top. */
function showFromTop(dialog: HTMLDialogElement, target: HTMLElement) {
  target.focus({ preventScroll: true });
  dialog.scrollTop = 0;
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
  /** Offered once after a success; an undo's own dialog has none (an undo is not undone). */
  undo?: { label: string; busyLabel: string; busy: boolean; onClick: () => void };
  confirm: { label: string; busyLabel?: string; busy: boolean; disabled: boolean; onClick: () => void };
  onClose: () => void;
}) {
  // Opens on its title, not on the first focusable element (the preview table, halfway down).
  const titleRef = useRef<HTMLHeadingElement>(null);
  const ref = useModalDialog(titleRef);
  // When the results replace the preview, the Confirm button that had focus is gone: start again
  // from the title, at the top.
  useEffect(() => {
    if (done && ref.current?.open && titleRef.current) showFromTop(ref.current, titleRef.current);
  }, [done, ref]);

  return (
    <dialog ref={ref} className="change-dialog" aria-labelledby={id} onClose={onClose}>
      <h2 id={id} ref={titleRef} tabIndex={-1} className="dialog-title">
        {title}
      </h2>
      <p className="note">{note}</p>
      {conflict ? <Alert code="Conflict">{conflict}</Alert> : null}
      {error}
      {body}
      <div className="page-actions dialog-actions">
        {done ? (
          <>
            {undo && succeeded && !undone ? (
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
              {confirm.busy ? (confirm.busyLabel ?? "Applying…") : confirm.label}
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
