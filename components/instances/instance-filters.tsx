"use client";

import { useEffect, useId, useState } from "react";
import { HTTP_TOKENS, INSTANCE_STATES } from "@/lib/contracts/instance-list-options";
import { READINESS, READINESS_LABELS } from "@/lib/domain/readiness";
import { useHydrated } from "@/components/layout/use-hydrated";
import { accountOption, plainOptions } from "@/components/ui/filter-fields";
import styles from "./instances.module.css";

export interface FilterValues {
  q: string;
  account: string[];
  region: string[];
  httpTokens: string[];
  readiness: string[];
  state: string[];
  team: string[];
}

export interface FilterOptions {
  accounts: { id: string; name: string | null }[];
  regions: string[];
  teams: string[];
}

type ListKey = Exclude<keyof FilterValues, "q">;

const SEVERAL = "__several__";

/** A single-choice select over a list-valued URL parameter; a link with several values keeps them. */
function ListSelect({
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  label: string;
  value: string[];
  options: { value: string; label: string }[];
  onChange: (next: string[]) => void;
  disabled: boolean;
}) {
  const id = useId();
  const known = new Set(options.map((option) => option.value));
  // Values in the URL that the database does not offer (yet) stay selectable.
  const extra = value.filter((item) => !known.has(item)).map((item) => ({ value: item, label: item }));
  const selected = value.length === 0 ? "" : value.length === 1 ? value[0]! : SEVERAL;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={selected}
        disabled={disabled}
        onChange={(event) => {
          const next = event.target.value;
          if (next !== SEVERAL) onChange(next === "" ? [] : [next]);
        }}
      >
        <option value="">All</option>
        {value.length > 1 ? (
          <option value={SEVERAL} disabled>
            {value.join(", ")}
          </option>
        ) : null}
        {[...options, ...extra].map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Search and filters; every change is reported at once (search after a short pause in typing). */
export function InstanceFilters({
  values,
  options,
  onChange,
}: {
  values: FilterValues;
  options: FilterOptions;
  onChange: (patch: Partial<FilterValues>) => void;
}) {
  const searchId = useId();
  // Until React has hydrated, a change would be lost (the server HTML has no handlers), so the
  // controls stay disabled for that moment rather than silently dropping what was typed.
  const hydrated = useHydrated();
  const [text, setText] = useState(values.q);
  // Follow the URL when it changes from outside (back button, a clicked link): adjusted while
  // rendering, as React recommends, rather than one render late from an effect.
  const [urlText, setUrlText] = useState(values.q);
  if (urlText !== values.q) {
    setUrlText(values.q);
    setText(values.q);
  }
  useEffect(() => {
    if (text === values.q) return;
    const timer = setTimeout(() => onChange({ q: text }), 350);
    return () => clearTimeout(timer);
  }, [text, values.q, onChange]);

  const list = (key: ListKey, label: string, choices: { value: string; label: string }[]) => (
    <ListSelect
      label={label}
      value={values[key]}
      options={choices}
      disabled={!hydrated}
      onChange={(next) => onChange({ [key]: next })}
    />
  );

  return (
    <form
      className={styles.filters}
      role="search"
      aria-label="Filter instances"
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ q: text });
      }}
    >
      <div className={`${styles.field} ${styles.search}`}>
        <label htmlFor={searchId}>Search id, Name or tag value</label>
        <input
          id={searchId}
          type="search"
          value={text}
          disabled={!hydrated}
          placeholder="i-0abc…, web, team-x"
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {list("account", "Account", options.accounts.map(accountOption))}
      {list("region", "Region", plainOptions(options.regions))}
      {list(
        "httpTokens",
        "HttpTokens",
        HTTP_TOKENS.map((value) => ({ value, label: value })),
      )}
      {list(
        "readiness",
        "Readiness",
        READINESS.map((value) => ({ value, label: READINESS_LABELS[value] })),
      )}
      {list(
        "state",
        "State",
        INSTANCE_STATES.map((value) => ({ value, label: value })),
      )}
      {list("team", "Team", plainOptions(options.teams))}
    </form>
  );
}
