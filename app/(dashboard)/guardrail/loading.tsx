import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="card">
      <Skeleton lines={6} label="Loading the guardrail" />
    </div>
  );
}
