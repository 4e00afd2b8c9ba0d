import { Badge } from "@/components/ui/badge";

export type ForecastView =
  | { kind: "no-data"; reason: string }
  | { kind: "no-progress"; slopePerDay: number; reason: string }
  | {
      kind: "projected";
      completionDay: string;
      earliestDay: string;
      latestDay: string;
      slopePerDay: number;
      basedOnDays: number;
    };

/** The forecast in one sentence (also the burndown chart's caption). */
export function forecastSentence(forecast: ForecastView): string {
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

const LABELS: Record<ForecastView["kind"], string> = {
  "no-data": "not enough data",
  "no-progress": "no progress",
  projected: "projected",
};

export function ForecastSummary({ forecast }: { forecast: ForecastView }) {
  return (
    <p className="forecast" data-testid="forecast" data-kind={forecast.kind}>
      <Badge tone={forecast.kind === "projected" ? "success" : forecast.kind === "no-progress" ? "warning" : "neutral"}>
        {LABELS[forecast.kind]}
      </Badge>{" "}
      <span data-testid="forecast-text">{forecastSentence(forecast)}</span>
    </p>
  );
}
