import Link from "next/link";
import { requestIdentity } from "@/lib/http/identity";

export default async function Forbidden() {
  const identity = await requestIdentity();
  return (
    <div className="card">
      <h1>Forbidden</h1>
      <p>
        This page is for admins
        {identity.actor ? `; ${identity.actor.name} is ${identity.actor.role}` : ""}. Ask an admin to add you to an
        admin group. <Link href="/">Go to the overview</Link>.
      </p>
    </div>
  );
}
