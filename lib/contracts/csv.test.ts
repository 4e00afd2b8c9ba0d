import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, parseCsv, toCsv, type CsvColumn } from "./csv";

interface Row {
  account: string;
  instances: number | null;
  error?: string;
}

const columns: CsvColumn<Row>[] = [
  { header: "account", value: (row) => row.account },
  { header: "instances", value: (row) => row.instances },
  { header: "error", value: (row) => row.error },
];

describe("toCsv", () => {
  it("writes a header and one CRLF-terminated line per row", () => {
    const csv = toCsv([{ account: "111122223333", instances: 4 }], columns);
    expect(csv).toBe("account,instances,error\r\n111122223333,4,\r\n");
  });

  it("writes only the header for no rows", () => {
    expect(toCsv([], columns)).toBe("account,instances,error\r\n");
  });

  it("quotes commas, quotes and line breaks, doubling inner quotes", () => {
    const csv = toCsv([{ account: 'a "b", c', instances: null, error: "line1\nline2" }], columns);
    expect(csv).toBe('account,instances,error\r\n"a ""b"", c",,"line1\nline2"\r\n');
  });

  it("neutralises text that a spreadsheet would run as a formula, but not numbers", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe("-3");
    expect(csvField("us-east-1")).toBe("us-east-1");
  });

  it("writes empty cells for null, undefined and non-finite numbers", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(true)).toBe("true");
  });

  it("round-trips any text through parseCsv", () => {
    const safeText = fc.string({ unit: "grapheme" }).filter((text) => !/^[=+\-@\t\r]/.test(text));
    fc.assert(
      fc.property(fc.array(fc.tuple(safeText, safeText), { maxLength: 20 }), (pairs) => {
        const rows = pairs.map(([a, b]) => ({ a, b }));
        const csv = toCsv(rows, [
          { header: "a", value: (row) => row.a },
          { header: "b", value: (row) => row.b },
        ]);
        expect(parseCsv(csv)).toEqual([["a", "b"], ...pairs]);
      }),
    );
  });
});
