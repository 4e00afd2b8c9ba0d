"use client";

import { useId } from "react";

// The list pages' filter fields (audit, alerts, reports, guardrail waivers). Each reports a value,
// or null for "all"; the page keeps it in its URL.

/** Free text, applied on leaving the field or on Enter, so typing does not fetch on every key. */
export function TextFilter({
  label,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        // A new value from the URL (back button, a link) replaces what the field shows.
        key={value ?? ""}
        type="text"
        defaultValue={value ?? ""}
        placeholder={placeholder}
        onBlur={(event) => onChange(event.target.value.trim() || null)}
        onKeyDown={(event) => {
          if (event.key === "Enter") onChange(event.currentTarget.value.trim() || null);
        }}
      />
    </div>
  );
}

/** One of a fixed list, or All. */
export function SelectFilter<T extends string>({
  label,
  value,
  options,
  labels,
  onChange,
}: {
  label: string;
  value: T | null;
  options: readonly T[];
  /** Shown instead of the value where given. */
  labels?: Partial<Record<T, string>>;
  onChange: (value: T | null) => void;
}) {
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange(options.find((option) => option === event.target.value) ?? null)}
      >
        <option value="">All</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {labels?.[option] ?? option}
          </option>
        ))}
      </select>
    </div>
  );
}
