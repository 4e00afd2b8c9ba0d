import { readFileSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PolicyTable } from "@/components/guardrail/policy-table";
import { evaluateGuard } from "@/lib/terraform-guard/evaluate";
import { parsePlanText } from "@/lib/terraform-guard/plan";
import { toJsonReport } from "@/lib/terraform-guard/render-json";

const plan = readFileSync(path.join(import.meta.dirname, "../../../lib/terraform-guard/fixtures/plans/seed-fail.json"), "utf8");
const report = toJsonReport(evaluateGuard(parsePlanText(plan, "plan.json")), "plan.json");
const render = (canChange: boolean) =>
  renderToStaticMarkup(
    createElement(PolicyTable, { result: report.policies[0]!, canChange, onWaive: () => undefined }),
  );

describe("the Guardrail page's policy table", () => {
  it("offers Waive to an operator and not to a viewer, who still sees the violation", () => {
    expect(render(true)).toContain(">Waive</button>");
    expect(render(true)).toContain('aria-label="Waive ec2-metadata-imdsv2-required for aws_instance.example"');
    const viewer = render(false);
    expect(viewer).not.toContain(">Waive</button>");
    expect(viewer).not.toContain('aria-label="Waive ');
    expect(viewer).toContain("aws_instance.example");
    expect(viewer).toContain(">failed<");
  });

  it("says 1 violation, and names a policy that found no resource of its type instead of a bare Pass", () => {
    expect(render(false)).toContain("1 checked · 1 violation<");
    const templates = renderToStaticMarkup(
      createElement(PolicyTable, { result: report.policies[2]!, canChange: false, onWaive: () => undefined }),
    );
    expect(templates).toContain(">No resources of this type<");
    expect(templates).not.toContain(">Pass<");
    expect(report.policies[2]!.summary).toBe("Pass, no resources of this type");
    expect(report.policies[0]!.summary).toBe("Fail, 1 violation");
  });
});
