import type { Db } from "@/lib/db/conn/types";

// A report's rendered PDF. Written once per report and never updated: the snapshot it prints is
// frozen, so whichever render finishes first is the report's PDF.

export async function findReportPdf(db: Db, reportId: string): Promise<Buffer | null> {
  const row = await db.reportPdf.findUnique({ where: { reportId }, select: { pdf: true } });
  return row ? Buffer.from(row.pdf) : null;
}

/** Keeps the first PDF stored for a report (a concurrent or repeated render is dropped) and returns it. */
export async function saveReportPdf(db: Db, reportId: string, pdf: Buffer, renderedAt: Date): Promise<Buffer> {
  await db.reportPdf.createMany({
    data: [{ reportId, pdf: new Uint8Array(pdf), renderedAt }],
    skipDuplicates: true,
  });
  const stored = await findReportPdf(db, reportId);
  if (!stored) throw new Error(`The PDF of report ${reportId} was not stored (was the report deleted?).`);
  return stored;
}
