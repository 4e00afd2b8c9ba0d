import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="stack">
      <h1>Instances</h1>
      <div className="card">
        <Skeleton lines={2} label="Loading the filters" />
      </div>
      <div className="card">
        <Skeleton lines={8} label="Loading instances" />
      </div>
    </div>
  );
}
