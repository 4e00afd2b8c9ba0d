"use client";

import { useId, useState, type FormEvent } from "react";
import type { DefaultsTarget } from "@/lib/domain/region-defaults";

type Choice<T extends string> = "" | T;

const TOKENS = ["required", "optional", "no-preference"] as const;
const ENABLED = ["enabled", "disabled", "no-preference"] as const;

function ChoiceField<T extends string>({
  label,
  value,
  options,
  onChange,
  hint,
}: {
  label: string;
  value: Choice<T>;
  options: readonly T[];
  onChange: (value: Choice<T>) => void;
  hint?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-describedby={hint ? hintId : undefined}
        // safe because the options are exactly "" and the values of `options`
        onChange={(event) => onChange(event.target.value as Choice<T>)}
      >
        <option value="">Leave unchanged</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      {hint ? (
        <span id={hintId} className="muted">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** The target of a regional-defaults change; absent fields stay as they are. */
export function ChangeDefaultsPanel({
  selectedCount,
  busy,
  onPreview,
}: {
  selectedCount: number;
  busy: boolean;
  onPreview: (target: DefaultsTarget) => void;
}) {
  const [httpTokens, setHttpTokens] = useState<Choice<(typeof TOKENS)[number]>>("required");
  const [enforced, setEnforced] = useState<Choice<(typeof ENABLED)[number]>>("");
  const [endpoint, setEndpoint] = useState<Choice<(typeof ENABLED)[number]>>("");
  const [tags, setTags] = useState<Choice<(typeof ENABLED)[number]>>("");
  const [hop, setHop] = useState("");
  const hopId = useId();
  const hopHint = `${hopId}-hint`;

  const target: DefaultsTarget = {
    ...(httpTokens ? { httpTokens } : {}),
    ...(enforced ? { httpTokensEnforced: enforced } : {}),
    ...(endpoint ? { httpEndpoint: endpoint } : {}),
    ...(tags ? { instanceMetadataTags: tags } : {}),
    ...(hop.trim() ? { httpPutResponseHopLimit: Number(hop) } : {}),
  };
  const empty = Object.keys(target).length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onPreview(target);
  };

  return (
    <section className="card" aria-labelledby="change-defaults-title">
      <h2 id="change-defaults-title" className="card-title">
        Change defaults
      </h2>
      <p className="muted">
        {selectedCount === 0
          ? "Select account-regions in the grid (the checkboxes), choose the new defaults, then preview the change."
          : `${selectedCount} account-${selectedCount === 1 ? "region" : "regions"} selected.`}{" "}
        Defaults apply to instances launched after the change only.
      </p>
      <form className="filters" aria-label="New defaults" onSubmit={submit}>
        <ChoiceField label="HttpTokens" value={httpTokens} options={TOKENS} onChange={setHttpTokens} />
        <ChoiceField label="HttpTokensEnforced" value={enforced} options={ENABLED} onChange={setEnforced} />
        <div className="filter">
          <label htmlFor={hopId}>Hop limit</label>
          <input
            id={hopId}
            type="number"
            min={-1}
            max={64}
            step={1}
            inputMode="numeric"
            placeholder="unchanged"
            value={hop}
            aria-describedby={hopHint}
            onChange={(event) => setHop(event.target.value)}
          />
          <span id={hopHint} className="muted">
            1–64, or -1 for no preference
          </span>
        </div>
        <ChoiceField label="HttpEndpoint" value={endpoint} options={ENABLED} onChange={setEndpoint} />
        <ChoiceField label="InstanceMetadataTags" value={tags} options={ENABLED} onChange={setTags} />
        <button type="submit" className="button" disabled={busy || selectedCount === 0 || empty}>
          {busy ? "Preparing preview…" : "Preview change"}
        </button>
      </form>
    </section>
  );
}
