import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/lib/audit/csv";

describe("audit CSV cells", () => {
  it("neutralise cells a spreadsheet would run as formulas (= + - @, tab, carriage return)", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("quote commas, quotes, line breaks and edge spaces (RFC 4180); empty for null", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvRow(["a", null, "b,c"])).toBe('a,,"b,c"\r\n');
  });
});
