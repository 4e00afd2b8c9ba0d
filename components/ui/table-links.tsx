// The pieces around a server-paged table: its CSV download and its newest / older pager.

/** Download of the whole filtered set from an export route (`query` without the leading "?"). */
export function ExportLink({ path, query, filename }: { path: string; query: string; filename: string }) {
  return (
    <a className="button button-secondary" href={`${path}${query ? `?${query}` : ""}`} download={filename}>
      Export CSV
    </a>
  );
}

/** Keyset paging, newest first: back to the newest page, or on to older rows. */
export function CursorPager({
  cursor,
  nextCursor,
  olderLabel,
  onPage,
}: {
  cursor: string | null;
  nextCursor: string | null;
  olderLabel: string;
  onPage: (cursor: string | null) => void;
}) {
  return (
    <div className="page-actions">
      {cursor ? (
        <button type="button" className="button button-secondary" onClick={() => onPage(null)}>
          Newest
        </button>
      ) : null}
      {nextCursor ? (
        <button type="button" className="button button-secondary" onClick={() => onPage(nextCursor)}>
          {olderLabel}
        </button>
      ) : null}
    </div>
  );
}
