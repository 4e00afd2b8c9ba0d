/**
 * A refusal the simulator returns in the caller's wire protocol. Handlers throw it; each protocol
 * module renders it (EC2 XML, CloudWatch JSON/XML, STS XML, Organizations JSON).
 */
export class SimError extends Error {
  readonly code: string;
  readonly status: number;
  /** "Sender" (client fault) or "Receiver" (server fault), as query-protocol errors report it. */
  readonly fault: "Sender" | "Receiver";

  constructor(code: string, message: string, status = 400, fault?: "Sender" | "Receiver") {
    super(message);
    this.name = "SimError";
    this.code = code;
    this.status = status;
    this.fault = fault ?? (status >= 500 ? "Receiver" : "Sender");
  }
}

export function invalidParameter(message: string): SimError {
  return new SimError("InvalidParameterValue", message, 400);
}
