import Link from "next/link";

export default function InstanceNotFound() {
  return (
    <section className="card empty-state" aria-labelledby="instance-missing-title">
      <h1 id="instance-missing-title">Instance not found</h1>
      <p>
        No collected instance has this id. It may be in an account or region that is not collected, or it was terminated
        before the first collection saw it.
      </p>
      <Link href="/instances">All instances</Link>
    </section>
  );
}
