import { Badge } from "@/components/ui/badge";
import type { Forecast } from "@/lib/domain/forecast";

export function forecastSentence(forecast: Forecast): string {
  switch (forecast.kind) {
    case "no-data":
      return `Not enough data to project a completion date: ${forecast.reason}`;
    case "no-progress":
      return `No progress: ${forecast.reason}`;
    case "projected":
      return `Projected to reach zero on ${forecast.completionDay} (likely between ${forecast.earliestDay} and ${
        forecast.latestDay
      }), at ${Math.abs(Math.round(forecast.slopePerDay * 10) / 10)} fewer per day over the last ${forecast.basedOnDays} days.`;
  }
}

const LABELS: Record<Forecast["kind"], string> = {
  "no-data": "not enough data",
  "no-progress": "no progress",
  projected: "projected",
};

export function ForecastSummary({ forecast }: { forecast: Forecast }) {
  return (
    <p className="forecast" data-testid="forecast" data-kind={forecast.kind}>
      <Badge tone={forecast.kind === "projected" ? "success" : forecast.kind === "no-progress" ? "warning" : "neutral"}>
        {LABELS[forecast.kind]}
      </Badge>{" "}
      <span data-testid="forecast-text">{forecastSentence(forecast)}</span>
    </p>
  );
}
