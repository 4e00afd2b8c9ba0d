import type { ReactNode } from "react";

/** A problem the reader should see: the API's error code (when known) and its message. */
export function Alert({ code, children, action }: { code?: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="alert" role="alert">
      {code ? <strong className="alert-code">{code}</strong> : null}{" "}
      <span className="alert-message">{children}</span>
      {action ? <span className="alert-action">{action}</span> : null}
    </div>
  );
}
