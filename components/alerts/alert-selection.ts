// The Alerts page's bulk selection: pure, so it is unit-tested. Only alerts nobody acknowledged
// yet can be chosen, and only those on the page shown count (a new page or filter drops the rest).

export interface SelectableAlert {
  id: string;
  acknowledgedAt: string | null;
}

/** The alerts of this page that can still be acknowledged. */
export const selectableIds = (rows: readonly SelectableAlert[]): string[] =>
  rows.filter((row) => row.acknowledgedAt === null).map((row) => row.id);

/** The chosen ids that are on this page and still selectable, in page order. */
export const chosenOnPage = (rows: readonly SelectableAlert[], chosen: ReadonlySet<string>): string[] =>
  selectableIds(rows).filter((id) => chosen.has(id));

/** The selection after (un)ticking `ids`. */
export function toggleChosen(chosen: ReadonlySet<string>, ids: readonly string[], on: boolean): Set<string> {
  const next = new Set(chosen);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** The "select all on this page" box: checked, unchecked or mixed. */
export function pageSelectionState(
  rows: readonly SelectableAlert[],
  chosen: ReadonlySet<string>,
): "all" | "none" | "some" {
  const selectable = selectableIds(rows).length;
  const picked = chosenOnPage(rows, chosen).length;
  if (picked === 0 || selectable === 0) return "none";
  return picked === selectable ? "all" : "some";
}
