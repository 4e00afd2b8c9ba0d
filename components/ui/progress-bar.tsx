/**
 * Determinate progress: `value` of `max`. Screen readers get aria-valuenow/max and the same
 * text that is shown under the bar.
 */
export function ProgressBar({
  value,
  max,
  label,
  text,
  tone = "info",
}: {
  value: number;
  max: number;
  label: string;
  text: string;
  tone?: "info" | "success" | "warning" | "danger";
}) {
  const clamped = Math.min(Math.max(value, 0), Math.max(max, 0));
  const width = max > 0 ? (clamped / max) * 100 : 0;
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={clamped}
        aria-valuetext={text}
      >
        <div className={`progress-fill progress-${tone}`} style={{ width: `${width}%` }} />
      </div>
      <div className="progress-text">{text}</div>
    </div>
  );
}
