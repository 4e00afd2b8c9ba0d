"use client";

import { useId } from "react";

// The list pages' filter fields (overview, audit, alerts, reports, guardrail waivers). Each reports
// a value, or null for "all"; the page keeps it in its URL.

export interface FilterOption {
  value: string;
  label: string;
}

/** An account as every filter names it: "payments (111111111111)", or the id when it has no name. */
export const accountOption = (account: { id: string; name: string | null }): FilterOption => ({
  value: account.id,
  label: account.name ? `${account.name} (${account.id})` : account.id,
});

/** Options whose label is their value (regions, teams). */
export const plainOptions = (values: readonly string[]): FilterOption[] =>
  values.map((value) => ({ value, label: value }));

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

/**
 * One of a list of named options (accounts, regions), or all. A value from a shared link that the
 * list does not offer still shows as chosen rather than silently reading as "all".
 */
export function OptionFilter({
  label,
  name,
  value,
  options,
  allLabel = "All",
  onChange,
}: {
  label: string;
  name?: string;
  value: string | null;
  options: readonly FilterOption[];
  /** The empty choice, e.g. "All accounts"; null when a value is required. */
  allLabel?: string | null;
  onChange: (value: string | null) => void;
}) {
  const id = useId();
  const known = value === null || options.some((option) => option.value === value);
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value === "" ? null : event.target.value)}
      >
        {allLabel === null ? null : <option value="">{allLabel}</option>}
        {known ? null : <option value={value ?? ""}>{value}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The Account and Region filters, as the audit and alerts pages show them; `known` = the collected ones. */
export function AccountRegionFilters({
  account,
  region,
  known,
  onChange,
}: {
  account: string | null;
  region: string | null;
  known: { accounts: { id: string; name: string | null }[]; regions: readonly string[] } | undefined;
  onChange: (patch: { account: string | null } | { region: string | null }) => void;
}) {
  return (
    <>
      <OptionFilter
        label="Account"
        name="account"
        value={account}
        allLabel="All accounts"
        options={(known?.accounts ?? []).map(accountOption)}
        onChange={(value) => onChange({ account: value })}
      />
      <OptionFilter
        label="Region"
        name="region"
        value={region}
        allLabel="All regions"
        options={plainOptions(known?.regions ?? [])}
        onChange={(value) => onChange({ region: value })}
      />
    </>
  );
}
