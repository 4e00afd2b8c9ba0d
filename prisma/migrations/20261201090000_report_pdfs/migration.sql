-- A shared report's PDF, rendered once from its immutable snapshot and kept (lib/reports/report-pdf.ts).
-- CreateTable
CREATE TABLE "report_pdf" (
    "report_id" TEXT NOT NULL,
    "pdf" BYTEA NOT NULL,
    "rendered_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "report_pdf_pkey" PRIMARY KEY ("report_id")
);

-- AddForeignKey
ALTER TABLE "report_pdf" ADD CONSTRAINT "report_pdf_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE CASCADE ON UPDATE CASCADE;
