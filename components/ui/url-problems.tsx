import Link from "next/link";
import { withoutProblems, type UrlProblem } from "@/lib/contracts/url-problems";

/**
 * A page whose link asks for filters the dashboard refuses: it names each bad parameter and value,
 * and offers the same view without them (or with no filters). Nothing else is shown, so a mistyped
 * shared link never passes for a filtered view.
 */
export function UrlProblems({
  title,
  pathname,
  search,
  problems,
}: {
  /** The page's heading. */
  title: string;
  pathname: string;
  search: URLSearchParams;
  problems: readonly UrlProblem[];
}) {
  const fixed = withoutProblems(search, problems).toString();
  const fixedHref = fixed ? `${pathname}?${fixed}` : pathname;
  return (
    <div className="stack">
      <h1>{title}</h1>
      <section className="alert url-problems" role="alert" aria-labelledby="url-problems-title" data-testid="url-problems">
        <h2 id="url-problems-title">
          {problems.length === 1 ? "This link has a filter" : "This link has filters"} the dashboard cannot apply
        </h2>
        <p>Nothing is shown, rather than a list that looks filtered but is not:</p>
        <ul>
          {problems.map((problem) => (
            <li key={`${problem.param}/${problem.index ?? ""}`} data-param={problem.param}>
              <code>
                {problem.param}={problem.value}
              </code>
              : {problem.message}
            </li>
          ))}
        </ul>
        <p className="url-problems-actions">
          <Link className="button" href={fixedHref}>
            {problems.length === 1 ? "Remove this filter" : "Remove these filters"}
          </Link>
          {fixedHref === pathname ? null : (
            <Link className="button button-secondary" href={pathname}>
              Clear all filters
            </Link>
          )}
        </p>
      </section>
    </div>
  );
}
