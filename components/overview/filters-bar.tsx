"use client";

import { OptionFilter, type FilterOption } from "@/components/ui/filter-fields";

export type { FilterOption };

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
  return (
    <form className="filters" role="search" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      {selects.map((select) => (
        <OptionFilter
          key={select.name}
          name={select.name}
          label={select.label}
          value={select.value}
          allLabel={select.allLabel ?? null}
          options={select.options}
          onChange={select.onChange}
        />
      ))}
      {children}
    </form>
  );
}
