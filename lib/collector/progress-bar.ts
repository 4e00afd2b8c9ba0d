/** A one-line progress bar for terminals; on a non-TTY (CI logs) it prints one line per update. */
export function renderProgress(progress: { done: number; total: number; failed: number }, width = 30): string {
  const ratio = progress.total === 0 ? 1 : progress.done / progress.total;
  const filled = Math.round(ratio * width);
  const failed = progress.failed ? `, ${progress.failed} failed` : "";
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${progress.done}/${progress.total} account-regions${failed}`;
}
