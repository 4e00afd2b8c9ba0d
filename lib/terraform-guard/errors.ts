// The one error the guardrail engine throws: the input cannot be read as a plan. It names the file
// and where in it reading broke (a JSON path such as $.planned_values.root_module.resources[3], or
// a line and column), so a pipeline log says what to fix.

export class InputError extends Error {
  constructor(
    /** The input's name as the user gave it ("plan.json", "infra/", "pasted plan"). */
    readonly source: string,
    /** Where it broke: "$.planned_values.root_module", "line 3 column 7", or null for the whole input. */
    readonly at: string | null,
    /** What is wrong there, e.g. "expected an object". */
    readonly problem: string,
  ) {
    super(`${source}: ${at ? `${at}: ` : ""}${problem}`);
    this.name = "InputError";
  }
}
