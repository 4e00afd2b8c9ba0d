"use client";

import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { usersQuery } from "@/app/_client/queries";
import type { UserRole } from "@/lib/auth/users";
import { ErrorAlert } from "@/app/_client/error-alert";

const COLUMNS: readonly DataTableColumn<UserRole>[] = [
  { id: "name", header: "Name", cell: (user) => user.name },
  { id: "email", header: "Email", cell: (user) => user.email ?? "—" },
  { id: "role", header: "Role", cell: (user) => user.role },
  { id: "groups", header: "Groups", cell: (user) => (user.groups.length ? user.groups.join(", ") : "—") },
  { id: "last", header: "Last signed in (UTC)", cell: (user) => user.lastSignedInAt.slice(0, 16).replace("T", " ") },
  { id: "first", header: "First signed in (UTC)", cell: (user) => user.firstSignedInAt.slice(0, 16).replace("T", " ") },
];

const CSV_COLUMNS = [
  { header: "name", value: (user: UserRole) => user.name },
  { header: "email", value: (user: UserRole) => user.email ?? "" },
  { header: "role", value: (user: UserRole) => user.role },
  { header: "groups", value: (user: UserRole) => user.groups.join(" ") },
  { header: "last_signed_in_at", value: (user: UserRole) => user.lastSignedInAt },
  { header: "first_signed_in_at", value: (user: UserRole) => user.firstSignedInAt },
];

export function AdminClient() {
  const users = useQuery(usersQuery());
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Admin</h1>
          <p className="muted">
            Everyone who has signed in and the role their groups or email give them now (ROLE_* settings): admin and
            operator may change AWS settings, viewers only look.
          </p>
        </div>
      </div>
      {users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data === undefined ? (
        <Card>
          <Skeleton lines={4} label="Loading users" />
        </Card>
      ) : users.data.mode === "local" ? (
        <Card title="Local mode">
          <p>
            No sign-in is configured, so nobody signs in: the one local user is admin and the server listens on loopback
            only. Configure OIDC (see the README) to give people their own roles.
          </p>
        </Card>
      ) : (
        <Card title="People and roles">
          <DataTable
            caption="People who have signed in, most recent first"
            columns={COLUMNS}
            rows={users.data.users}
            rowKey={(user) => user.id}
            csv={{ filename: "users.csv", columns: CSV_COLUMNS }}
          />
        </Card>
      )}
    </div>
  );
}
