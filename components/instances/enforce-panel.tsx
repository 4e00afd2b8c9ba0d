"use client";

import { useId, useState, type FormEvent } from "react";
import styles from "./instances.module.css";

/**
 * "Require IMDSv2" on the chosen instances, as one bar above the table: the selection's size,
 * "Select all ready" (the ready instances of the current filter), an optional hop limit, and the
 * preview button. Nothing changes before the preview's Confirm.
 */
export function EnforcePanel({
  selectedCount,
  notReadyCount,
  selectingReady,
  busy,
  onSelectReady,
  onClear,
  onPreview,
}: {
  selectedCount: number;
  notReadyCount: number;
  selectingReady: boolean;
  busy: boolean;
  onSelectReady: () => void;
  onClear: () => void;
  onPreview: (hopLimit: number | null) => void;
}) {
  const [hop, setHop] = useState("");
  const ids = useId();
  const hopId = `${ids}-hop`;
  const hopHint = `${ids}-hop-hint`;
  const aboutId = `${ids}-about`;
  const hopValue = hop.trim() === "" ? null : Number(hop);
  const hopValid = hopValue === null || (Number.isInteger(hopValue) && hopValue >= 1 && hopValue <= 64);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (hopValid) onPreview(hopValue);
  };

  return (
    <section className={styles.enforceBar} aria-labelledby="enforce-title">
      <h2 id="enforce-title" className={styles.enforceTitle}>
        Require IMDSv2
      </h2>
      <p className={styles.enforceStatus} data-testid="enforce-selection" aria-live="polite">
        {selectedCount === 0
          ? "None selected: tick rows, or select all ready."
          : `${selectedCount.toLocaleString("en-US")} ${selectedCount === 1 ? "instance" : "instances"} selected` +
            (notReadyCount > 0
              ? `, ${notReadyCount.toLocaleString("en-US")} of them not ready (the preview says why).`
              : ".")}
      </p>
      <span id={aboutId} className="visually-hidden">
        Sets HttpTokens=required, so IMDSv1 calls fail from then on; every change is checked with a DryRun, audited and
        can be rolled back. Nothing changes before you confirm the preview.
      </span>
      <form className={styles.enforceForm} aria-label="Require IMDSv2" onSubmit={submit}>
        <button type="button" className="button button-secondary" disabled={selectingReady} onClick={onSelectReady}>
          {selectingReady ? "Selecting…" : "Select all ready"}
        </button>
        <button type="button" className="button button-secondary" disabled={selectedCount === 0} onClick={onClear}>
          Clear selection
        </button>
        <span className={styles.hopField}>
          <label htmlFor={hopId}>Hop limit</label>
          <input
            id={hopId}
            type="number"
            min={1}
            max={64}
            step={1}
            inputMode="numeric"
            placeholder="unchanged"
            value={hop}
            aria-describedby={hopHint}
            aria-invalid={!hopValid}
            onChange={(event) => setHop(event.target.value)}
          />
          <span id={hopHint} className={hopValid ? "visually-hidden" : "field-error"}>
            {hopValid ? "1–64, or empty to keep each instance's" : "must be a whole number from 1 to 64"}
          </span>
        </span>
        <button
          type="submit"
          className="button"
          aria-describedby={aboutId}
          disabled={busy || selectedCount === 0 || !hopValid}
        >
          {busy ? "Preparing preview…" : "Preview: require IMDSv2"}
        </button>
      </form>
    </section>
  );
}
