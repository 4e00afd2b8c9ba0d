import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="card">
      <Skeleton lines={4} label="Loading the overview" />
    </div>
  );
}
