import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="stack">
      <div className="card">
        <Skeleton lines={3} label="Loading the page" />
      </div>
      <div className="card">
        <Skeleton lines={6} label="Loading charts" />
      </div>
    </div>
  );
}
