"use client";

import { useId } from "react";

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterSelect {
  name: string;
  label: string;
  value: string | null;
  /** Label of the empty choice, e.g. "All accounts"; omitted when a value is required. */
  allLabel?: string;
  options: readonly FilterOption[];
  onChange: (value: string | null) => void;
}

/** A row of labelled selects; the page keeps each value in the URL. */
export function FiltersBar({ selects, children }: { selects: readonly FilterSelect[]; children?: React.ReactNode }) {
  const baseId = useId();
  return (
    <form className="filters" role="search" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      {selects.map((select) => {
        const id = `${baseId}-${select.name}`;
        const known = select.value === null || select.options.some((option) => option.value === select.value);
        return (
          <div className="filter" key={select.name}>
            <label htmlFor={id}>{select.label}</label>
            <select
              id={id}
              name={select.name}
              value={select.value ?? ""}
              onChange={(event) => select.onChange(event.target.value === "" ? null : event.target.value)}
            >
              {select.allLabel ? <option value="">{select.allLabel}</option> : null}
              {/* A value from a shared link that this database does not know still shows as chosen. */}
              {known ? null : <option value={select.value ?? ""}>{select.value}</option>}
              {select.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      {children}
    </form>
  );
}
