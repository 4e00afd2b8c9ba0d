/** A CSV download: text or a stream, never cached (it is a view of live or private data). */
export function csvResponse(
  body: string | ReadableStream<Uint8Array | string>,
  filename: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body as BodyInit, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      ...headers,
    },
  });
}
