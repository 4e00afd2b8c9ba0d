/**
 * ARNs, comma-separated: each stays on one line and, when longer than its box, ends in an ellipsis
 * with the full ARN in its title. `empty` is shown when there are none.
 */
export function ArnList({ arns, empty = "nobody" }: { arns: readonly string[]; empty?: string }) {
  if (arns.length === 0) return <>{empty}</>;
  return (
    <>
      {arns.map((arn, index) => (
        <span key={arn}>
          {index > 0 ? ", " : null}
          <span className="mono id id-truncate" title={arn}>
            {arn}
          </span>
        </span>
      ))}
    </>
  );
}
