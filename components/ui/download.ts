/** Hands text to the browser as a file download; runs only in event handlers. */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has already handed the blob to the download manager; free it on the next tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
