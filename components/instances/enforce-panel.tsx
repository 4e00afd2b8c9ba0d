"use client";

import { useId, useState, type FormEvent } from "react";

/**
 * "Require IMDSv2" on the chosen instances: the selection's size, "Select all ready" (the ready
 * instances of the current filter), an optional hop limit, and the preview button.
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
  const hopId = useId();
  const hopHint = `${hopId}-hint`;
  const hopValue = hop.trim() === "" ? null : Number(hop);
  const hopValid = hopValue === null || (Number.isInteger(hopValue) && hopValue >= 1 && hopValue <= 64);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (hopValid) onPreview(hopValue);
  };

  return (
    <section className="card" aria-labelledby="enforce-title">
      <h2 id="enforce-title" className="card-title">
        Require IMDSv2
      </h2>
      <p className="muted" data-testid="enforce-selection">
        {selectedCount === 0
          ? "Choose instances with the checkboxes, or select every ready instance of the current filter, then preview."
          : `${selectedCount.toLocaleString("en-US")} ${selectedCount === 1 ? "instance" : "instances"} selected` +
            (notReadyCount > 0
              ? `, ${notReadyCount.toLocaleString("en-US")} of them not ready (the preview says why).`
              : ".")}{" "}
        Sets HttpTokens=required, so IMDSv1 calls fail from then on; every change is checked with a DryRun, audited and
        can be rolled back.
      </p>
      <form className="filters" aria-label="Require IMDSv2" onSubmit={submit}>
        <button type="button" className="button button-secondary" disabled={selectingReady} onClick={onSelectReady}>
          {selectingReady ? "Selecting…" : "Select all ready"}
        </button>
        <button type="button" className="button button-secondary" disabled={selectedCount === 0} onClick={onClear}>
          Clear selection
        </button>
        <div className="filter">
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
          <span id={hopHint} className="muted">
            {hopValid ? "1–64, or empty to keep each instance's" : "must be a whole number from 1 to 64"}
          </span>
        </div>
        <button type="submit" className="button" disabled={busy || selectedCount === 0 || !hopValid}>
          {busy ? "Preparing preview…" : "Preview: require IMDSv2"}
        </button>
      </form>
    </section>
  );
}
