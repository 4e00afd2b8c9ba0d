import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import UnknownReportLink, { metadata } from "./not-found";

// What a reader of a never-issued report link sees (the page calls notFound(): Next answers 404
// with this segment's not-found page, not the dashboard's generic one).
describe("an unknown report link", () => {
  it("says the link is unknown, why that happens and what to do", () => {
    const html = renderToStaticMarkup(createElement(UnknownReportLink));
    expect(html).toContain("This report link is unknown");
    expect(html).toContain("never issued here, or it was mistyped or cut short");
    expect(html).toContain("Ask the person who shared it to send the link again");
    expect(html).not.toContain("no longer available");
    expect(metadata).toMatchObject({ title: "Unknown report link", robots: { index: false } });
  });
});
